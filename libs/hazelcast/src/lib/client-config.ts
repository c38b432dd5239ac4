import { ReconnectMode, type ClientConfig, type LifecycleState } from 'hazelcast-client';
import { defaultOptions } from './default-options';
import type { HazelcastModuleOptions } from './hazelcast.interfaces';

/** The hazelcast-client configuration of a sidecar app, from the module's options. */
export function buildClientConfig(
  options: HazelcastModuleOptions,
  onLifecycleState: (state: LifecycleState) => void,
): ClientConfig {
  const settings = { ...defaultOptions, ...options };
  const extra = options.clientConfig ?? {};
  return {
    ...extra,
    clusterName: settings.clusterName,
    network: {
      ...extra.network,
      clusterMembers: settings.clusterMembers,
      smartRouting: settings.smartRouting,
      connectionTimeout: settings.connectionTimeoutMs,
    },
    connectionStrategy: {
      ...extra.connectionStrategy,
      // asyncStart: newHazelcastClient() resolves before a member answers, so the app boots (and
      // answers live) while its member is still starting; with false, Nest would wait forever.
      asyncStart: true,
      // ASYNC: while the member is away, calls fail at once with ClientOfflineError (a 503) instead
      // of hanging until the invocation timeout, and the client keeps reconnecting in the background.
      reconnectMode: ReconnectMode.ASYNC,
      connectionRetry: {
        initialBackoffMillis: 250,
        maxBackoffMillis: settings.maxReconnectBackoffMs,
        multiplier: 1.5,
        jitter: 0.2,
        // -1: never give up; a finite timeout that runs out shuts the client down for good.
        clusterConnectTimeoutMillis: -1,
        ...extra.connectionStrategy?.connectionRetry,
      },
    },
    // Members otherwise send backup acks straight to a smart client; with asyncStart it has not
    // connected to every member, the acks of the others never arrive, and each backed-up put waits
    // out the 5 s backup-ack timeout (measured: 12 puts/s with smart routing). Unisocket clients
    // never ask for these acks, so the sidecar default loses nothing.
    backupAckToClientEnabled: false,
    properties: {
      'hazelcast.client.invocation.timeout.millis': settings.invocationTimeoutMs,
      'hazelcast.logging.level': 'WARN',
      ...extra.properties,
    },
    lifecycleListeners: [onLifecycleState, ...(extra.lifecycleListeners ?? [])],
  };
}
