import type { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { missingKeys, podSetFromChart, seconds, writeKeys } from './pod-set-fixture.ts';

// 3 Pods from the chart's defaults (backup count 1; split-brain minimum 1, see below) and 10,000 keys written through the API; then
// the faults a cluster meets, each followed by reading every key back. The goal is 0 keys lost.
const KEYS = 10_000;
const MAP = 'safety';
let pods: LocalPodSet;

afterAll(() => pods?.stopAll());

describe('10,000 keys on 3 Pods through faults', () => {
  it('writes 10,000 keys through the API of 3 Pods', async () => {
    // The test scales the release down to 1 Pod, so it runs with a split-brain minimum of 1: the
    // default majority (2) would refuse map calls below 2 members (test/pods/islands.spec.ts).
    pods = await podSetFromChart('safety', '127.0.6', { set: { replicaCount: 3, 'splitBrain.minimumClusterSize': 1 } });
    await pods.start(3);
    const started = Date.now();
    const acknowledged = await writeKeys(pods.pods, MAP, KEYS);
    console.log(`keys written: ${acknowledged} of ${KEYS} in ${seconds(started)} s`);
    expect(acknowledged).toBe(KEYS);
  });

  it("keeps every key through a SIGKILL of one Pod's member; that Pod is not ready but live, then ready again", async () => {
    const [pod0, pod1, pod2] = pods.pods;
    const killedAt = Date.now();
    await pod1.killMember();
    await pod1.app?.waitForStatus('/health/ready', 503, 10_000);
    expect(await pod1.app?.status('/health/live')).toBe(200);
    // Reads go through the surviving Pods while the cluster repairs itself.
    const missing = await missingKeys([pod0, pod2], MAP, KEYS);
    console.log(`member killed: keys read back ${KEYS - missing.length} of ${KEYS}, lost ${missing.length}, in ${seconds(killedAt)} s`);
    expect(missing).toEqual([]);

    const restartedAt = Date.now();
    pod1.startMember();
    await pod1.app?.waitForStatus('/health/ready', 200, 120_000);
    await waitFor('the restarted member to rejoin', async () => (await pod1.member?.clusterSize()) === 3, { timeoutMs: 60_000 });
    await pod1.waitUntilReady();
    console.log(`member restart to app ready: ${seconds(restartedAt)} s`);
  });

  it('keeps every key through a rolling restart, with at least one Pod ready at every moment', async () => {
    let fewestReady = pods.readyCount();
    const sampler = setInterval(() => (fewestReady = Math.min(fewestReady, pods.readyCount())), 50);
    const started = Date.now();
    try {
      await pods.rollingRestart((pod) => console.log(`rolled ${pod.name} at ${seconds(started)} s`));
    } finally {
      clearInterval(sampler);
    }
    console.log(`rolling restart of 3 Pods: ${seconds(started)} s, fewest Pods ready at once: ${fewestReady}`);
    expect(fewestReady).toBeGreaterThanOrEqual(1);
    const missing = await missingKeys(pods.pods, MAP, KEYS);
    console.log(`after the rolling restart: keys lost ${missing.length}`);
    expect(missing).toEqual([]);
  });

  it('keeps every key through a graceful scale-down from 3 to 1, one Pod at a time', async () => {
    const started = Date.now();
    await pods.scaleDown();
    await pods.scaleDown();
    const missing = await missingKeys(pods.pods, MAP, KEYS);
    console.log(`scale-down 3 to 1 in ${seconds(started)} s: keys lost ${missing.length}`);
    expect(pods.pods).toHaveLength(1);
    expect(await pods.pods[0].member?.clusterSize()).toBe(1);
    expect(missing).toEqual([]);
  });
});
