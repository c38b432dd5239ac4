// The chart installed with Helm on the local cluster, its Pods run by the node agent: a release's
// life (upgrade, rollback, uninstall) under load with the data kept. Each ci values file's install,
// its one cluster and its Pods without restarts are ct install's (ct-install.spec.ts).
import { chartDir } from '../../tools/pod-runtime/paths.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import type { ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { expectCallersServed, expectOnlyRareDeadline503s, isDeadline503, MARGIN_MS, probeCatchUpMs, type ReadinessProbe } from '../faults/case-checks.ts';
import { WriteLedger, writeInitialKeys } from '../faults/load.ts';
import { markdownTable, type CaseFigures } from '../faults/summary.ts';
import { runUnderLoad, type CaseRun, type LoadTarget } from '../faults/under-load.ts';
import { seconds } from '../pods/pod-set-fixture.ts';
import { sampleUntilStopped } from '../support/sampler.ts';
import { writeFigures } from '../support/sidecar.ts';
import { getJson, helm, installChart, kubectl, podRows, startLocalCluster } from './cluster-fixture.ts';
import { connectionsFrom, getPod, isReady, killInPod, podNetns, refusePort, restartsOf } from './pod-faults.ts';

const release = 'sidecar';
// Helm itself waits up to 10 minutes; a test allows for that on a loaded machine.
const helmTimeoutMs = 900_000;

describe('the chart on the local cluster', () => {
  let plane: ControlPlane;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ plane, stop } = await startLocalCluster());
  }, 300_000);
  afterAll(() => stop?.());

  const install = (namespace: string, args: string[] = []) => installChart(plane, release, namespace, args);

  describe('a release through upgrade, rollback and uninstall', () => {
    const namespace = 'lifecycle';
    // The EndpointSlice controller's update, then kube-proxy's next iptables sync.
    const ENDPOINTS_CATCH_UP_MS = 2_000;
    // A fault may take Helm's 10 minutes, every Pod then has 5 to be Ready, and 10,000 keys are read back.
    const READY_TIMEOUT_MS = 300_000;
    const CASE_TIMEOUT_MS = 600_000 + READY_TIMEOUT_MS + 180_000;
    // Issue 22's 3 Pods: the split-brain minimum is then a majority (2), which a scale-down to 2 keeps.
    const replicas = 3;
    const statefulSet = `${release}-hazelcast-sidecar`;
    const podNames = Array.from({ length: replicas }, (_, i) => `${release}-hazelcast-sidecar-${i}`);
    const ledger = new WriteLedger();
    const keys = Array.from({ length: 10_000 }, (_, i) => `key-${i}`);
    const figures: CaseFigures[] = [];
    let target: LoadTarget;
    let deadlineMs: number;
    let catchUpMs: number;
    let appPort: number;

    const podUids = async () =>
      (await getJson<{ items: Array<{ metadata: { uid: string } }> }>(plane, ['pods', '--namespace', namespace])).items.map((pod) => pod.metadata.uid);
    const allReady = (count: number) => async () => {
      const rows = await podRows(plane, namespace);
      return rows.length === count && rows.every((row) => row.ready === '2/2' && row.status === 'Running');
    };
    /** A fault under 4 callers' load through the NodePort, until `count` Pods are Ready again. */
    const runCase = async (name: string, fault: () => Promise<void>, count = replicas): Promise<CaseRun> => {
      const run = await runUnderLoad(name, target, fault, allReady(count), READY_TIMEOUT_MS);
      figures.push(run);
      const failures = run.records.filter((record) => record.outcome !== '2xx');
      const failed = failures.map((record) => `${((record.startedAt - run.faultAt) / 1000).toFixed(1)} s ${record.operation} ${record.status ?? record.outcome} ${record.errorKind ?? ''} after ${record.latencyMs} ms`);
      console.log(`${markdownTable([run])}\nfault at ${new Date(run.faultAt).toISOString()}; failed requests (from the fault): ${failed.join('; ') || 'none'}`);
      expectCallersServed(run, deadlineMs);
      return run;
    };
    /** The Pod holding the most callers' connections (kube-proxy pins each to a Pod), so the fault reaches them. */
    const busiestPod = async () => {
      const held = await Promise.all(
        podNames.map(async (name) => {
          const netns = await podNetns(plane, namespace, name);
          return { name, netns, connections: connectionsFrom(netns, appPort, plane.node.bridgeAddress) };
        }),
      );
      console.log(`callers' connections: ${held.map(({ name, connections }) => `${name} ${connections}`).join(', ')}`);
      const busiest = held.sort((a, b) => b.connections - a.connections)[0];
      expect(busiest.connections).toBeGreaterThan(0);
      return busiest;
    };
    /** Failures that started after the probes must have taken the Pod out of the Service (counted from `from`, the fault's start by default). */
    const lateFailures = (run: CaseRun, from = run.faultAt) => run.records.filter((record) => record.outcome !== '2xx' && record.startedAt > from + catchUpMs + MARGIN_MS);

    beforeAll(async () => {
      await install(namespace, ['--set', `replicaCount=${replicas}`]);
      const nodePort = (await kubectl(plane, ['get', 'service', statefulSet, '--namespace', namespace, '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout;
      // The guide's way in: the NodePort on the Node's InternalIP, through the real kube-proxy.
      target = { url: `http://${plane.node.nodeAddress}:${nodePort}`, ledger, keys, clients: 4, ratePerClient: 20 };
      type Container = { name: string; env: Array<{ name: string; value?: string }>; ports: Array<{ containerPort: number }>; readinessProbe: ReadinessProbe };
      const { spec } = await getJson<{ spec: { template: { spec: { containers: Container[] } } } }>(plane, ['statefulset', statefulSet, '--namespace', namespace]);
      const app = spec.template.spec.containers.find((container) => container.name === 'app');
      deadlineMs = Number(app?.env.find((variable) => variable.name === 'HAZELCAST_INVOCATION_TIMEOUT_MS')?.value);
      if (!app || !(deadlineMs > 0)) throw new Error('the app container has no invocation timeout');
      catchUpMs = probeCatchUpMs(app.readinessProbe, ENDPOINTS_CATCH_UP_MS);
      appPort = app.ports[0].containerPort;
      await writeInitialKeys(target.url, keys, ledger);
    }, 900_000);
    afterAll(() => {
      const table = markdownTable(figures);
      console.log(table);
      writeFigures('cluster-faults.md', table);
    });

    it('helm upgrade with a changed Hazelcast config rolls the Pods one at a time under load: no request failed but rare deadline 503s, none of 10,000 keys lost', async () => {
      const before = await podUids();
      const samples: Array<{ at: number; text: string; rows: Awaited<ReturnType<typeof podRows>> }> = [];
      let watcher: { stop(): Promise<void> } | undefined;
      let upgradeErrors = '';
      const run = await runCase('helm upgrade (changed Hazelcast config, Pods replaced one at a time)', async () => {
        const started = Date.now();
        // Once a second (kubectl costs CPU the Pods need), while Helm rolls them.
        watcher = sampleUntilStopped(async () => {
          // A kubectl that failed (a loaded API server) gives no sample rather than an empty one.
          const rows = await podRows(plane, namespace).catch(() => undefined);
          const text = rows?.map((row) => `${row.name.slice(-1)}:${row.ready}:${row.status}`).join(' ');
          if (rows && text && text !== samples.at(-1)?.text) samples.push({ at: seconds(started), text, rows });
        }, 1_000);
        const upgrade = await helm(plane, ['upgrade', release, chartDir, '--namespace', namespace, '--reuse-values', '--wait', '--timeout', '10m', '--set', 'hazelcast.config.properties.hazelcast\\.heartbeat\\.interval\\.seconds=4']);
        // Sampling ends with Helm; the last sample is awaited below.
        void watcher.stop();
        upgradeErrors = upgrade.stderr;
      }).finally(() => watcher?.stop());
      console.log(`kubectl get pods during the upgrade (from the fault):\n${samples.map((sample) => `${sample.at} s: ${sample.text}`).join('\n')}`);
      expect(upgradeErrors).toBe('');
      expectOnlyRareDeadline503s(run);
      const after = await podUids();
      expect(after.filter((uid) => before.includes(uid))).toEqual([]);
      // One at a time: at every moment a Pod served, and at most one was not Running (terminating or starting).
      expect(samples.filter((sample) => !sample.rows.some((row) => row.ready === '2/2'))).toEqual([]);
      expect(samples.filter((sample) => sample.rows.filter((row) => row.status === 'Running').length < replicas - 1)).toEqual([]);
    }, CASE_TIMEOUT_MS);

    it('helm rollback returns to the first revision under load: no request failed but rare deadline 503s, the data still there', async () => {
      let rollbackErrors = '';
      const run = await runCase('helm rollback to the first revision', async () => {
        rollbackErrors = (await helm(plane, ['rollback', release, '1', '--namespace', namespace, '--wait', '--timeout', '10m'])).stderr;
      });
      expect(rollbackErrors).toBe('');
      expectOnlyRareDeadline503s(run);
      const config = (await kubectl(plane, ['get', 'configmap', `${release}-hazelcast-sidecar-hazelcast`, '--namespace', namespace, '-o', 'jsonpath={.data.hazelcast\\.yaml}'])).stdout;
      expect(config).not.toContain('heartbeat');
    }, CASE_TIMEOUT_MS);

    it("the member's port refusing the app's connections for longer than the probes need (a firewall rule in one Pod): no write lost, failures only until the probes take the Pod out", async () => {
      const readiness: Array<{ at: number; ready: boolean }> = [];
      let victim = '';
      let ruleAt = 0;
      // The rule outlasts the probes' catch-up by 10 s: a Pod left in the Service would fail callers then.
      const refusedMs = catchUpMs + MARGIN_MS + 10_000;
      const run = await runCase("member's port refusing the app (iptables REJECT on lo, past the probes' catch-up)", async () => {
        const pod = await busiestPod();
        victim = pod.name;
        let refusing = true;
        ruleAt = Date.now();
        // The Pod's Ready condition while the rule holds, once a second.
        const watching = (async () => {
          while (refusing) {
            const ready = await getPod(plane, namespace, victim).then(isReady, () => undefined);
            if (ready !== undefined && readiness.at(-1)?.ready !== ready) readiness.push({ at: Date.now() - ruleAt, ready });
            await new Promise((done) => setTimeout(done, 1_000));
          }
        })();
        // Only the app's own connection (loopback): the other members and the kubelet's probes reach
        // the member over eth0, so the cluster keeps it and no split or migration follows.
        await refusePort(pod.netns, { port: 5701, device: 'lo', forMs: refusedMs }).finally(() => (refusing = false));
        await watching;
      });
      console.log(`${victim} from the rule on: ${readiness.map(({ at, ready }) => `${(at / 1000).toFixed(1)} s Ready ${ready}`).join(', ')}`);
      // The rule reached the callers on that Pod, the probes took it out while the rule held, and
      // nothing failed after they must have.
      expect(run.failed).toBeGreaterThan(0);
      expect(readiness.some(({ at, ready }) => !ready && at <= catchUpMs + MARGIN_MS)).toBe(true);
      expect(lateFailures(run, ruleAt)).toEqual([]);
    }, CASE_TIMEOUT_MS);

    it('SIGKILL of one member, restarted by the node agent as the kubelet does: no write lost, failures only until the probes catch up or a deadline 503 while data migrates back', async () => {
      const run = await runCase('SIGKILL of one member', async () => {
        const pod = await busiestPod();
        const restarts = restartsOf(await getPod(plane, namespace, pod.name), 'hazelcast');
        killInPod(pod.netns, 'java');
        await waitFor('the member to be restarted', async () => restartsOf(await getPod(plane, namespace, pod.name), 'hazelcast') > restarts, { timeoutMs: 60_000, intervalMs: 250 });
      });
      // A restarted member takes its partitions back; a call waiting on one past the deadline gets its 503.
      expect(lateFailures(run).filter((record) => !isDeadline503(record))).toEqual([]);
    }, CASE_TIMEOUT_MS);

    it('kubectl scale statefulset 3 → 2 under load: the last Pod leaves gracefully, no request failed but rare deadline 503s, no write lost', async () => {
      const run = await runCase(
        'graceful scale-down 3 → 2 (kubectl scale)',
        async () => {
          expect((await kubectl(plane, ['scale', 'statefulset', statefulSet, '--namespace', namespace, `--replicas=${replicas - 1}`])).code).toBe(0);
        },
        replicas - 1,
      );
      expectOnlyRareDeadline503s(run);
    }, CASE_TIMEOUT_MS);

    it('helm uninstall leaves no object of the release behind', async () => {
      expect((await helm(plane, ['uninstall', release, '--namespace', namespace, '--wait'])).code).toBe(0);
      // The Pods and EndpointSlices go by garbage collection, after the objects Helm deleted.
      const left = await waitFor(
        'every object of the release to be gone',
        async () => {
          const result = await kubectl(plane, [
            'get',
            'all,configmaps,secrets,serviceaccounts,roles,rolebindings,poddisruptionbudgets,networkpolicies,endpointslices,controllerrevisions',
            '--namespace',
            namespace,
            '--selector',
            `app.kubernetes.io/instance=${release}`,
            '-o',
            'name',
          ]);
          return result.code === 0 && result.stdout === '' && result;
        },
        { timeoutMs: 180_000, intervalMs: 1_000 },
      );
      expect(left.stderr).toBe('');
      expect((await kubectl(plane, ['get', 'secrets', '--namespace', namespace, '--selector', 'owner=helm', '-o', 'name'])).stdout).toBe('');
    }, helmTimeoutMs);
  });
});
