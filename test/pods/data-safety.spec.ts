import type { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import { missingKeys, podSetFromChart, seconds, writeKeys } from './pod-set-fixture.ts';

// 3 Pods from the chart's defaults (backup count 1; split-brain minimum 1, see below) and 10,000 keys
// written through the API, then scaled down to 1 gracefully and every key read back (issue 4). The
// same Pods through a SIGKILL, a rolling restart and a 3 -> 2 scale-down under load are
// test/faults/fault-cases.spec.ts.
const KEYS = 10_000;
const MAP = 'safety';
let pods: LocalPodSet;

afterAll(() => pods?.stopAll());

describe('10,000 keys on 3 Pods scaled down to 1', () => {
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
