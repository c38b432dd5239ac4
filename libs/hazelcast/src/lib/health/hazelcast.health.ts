import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SplitBrainProtectionError, type Client } from 'hazelcast-client';
import { HazelcastConnectionState } from '../connection-state';
import { HEALTH_MAP_NAME } from '../hazelcast.constants';
import { InjectHazelcastClient } from '../hazelcast.decorators';
import { ClusterSizeExpectation, type ClusterSizeOptions } from './cluster-size';

export interface HazelcastPingOptions {
  /** The round trip must finish within this time. */
  timeoutMs?: number;
  /**
   * Also down while the member's cluster is smaller than expected: an island that would serve its
   * own data. With a minimum above 1 the round trip counts a split-brain-protection refusal as the
   * member's answer.
   */
  cluster?: ClusterSizeOptions;
}

@Injectable()
export class HazelcastHealthIndicator {
  private readonly clusterSize = new ClusterSizeExpectation();

  constructor(
    @InjectHazelcastClient() private readonly client: Client,
    private readonly state: HazelcastConnectionState,
    private readonly health: HealthIndicatorService,
  ) {
    client.getCluster().addMembershipListener({
      memberAdded: (event) => this.clusterSize.observe(event.members.length),
      memberRemoved: () => undefined,
    });
  }

  /** Up when the client is connected, a map read comes back in time and, with `cluster`, the cluster is large enough. */
  async pingCheck(key: string, { timeoutMs = 1_000, cluster }: HazelcastPingOptions = {}) {
    const indicator = this.health.check(key);
    if (!this.state.isConnected()) {
      return indicator.down({ message: `not connected to the Hazelcast member (${this.state.describe()})` });
    }
    try {
      // Only a minimum above 1 is the members' protection: a refusal below that is a misfit, not a size.
      await withTimeout(this.roundTrip(cluster !== undefined && cluster.minimumMembers > 1), timeoutMs);
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
    const members = this.client.getCluster().getMembers().length;
    const shortfall = cluster && this.clusterSize.shortfall(members, cluster);
    return shortfall ? indicator.down({ members, message: shortfall }) : indicator.up({ members });
  }

  private async roundTrip(sizeDecides: boolean): Promise<void> {
    const map = await this.client.getMap<string, string>(HEALTH_MAP_NAME);
    try {
      await map.get('ping');
    } catch (error) {
      // The member answered: it refuses below its minimum, which the size check judges itself.
      if (!(sizeDecides && error instanceof SplitBrainProtectionError)) throw error;
    }
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${timeoutMs}ms exceeded`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
