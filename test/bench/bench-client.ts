// A hazelcast-client built the way the app builds its own (libs/hazelcast's hazelcastClientProvider):
// the same configuration function and, for a unisocket client, the same binding to its members.
import { Client, LifecycleState } from 'hazelcast-client';
import { loadHazelcastLib } from './hazelcast-lib.ts';

export interface BenchClientOptions {
  members: string[];
  clusterName?: string;
  smartRouting?: boolean;
  /**
   * Smart routing only: open the connections to every member now. hazelcast-client 5.7.0 does that
   * only when asyncStart is false (HazelcastClient.init calls connectToAllClusterMembers in that
   * branch alone), so the app's asyncStart client stays on one connection, yet asks members to send
   * backup acks to it directly: each backed-up put then waits the 5 s backup-ack timeout.
   */
  connectAllMembers?: boolean;
}

interface ConnectionManagerInternals {
  connectToAllClusterMembers(): Promise<void>;
}

/** Resolves once the client is connected (the app's asyncStart client resolves before that). */
export async function connectBenchClient(options: BenchClientOptions): Promise<Client> {
  const { buildClientConfig, restrictToConfiguredMembers } = await loadHazelcastLib();
  let markConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const config = buildClientConfig(
    {
      clusterMembers: options.members,
      clusterName: options.clusterName ?? 'dev',
      smartRouting: options.smartRouting ?? false,
    },
    (state) => {
      if (state === LifecycleState.CONNECTED) markConnected();
    },
  );
  const client = await Client.newHazelcastClient(config);
  if (!options.smartRouting) restrictToConfiguredMembers(client, options.members);
  await connected;
  if (options.smartRouting && options.connectAllMembers) {
    const manager = (client as unknown as { getConnectionManager(): ConnectionManagerInternals }).getConnectionManager();
    await manager.connectToAllClusterMembers();
  }
  return client;
}
