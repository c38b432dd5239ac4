import type { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { podSetFromChart, seconds } from './pod-set-fixture.ts';

// A Pod whose app starts before its member (ordinary containers start in any order).
let pods: LocalPodSet;

afterAll(() => pods?.stopAll());

describe('an app started before its member, in a Pod joining a running cluster', () => {
  it('does not crash, is live and not ready, then ready once its member has joined', async () => {
    pods = await podSetFromChart('late-member', '127.0.7', { set: { replicaCount: 2 } });
    await pods.start(1);

    // The second Pod, by hand: its app first.
    await pods.scaleUpWith(async (pod) => {
      const app = pod.startApp();
      await app.waitForStatus('/health/live', 200);
      expect(await app.status('/health/ready')).toBe(503);
      await new Promise((settle) => setTimeout(settle, 2_000));
      expect(app.isRunning()).toBe(true);
      expect(await app.status('/health/ready')).toBe(503);

      const memberStart = Date.now();
      const member = pod.startMember();
      await app.waitForStatus('/health/ready', 200, 120_000);
      console.log(`member start to app ready: ${seconds(memberStart)} s`);
      await waitFor('a cluster of 2', async () => (await member.clusterSize()) === 2, { timeoutMs: 60_000 });
    });
    expect(pods.pods[1].ready).toBe(true);
  });
});
