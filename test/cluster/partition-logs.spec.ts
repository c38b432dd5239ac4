import { mergesEnded, splitEvents } from './partition-logs.ts';

// Lines as a 5.7.0 member in a Pod of the 5-Pod case wrote them (java.util.logging: time and class, then the message).
const log = [
  'Dec 01, 2026 11:58:01 PM com.hazelcast.internal.cluster.impl.ClusterHeartbeatManager',
  'WARNING: [10.244.0.4]:5701 [dev] [5.7.0] Suspecting Member [10.244.0.1]:5701 - 415e6f95 because it has not sent any heartbeats',
  'Dec 01, 2026 11:58:01 PM com.hazelcast.internal.server.tcp.TcpServerConnection',
  'INFO: [10.244.0.4]:5701 [dev] [5.7.0] Connection[id=3, /10.244.0.4:55835->/10.244.0.1:5701] closed. Reason: Suspecting Member [10.244.0.1]:5701',
  'Dec 01, 2026 11:58:02 PM com.hazelcast.internal.partition.impl.MigrationManagerImpl',
  'INFO: [10.244.0.4]:5701 [dev] [5.7.0] Successfully promoted 163 backups on 2 members in 302 ms',
  'Dec 01, 2026 11:58:19 PM com.hazelcast.core.LifecycleService',
  'INFO: [10.244.0.4]:5701 [dev] [5.7.0] [10.244.0.4]:5701 is MERGING',
  'Dec 01, 2026 11:58:22 PM com.hazelcast.core.LifecycleService',
  'INFO: [10.244.0.4]:5701 [dev] [5.7.0] [10.244.0.4]:5701 is MERGED',
].join('\n');

describe("a member's log read for a split", () => {
  it('keeps the suspicions, promotions and merges with their times, not the connection closes they cause', () => {
    expect(splitEvents(log)).toEqual([
      '11:58:01 PM WARNING: Suspecting Member [10.244.0.1]:5701 - 415e6f95 because it has not sent any heartbeats',
      '11:58:02 PM INFO: Successfully promoted 163 backups on 2 members in 302 ms',
      '11:58:19 PM INFO: [10.244.0.4]:5701 is MERGING',
      '11:58:22 PM INFO: [10.244.0.4]:5701 is MERGED',
    ]);
  });

  it('counts a merge as ended only once the member logged "is MERGED", not "is MERGING"', () => {
    expect(mergesEnded(log.split('\n').slice(0, 8).join('\n'))).toBe(0);
    expect(mergesEnded(log)).toBe(1);
    expect(mergesEnded(`${log}\n${log}`)).toBe(2);
  });
});
