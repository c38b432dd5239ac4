import type { ClientConfig } from 'hazelcast-client';

export interface HazelcastModuleOptions {
  /** Member addresses as host:port. The sidecar's is its own Pod's member, 127.0.0.1:5701. */
  clusterMembers: string[];
  clusterName: string;
  /**
   * false (the sidecar default): one connection, to the configured member only, never to the other
   * Pods' members. true: the client routes each call to the member that owns the key.
   */
  smartRouting?: boolean;
  /** How long one map call may take, retries included, before it fails (and the API answers 503). */
  invocationTimeoutMs?: number;
  /** How long one connection attempt to the member may take. */
  connectionTimeoutMs?: number;
  /** Longest pause between reconnection attempts while the member is away. */
  maxReconnectBackoffMs?: number;
  /** More hazelcast-client configuration (a near cache, say), merged over what the options above build. */
  clientConfig?: ClientConfig;
}
