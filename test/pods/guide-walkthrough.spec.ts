import type { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import { podSetFromChart, seconds } from './pod-set-fixture.ts';

// The classic sidecar guide, step by step, on the chart's default values with 2 replicas.
let pods: LocalPodSet;

afterAll(() => pods?.stopAll());

describe("the guide's walkthrough on 2 Pods rendered from the chart", () => {
  it('starts 2 Pods whose members form one cluster of 2, each app ready', async () => {
    pods = await podSetFromChart('walkthrough', '127.0.5', { set: { replicaCount: 2 } });
    const started = Date.now();
    await pods.start(2);
    console.log(`2 Pods ready in ${seconds(started)} s`);
    for (const pod of pods.pods) {
      expect(await pod.member?.clusterSize()).toBe(2);
      expect(pod.ready).toBe(true);
      expect(await pod.app?.status('/health/ready')).toBe(200);
    }
  });

  it('reads through Pod 1 what was put through Pod 0', async () => {
    const [pod0, pod1] = pods.pods;
    expect((await fetch(`${pod0.appUrl}/put?key=someKey&value=someValue`)).status).toBe(200);
    expect(await (await fetch(`${pod1.appUrl}/get?key=someKey`)).text()).toBe('someValue');
  });
});
