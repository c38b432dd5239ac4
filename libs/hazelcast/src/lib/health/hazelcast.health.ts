import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Client } from 'hazelcast-client';
import { HazelcastConnectionState } from '../connection-state';
import { HEALTH_MAP_NAME } from '../hazelcast.constants';
import { InjectHazelcastClient } from '../hazelcast.decorators';

export interface HazelcastPingOptions {
  /** The round trip must finish within this time. */
  timeoutMs?: number;
}

@Injectable()
export class HazelcastHealthIndicator {
  constructor(
    @InjectHazelcastClient() private readonly client: Client,
    private readonly state: HazelcastConnectionState,
    private readonly health: HealthIndicatorService,
  ) {}

  /** Up when the client is connected to its member and a map read comes back within the timeout. */
  async pingCheck(key: string, { timeoutMs = 1_000 }: HazelcastPingOptions = {}) {
    const indicator = this.health.check(key);
    if (!this.state.isConnected()) {
      return indicator.down({ message: `not connected to the Hazelcast member (${this.state.describe()})` });
    }
    try {
      await withTimeout(this.roundTrip(), timeoutMs);
      return indicator.up({ members: this.client.getCluster().getMembers().length });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async roundTrip(): Promise<void> {
    const map = await this.client.getMap<string, string>(HEALTH_MAP_NAME);
    await map.get('ping');
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${timeoutMs}ms exceeded`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
