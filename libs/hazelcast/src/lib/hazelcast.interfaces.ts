import type { ClientConfig, ReconnectMode } from 'hazelcast-client';

/**
 * What HazelcastModule.forRoot takes. Every field is optional; the defaults fit a sidecar app whose
 * member runs in its own Pod at 127.0.0.1:5701. `clientConfig` is merged over what the others build.
 */
export interface HazelcastModuleOptions {
  /** Member addresses as host:port. Default `['127.0.0.1:5701']`, the sidecar's own member. */
  clusterMembers?: string[];
  /** Default `'dev'`, the member's own default. */
  clusterName?: string;
  /**
   * Default false: one connection, to the configured member only. true: the client connects to every
   * member and sends each call to the member that owns the key.
   */
  smartRouting?: boolean;
  /**
   * Keep the client on the configured members even after it has learnt the others' addresses, so
   * that an app whose member died waits for it instead of moving to another Pod's member.
   * Default: true without smart routing; it cannot be combined with smart routing.
   */
  bindToConfiguredMember?: boolean;
  /**
   * Default true: the client (and so the app) starts before any member answers, and calls fail with
   * ClientOfflineError until it connects. false: the app's start waits for a member.
   */
  asyncStart?: boolean;
  /**
   * Default ASYNC: after a disconnect, calls fail at once while the client reconnects in the
   * background. ON makes them wait (up to the invocation timeout); OFF shuts the client down.
   */
  reconnectMode?: ReconnectMode;
  /**
   * Default false: members send no backup acknowledgements to the client. With smart routing and
   * asyncStart, acks from members the client has not connected to yet would never arrive and every
   * backed-up write would wait out the backup-ack timeout.
   */
  backupAcks?: boolean;
  /**
   * How long one call may take, retries included, before it fails; HazelcastDeadlineInterceptor
   * also fails a request with no answer by then (a hung member). Default 2000.
   */
  invocationTimeoutMs?: number;
  /** How long one connection attempt to a member may take. Default 5000. */
  connectionTimeoutMs?: number;
  /** Longest pause between reconnection attempts while no member answers. Default 2000. */
  maxReconnectBackoffMs?: number;
  /**
   * How long the connection may stay silent (no answer, not even to heartbeats) before the client
   * drops it and reconnects (`hazelcast.client.heartbeat.timeout`). Default 15000.
   */
  heartbeatTimeoutMs?: number;
  /**
   * Any other hazelcast-client configuration, merged over what the options above build: a field it
   * sets wins, `network`, `connectionStrategy`, `connectionRetry` and `properties` are merged key by
   * key, and its `lifecycleListeners` run after the module's own.
   */
  clientConfig?: ClientConfig;
}
