// Real network partitions of a release on the local cluster (issue 23): the Pods' members find each
// other through the Kubernetes API, callers write through every Pod's app, the links between two
// sides are cut, writing goes on, the cut heals. And the islands discovery forbidden by RBAC makes.
import { Agent } from 'node:http';
import type { Client } from 'hazelcast-client';
import { chartDir } from '../../tools/pod-runtime/paths.ts';
import { sleep, waitFor } from '../../tools/pod-runtime/wait.ts';
import type { ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import type { NodeAgent } from '../../tools/cluster/node-agent/agent.ts';
import { httpGet, Load, verifyWrites, writeInitialKeys, WriteLedger, type Verification } from '../faults/load.ts';
import { inParallel, seconds } from '../pods/pod-set-fixture.ts';
import { connectOtherClient, podAt, writeFigures } from '../support/sidecar.ts';
import { containerLog, helm, installChart, kubectl, podRows, startLocalCluster } from './cluster-fixture.ts';
import { memberClusterSize, Partition, releasePods, type ReleasePod } from './partition.ts';
import { countBy, lostWritesTable, notReadySpans, partitionTable, type Sample, type SideFigures } from './partition-figures.ts';
import { mergesEnded, splitEvents } from './partition-logs.ts';
import { partitionOwners } from './partition-owners.ts';

const release = 'split';
const helmTimeoutMs = 900_000;
// Test timing: a member is dropped after 10 s without heartbeats (60 s by default), and the
// split-brain handler searches for other clusters every 5 s (300 s, then 120 s by default).
const mergeSearchSeconds = 5;
const timing = [
  ['hazelcast.heartbeat.interval.seconds', 1],
  ['hazelcast.max.no.heartbeat.seconds', 10],
  ['hazelcast.merge.first.run.delay.seconds', mergeSearchSeconds],
  ['hazelcast.merge.next.run.delay.seconds', mergeSearchSeconds],
].flatMap(([name, value]) => ['--set', `hazelcast.config.properties.${String(name).replace(/\./g, '\\.')}=${value}`]);
// The app's readiness probe (the chart's defaults): periodSeconds 5 x failureThreshold 2.
const readinessWindowSeconds = 5 * 2;
// Room for a loaded machine: the probe's own timeout, the agent's status patch, kubectl's view.
const readinessMarginSeconds = 10;
const keysPerPod = 100;

interface Side {
  readonly name: 'larger' | 'smaller';
  readonly pods: ReleasePod[];
  readonly ledger: WriteLedger;
  readonly loads: Load[];
}

describe('a release split by a real network partition', () => {
  let plane: ControlPlane;
  let agent: NodeAgent;
  let stop: () => Promise<void>;
  const figures: SideFigures[] = [];

  beforeAll(async () => {
    ({ plane, agent, stop } = await startLocalCluster());
  }, 300_000);
  afterAll(async () => {
    if (figures.length) {
      const markdown = partitionTable(figures);
      console.log(`Partitions (merge policy PutIfAbsentMergePolicy, the chart's default):\n${markdown}`);
      writeFigures('partitions.md', markdown);
    }
    await stop?.();
  }, 120_000);

  const install = (namespace: string, args: string[]) => installChart(plane, release, namespace, [...timing, ...args]);
  const uninstall = async (namespace: string) => expect((await helm(plane, ['uninstall', release, '--namespace', namespace, '--wait'])).code).toBe(0);
  const appUrl = (pod: ReleasePod) => `http://${pod.ip}:5000`;
  const everyPodReady = async (namespace: string) => (await podRows(plane, namespace)).every((row) => row.ready === '2/2' && row.restarts === '0');

  const sample = async (pods: ReleasePod[], namespace: string): Promise<Sample> => {
    const at = Date.now();
    const [sizes, rows] = await Promise.all([Promise.all(pods.map(memberClusterSize)), podRows(plane, namespace)]);
    return { at, sizes, ready: pods.map((pod) => rows.find((row) => row.name === pod.name)?.ready === '2/2') };
  };

  /** key → what a read through `pod` found ('' when empty), or undefined when it failed. */
  const readThrough = async (pod: ReleasePod, keys: string[]) => {
    const found = new Map<string, string | undefined>();
    const agentPool = new Agent({ keepAlive: true, maxSockets: 8 });
    await inParallel(keys.length, 8, async (i) => {
      const answer = await httpGet(`${appUrl(pod)}/get?key=${keys[i]}`, agentPool, 10_000).catch(() => undefined);
      found.set(keys[i], answer?.status === 200 ? answer.body : undefined);
    });
    agentPool.destroy();
    return found;
  };

  const hazelcastLog = (namespace: string, pod: ReleasePod) => containerLog(agent, namespace, pod.name, 'hazelcast');
  // What the members logged of the split and the merge, to read beside a lost write.
  const memberEvents = (namespace: string, pods: ReleasePod[]) =>
    pods.map((pod) => `Pod ${pod.ordinal}'s member:\n${splitEvents(hazelcastLog(namespace, pod)).join('\n')}`).join('\n\n');

  const splitCases: Array<[string, number, number[], number[]]> = [
    ['3 Pods, {0,1} against {2}', 3, [0, 1], [2]],
    ['5 Pods, {0,1,2} against {3,4}', 5, [0, 1, 2], [3, 4]],
  ];

  it.each(splitCases)(
    '%s: the smaller side refuses and leaves the Service, the larger loses no acknowledged write, and after the heal they are one cluster',
    async (caseName, replicas, largerOrdinals, smallerOrdinals) => {
      const namespace = `split-${replicas}`;
      let partition: Partition | undefined;
      let observer: Client | undefined;
      const sides: Side[] = [];
      try {
        await install(namespace, ['--set', `replicaCount=${replicas}`]);
        const pods = await releasePods(plane, namespace);
        expect(pods.map((pod) => pod.ordinal)).toEqual([...Array(replicas).keys()]);
        const keysOf = (pod: ReleasePod) => Array.from({ length: keysPerPod }, (_, i) => `pod${pod.ordinal}-key${i}`);
        for (const [name, ordinals] of [
          ['larger', largerOrdinals],
          ['smaller', smallerOrdinals],
        ] as const) {
          const sidePods = pods.filter((pod) => ordinals.includes(pod.ordinal));
          const ledger = new WriteLedger();
          await writeInitialKeys(appUrl(pods[0]), sidePods.flatMap(keysOf), ledger);
          // Each Pod's callers write its own keys through its app: one writer per key, so each key's writes have one order.
          const loads = sidePods.map(
            (pod) => new Load(ledger, { url: appUrl(pod), clients: 2, ratePerClient: 5, keys: keysOf(pod), putShare: 1, maxDurationMs: 600_000, requestTimeoutMs: 10_000 }),
          );
          sides.push({ name, pods: sidePods, ledger, loads });
        }
        const [larger, smaller] = sides;
        const loads = sides.flatMap((side) => side.loads);
        loads.forEach((load) => load.start());
        // Pod 0 is on the larger side: its member's view of the partition table, before, while and after cut.
        observer = await connectOtherClient(podAt(pods[0].ip));
        const allKeys = pods.flatMap(keysOf);
        await sleep(5_000);
        const ownersBeforeCut = partitionOwners(observer, pods, allKeys);

        // Cut, and watch every member's view and every Pod's readiness until each side sees only itself.
        partition = new Partition(smaller.pods, larger.pods);
        const cutAt = Date.now();
        partition.apply();
        const samples: Sample[] = [];
        const indexOf = (pod: ReleasePod) => pods.indexOf(pod);
        const seesOnlyItsSide = (s: Sample, side: Side) => side.pods.every((pod) => s.sizes[indexOf(pod)] === side.pods.length);
        await waitFor(
          'each side to see only itself and the smaller side to be not Ready',
          async () => {
            const s = await sample(pods, namespace);
            samples.push(s);
            return seesOnlyItsSide(s, larger) && seesOnlyItsSide(s, smaller) && smaller.pods.every((pod) => !s.ready[indexOf(pod)]);
          },
          // Once a second: each sample runs kubectl, whose CPU the Pods need.
          { timeoutMs: 180_000, intervalMs: 1_000 },
        );
        // Writing goes on with both sides settled (the smaller side's callers meet the refusal) while
        // a read through the larger side shows which keys it holds.
        const readWhileCut = await readThrough(larger.pods[0], allKeys);
        const ownersWhileCut = partitionOwners(observer, pods, allKeys);
        await sleep(3_000);
        samples.push(await sample(pods, namespace));
        await Promise.all(loads.map((load) => load.stop()));

        const mergesBefore = smaller.pods.map((pod) => mergesEnded(hazelcastLog(namespace, pod)));
        const healAt = Date.now();
        partition.heal();
        await waitFor('every member to report one cluster of all', async () => (await Promise.all(pods.map(memberClusterSize))).every((size) => size === replicas), {
          timeoutMs: 300_000,
          intervalMs: 500,
        });
        const secondsToOneCluster = seconds(healAt);
        // One cluster is not yet one data set: the smaller side's entries reach the larger side only
        // when its members' merge ends, and a Pod may be Ready (its member joined) before that. Until
        // then the larger side still lacks what it lacked while cut: read it at once, while both are watched.
        const merged = waitFor('the smaller side\'s members to end their merge ("is MERGED")', async () => smaller.pods.every((pod, i) => mergesEnded(hazelcastLog(namespace, pod)) > mergesBefore[i]), {
          timeoutMs: 120_000,
          intervalMs: 500,
        }).then(() => Date.now());
        const ready = waitFor('every Pod Ready again, none restarted', () => everyPodReady(namespace), { timeoutMs: 120_000, intervalMs: 1_000 }).then(() => Date.now());
        const readAfterOneCluster = await readThrough(larger.pods[0], allKeys);
        const [mergedAt, readyAt] = await Promise.all([merged, ready]);
        const afterHeal = (at: number) => Number(((at - healAt) / 1000).toFixed(1));
        const secondsToMerged = afterHeal(mergedAt);
        console.log(`${caseName}: one cluster ${secondsToOneCluster} s after the heal, merged ${secondsToMerged} s after it, every Pod Ready ${afterHeal(readyAt)} s after it`);
        const timeline = { cutAt, healAt, owners: { beforeCut: ownersBeforeCut, whileCut: ownersWhileCut, afterHeal: partitionOwners(observer, pods, allKeys) }, readWhileCut };
        // Every side's keys read back through Pod 0; what was not found as acknowledged is told in full.
        const verifications = new Map<Side, Verification>();
        for (const side of sides) verifications.set(side, await verifyWrites(appUrl(pods[0]), side.ledger));
        const lossReports = sides.flatMap((side) => {
          const { losses } = verifications.get(side) as Verification;
          return losses.length ? [lostWritesTable(side.name, losses, side.ledger.history, timeline)] : [];
        });
        if (lossReports.length) {
          const report = `${caseName}: writes not read back after the heal\n${lossReports.join('\n\n')}\n\n${memberEvents(namespace, pods)}`;
          console.log(report);
          writeFigures(`partitions-lost-${replicas}.md`, report);
        }

        // Per side: what callers saw, when the side noticed, what the merge kept.
        const noticedAt = (pod: ReleasePod, side: Side) => samples.find((s) => s.sizes[indexOf(pod)] === side.pods.length)?.at ?? Infinity;
        for (const side of sides) {
          const sideNoticedAt = Math.max(...side.pods.map((pod) => noticedAt(pod, side)));
          const records = side.loads.flatMap((load) => load.records);
          const accepted = records.filter((r) => r.status === 200);
          // Keys whose last acknowledged write came from the callers during the split (not the first write).
          const written = [...side.ledger.acknowledged].filter(([, value]) => !value.endsWith('@initial')).map(([key]) => key);
          const verification = verifications.get(side) as Verification;
          const unreadable = verification.losses.filter((loss) => loss.found === undefined);
          const dropped = verification.losses.filter((loss) => loss.found !== undefined);
          const readiness = side.pods.map((pod) => `Pod ${pod.ordinal}: ${notReadySpans(samples, indexOf(pod), cutAt).join(', ') || 'Ready'}`).join('; ');
          figures.push({
            case: caseName,
            side: `${side.name} {${side.pods.map((pod) => pod.ordinal).join(',')}}`,
            accepted: accepted.length,
            acceptedBeforeNoticed: accepted.filter((r) => r.startedAt >= cutAt && r.startedAt <= sideNoticedAt).length,
            refused: countBy(records.filter((r) => r.status === 503).map((r) => r.errorKind ?? 'unnamed')),
            otherErrors: countBy(records.filter((r) => r.status !== 200 && r.status !== 503).map((r) => String(r.status ?? r.outcome))),
            kept: written.filter((key) => !verification.lost.includes(key)).length,
            dropped: dropped.length,
            unreadable: unreadable.length,
            absentWhileCut: side.pods.flatMap(keysOf).filter((key) => readWhileCut.get(key) === '').length,
            absentAfterOneCluster: side.pods.flatMap(keysOf).filter((key) => readAfterOneCluster.get(key) === '').length,
            readinessWhileCut: readiness,
            secondsToOneCluster,
            secondsToMerged,
          });
          console.log(`${caseName}, ${side.name} side: its members saw only their side ${((sideNoticedAt - cutAt) / 1000).toFixed(1)} s after the cut; not Ready: ${readiness}`);

          if (side === larger) {
            expect(verification.losses).toEqual([]);
            continue;
          }
          for (const pod of side.pods) {
            // Out of the Service within the probe's window once its member noticed, and out from then until the heal.
            const notReadyAt = samples.find((s) => s.at >= noticedAt(pod, side) && !s.ready[indexOf(pod)])?.at ?? Infinity;
            expect((notReadyAt - noticedAt(pod, side)) / 1000).toBeLessThanOrEqual(readinessWindowSeconds + readinessMarginSeconds);
            expect(samples.filter((s) => s.at >= notReadyAt && s.ready[indexOf(pod)]).map((s) => s.at - cutAt)).toEqual([]);
          }
          expect(records.some((r) => r.errorKind === 'SplitBrainProtectionError')).toBe(true);
          // Once its members noticed (and a moment for the protection to hear of it), the side accepts no write.
          expect(accepted.filter((r) => r.startedAt > sideNoticedAt + 2_000)).toEqual([]);
        }
      } finally {
        partition?.heal();
        await observer?.shutdown();
        await Promise.all(sides.flatMap((side) => side.loads).map((load) => load.stop()));
        await uninstall(namespace);
      }
    },
    helmTimeoutMs,
  );

  it('with the RoleBinding taken away the members stay alone and Pod 1 is not Ready; with it back, the islands merge on the next search without a restart', async () => {
    const namespace = 'no-rbac';
    const podNames = [0, 1].map((ordinal) => `${release}-hazelcast-sidecar-${ordinal}`);
    const running = podNames.map((name) => ({ name, ready: '2/2', status: 'Running', restarts: '0' }));
    const memberLog = (pod: string) => containerLog(agent, namespace, pod, 'hazelcast');
    try {
      await install(namespace, []);
      expect((await kubectl(plane, ['delete', 'rolebinding', '--namespace', namespace, '--selector', `app.kubernetes.io/instance=${release}`])).code).toBe(0);
      expect((await kubectl(plane, ['delete', 'pods', '--namespace', namespace, '--all', '--wait'])).code).toBe(0);
      // Pod 1's member never sees another, so its app is not Ready (issue 23), whatever the minimum.
      const islands = [running[0], { ...running[1], ready: '1/2' }];
      const sameRows = async () => JSON.stringify(await podRows(plane, namespace)) === JSON.stringify(islands);
      await waitFor('Pod 0 Ready alone and Pod 1 running but not Ready', sameRows, { timeoutMs: 300_000, intervalMs: 1_000 });
      // Longer than the app's readiness probe period times its failure threshold: Pod 1 stays out of the Service.
      await sleep((readinessWindowSeconds + readinessMarginSeconds) * 1000);
      expect(await podRows(plane, namespace)).toEqual(islands);
      for (const pod of podNames) {
        await waitFor(`${pod}'s member to give up on the API`, async () => memberLog(pod).includes('forbidden'), { timeoutMs: 180_000 });
        expect(memberLog(pod)).toMatch(/Members \{size:1,/);
        expect(memberLog(pod)).not.toMatch(/Members \{size:2,/);
      }
      // Pod 0 alone serves (a 2-Pod release's minimum is 1): what it takes meanwhile must survive the merge.
      const pods = await releasePods(plane, namespace);
      const keys = Array.from({ length: 50 }, (_, i) => `island-key${i}`);
      const ledger = new WriteLedger();
      await writeInitialKeys(appUrl(pods[0]), keys, ledger);

      // helm upgrade with the same values creates the objects missing from the release: the RoleBinding.
      const restoredAt = Date.now();
      const upgrade = await helm(plane, ['upgrade', release, chartDir, '--namespace', namespace, '--reuse-values']);
      expect(upgrade.stderr).toBe('');
      expect((await kubectl(plane, ['get', 'rolebinding', '--namespace', namespace, '--selector', `app.kubernetes.io/instance=${release}`, '-o', 'name'])).stdout).not.toBe('');
      // The members' split-brain handler asks the API again on each search: the islands find each other.
      await waitFor('both members in one cluster of two', async () => (await Promise.all(pods.map(memberClusterSize))).every((size) => size === 2), {
        timeoutMs: (mergeSearchSeconds * 2 + 180) * 1000,
        intervalMs: 500,
      });
      const secondsToOneCluster = seconds(restoredAt);
      await waitFor('both Pods Ready, none restarted', async () => JSON.stringify(await podRows(plane, namespace)) === JSON.stringify(running), { timeoutMs: 60_000, intervalMs: 1_000 });
      console.log(`RoleBinding restored: one cluster after ${secondsToOneCluster} s, both Pods Ready after ${seconds(restoredAt)} s, no restart`);
      expect(podNames.map(memberLog).join('\n')).toContain('is MERGED');
      expect(await verifyWrites(appUrl(pods[1]), ledger)).toMatchObject({ lost: [] });
    } finally {
      await uninstall(namespace);
    }
  }, helmTimeoutMs);
});
