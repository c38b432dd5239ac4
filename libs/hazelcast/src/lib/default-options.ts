import type { HazelcastModuleOptions } from './hazelcast.interfaces';

export const defaultOptions: Required<Omit<HazelcastModuleOptions, 'clientConfig'>> = {
  // An IPv4 literal: `localhost` may resolve to ::1, where the member does not listen.
  clusterMembers: ['127.0.0.1:5701'],
  clusterName: 'dev',
  smartRouting: false,
  invocationTimeoutMs: 10_000,
  connectionTimeoutMs: 5_000,
  maxReconnectBackoffMs: 2_000,
};
