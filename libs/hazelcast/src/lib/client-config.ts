import type { ClientConfig, LifecycleState } from 'hazelcast-client';
import { NestClientLogger } from './client-logger';
import { resolveOptions } from './default-options';
import type { HazelcastModuleOptions } from './hazelcast.interfaces';

/** The hazelcast-client configuration the module's options describe, clientConfig merged over it. */
export function buildClientConfig(
  options: HazelcastModuleOptions,
  onLifecycleState: (state: LifecycleState) => void,
): ClientConfig {
  const settings = resolveOptions(options);
  const extra = options.clientConfig ?? {};
  const properties = {
    'hazelcast.client.invocation.timeout.millis': settings.invocationTimeoutMs,
    'hazelcast.client.heartbeat.timeout': settings.heartbeatTimeoutMs,
    'hazelcast.logging.level': 'WARN',
    ...extra.properties,
  };
  return {
    ...extra,
    clusterName: extra.clusterName ?? settings.clusterName,
    network: {
      clusterMembers: settings.clusterMembers,
      smartRouting: settings.smartRouting,
      connectionTimeout: settings.connectionTimeoutMs,
      ...extra.network,
    },
    connectionStrategy: {
      asyncStart: settings.asyncStart,
      reconnectMode: settings.reconnectMode,
      ...extra.connectionStrategy,
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
    backupAckToClientEnabled: extra.backupAckToClientEnabled ?? settings.backupAcks,
    properties,
    customLogger: extra.customLogger ?? new NestClientLogger(String(properties['hazelcast.logging.level'])),
    lifecycleListeners: [onLifecycleState, ...(extra.lifecycleListeners ?? [])],
  };
}
