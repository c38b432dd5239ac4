import type { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import type { LocalRelease } from '../../tools/pod-runtime/release.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { renderChart } from '../../tools/pod-runtime/chart.ts';
import { missingKeys, seconds, writeKeys } from '../pods/pod-set-fixture.ts';
import { clusterSafe, releaseFromChart, TOPOLOGIES } from './release-fixture.ts';

// Scaling as the chart's HPA allows it: out 2 -> 4 and in 4 -> 2, one Pod a step, each step done
// once the cluster is safe again (what the scale-down period waits for), with 10,000 keys written
// before and read back after. Sidecar: the app's Pods bring their members. client-server: the
// members and the apps scale each on their own.
const KEYS = 10_000;
const MAP = 'scaling';
const STEP_TIMEOUT_MS = 180_000;

/** Which Pods were not ready, and for how long at most, after they had first been ready. */
class ReadinessWatch {
  longestMs = 0;
  private readonly since = new Map<string, number>();
  private readonly seenReady = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(sets: LocalPodSet[]) {
    this.timer = setInterval(() => this.sample(sets), 50);
  }

  private sample(sets: LocalPodSet[]) {
    const now = Date.now();
    for (const pod of sets.flatMap((set) => set.pods)) {
      if (pod.ready) {
        this.seenReady.add(pod.name);
        this.since.delete(pod.name);
      } else if (this.seenReady.has(pod.name)) {
        const since = this.since.get(pod.name) ?? now;
        this.since.set(pod.name, since);
        this.longestMs = Math.max(this.longestMs, now - since);
      }
    }
  }

  stop() {
    clearInterval(this.timer);
  }
}

describe.each([
  ['sidecar', ['127.0.43', '127.0.43']],
  ['client-server', ['127.0.44', '127.0.45']],
] as const)('scaling in the %s topology', (topology, prefixes) => {
  let release: LocalRelease;
  let periodSeconds: number;
  let podsPerStep: number;
  let longestScaleInMs = 0;
  let watch: ReadinessWatch | undefined;
  afterAll(async () => {
    watch?.stop();
    await release?.stopAll();
  });

  const memberProcesses = () => release.members.pods.flatMap((pod) => (pod.member ? [pod.member] : []));
  const untilSafe = async (size: number) =>
    waitFor(`a safe cluster of ${size}`, async () => clusterSafe(memberProcesses(), size), { timeoutMs: STEP_TIMEOUT_MS, intervalMs: 100 });

  /** One step of the HPA's policy: a Pod added or removed gracefully, then the cluster safe again. */
  async function step(set: LocalPodSet, direction: 'out' | 'in') {
    const started = Date.now();
    if (direction === 'out') await set.scaleUp();
    else await set.scaleDown();
    await untilSafe(release.members.pods.length);
    const stepMs = Date.now() - started;
    // A member leaving hands its partitions over: what the HPA's scale-down period must cover.
    if (set === release.members && direction === 'in') longestScaleInMs = Math.max(longestScaleInMs, stepMs);
    console.log(`${topology}: ${set.template.name} scaled ${direction} to ${set.pods.length} in ${(stepMs / 1000).toFixed(1)} s`);
  }

  it('renders an HPA whose scale-down removes one Pod per period; starts 2 Pods (and 2 members) and writes 10,000 keys', async () => {
    const set = { ...TOPOLOGIES[topology], 'autoscaling.enabled': true, 'clientServer.memberAutoscaling.enabled': topology === 'client-server' };
    const manifests = await renderChart({ set: { ...set, 'clientServer.memberAutoscaling.minReplicas': 2 } });
    const [policy] = manifests.find((manifest) => manifest.kind === 'HorizontalPodAutoscaler').spec.behavior.scaleDown.policies;
    ({ periodSeconds, value: podsPerStep } = policy);
    expect(podsPerStep).toBe(1);
    release = await releaseFromChart(`scaling-${topology}`, [...prefixes], { set: { ...set, 'clientServer.memberAutoscaling.minReplicas': 2 } });
    await release.start({ apps: 2, members: 2 });
    await untilSafe(2);
    expect(await writeKeys(release.apps.pods, MAP, KEYS)).toBe(KEYS);
    watch = new ReadinessWatch([release.apps, release.members]);
  }, 600_000);

  it('scales out from 2 to 4, one Pod a step', async () => {
    const started = Date.now();
    for (const set of new Set([release.members, release.apps])) {
      while (set.pods.length < 4) await step(set, 'out');
    }
    console.log(`${topology}: scale-out 2 -> 4 in ${seconds(started)} s`);
    expect(release.apps.pods).toHaveLength(4);
    expect(release.members.pods).toHaveLength(4);
  }, 900_000);

  it('scales in from 4 to 2, one Pod a step, each gracefully', async () => {
    const started = Date.now();
    for (const set of new Set([release.apps, release.members])) {
      while (set.pods.length > 2) await step(set, 'in');
    }
    console.log(`${topology}: scale-in 4 -> 2 in ${seconds(started)} s`);
    expect(release.members.pods).toHaveLength(2);
  }, 900_000);

  it("loses none of the 10,000 keys; no Pod was not ready longer than a member's scale-in step took, each within the HPA's period", async () => {
    watch?.stop();
    const missing = await missingKeys(release.apps.pods, MAP, KEYS);
    console.log(
      `${topology}: keys lost ${missing.length}; longest member scale-in step ${(longestScaleInMs / 1000).toFixed(1)} s (HPA period ${periodSeconds} s); longest a Pod was not ready ${((watch?.longestMs ?? 0) / 1000).toFixed(1)} s`,
    );
    expect(missing).toEqual([]);
    expect(watch?.longestMs ?? 0).toBeLessThanOrEqual(longestScaleInMs);
    expect(longestScaleInMs).toBeLessThan(periodSeconds * 1000);
  }, 300_000);
});
