import { ReconnectMode } from 'hazelcast-client';
import type { HazelcastModuleOptions } from './hazelcast.interfaces';

/** The options with their defaults filled in; bindToConfiguredMember follows the final routing. */
export type ResolvedOptions = Required<Omit<HazelcastModuleOptions, 'clientConfig' | 'bindToConfiguredMember'>>;

export const defaultOptions: ResolvedOptions = {
  // An IPv4 literal: `localhost` may resolve to ::1, where the member does not listen.
  clusterMembers: ['127.0.0.1:5701'],
  clusterName: 'dev',
  smartRouting: false,
  // With false and no member up, newHazelcastClient() never resolves and Nest never listens.
  asyncStart: true,
  // With ON, calls during an outage hang until the invocation timeout; ASYNC fails them at once.
  reconnectMode: ReconnectMode.ASYNC,
  backupAcks: false,
  // Also the deadline of a request (HazelcastDeadlineInterceptor): a hung member fails it within this.
  invocationTimeoutMs: 2_000,
  connectionTimeoutMs: 5_000,
  maxReconnectBackoffMs: 2_000,
  // hazelcast-client's 60 s suits a remote cluster; a connection to the Pod's own member that went
  // silent (a firewall, a half-open socket) is dropped and redialled sooner.
  heartbeatTimeoutMs: 15_000,
};

/** Each option the user left out (or set to undefined) takes its default. */
export function resolveOptions(options: HazelcastModuleOptions): ResolvedOptions {
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  return { ...defaultOptions, ...Object.fromEntries(given) };
}
