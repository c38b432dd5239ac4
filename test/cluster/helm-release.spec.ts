// The chart installed with Helm on the local cluster, its Pods run by the node agent: what a user
// sees with `helm install --wait` and `kubectl get pods`, the members' own Kubernetes discovery, and
// a release's life (upgrade, rollback, uninstall) with the data kept.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartDir } from '../../tools/pod-runtime/paths.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import type { ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import type { NodeAgent } from '../../tools/cluster/node-agent/agent.ts';
import { inParallel, keyOf, seconds, valueOf } from '../pods/pod-set-fixture.ts';
import { getJson, helm, kubectl, podRows, startLocalCluster } from './cluster-fixture.ts';

const release = 'sidecar';
// Helm itself waits up to 10 minutes; a test allows for that on a loaded machine.
const helmTimeoutMs = 900_000;
const podNames = [`${release}-hazelcast-sidecar-0`, `${release}-hazelcast-sidecar-1`];
const running = podNames.map((name) => ({ name, ready: '2/2', status: 'Running', restarts: '0' }));
const ciDir = join(chartDir, 'ci');
const cases: Array<[string, string[]]> = [
  ['the defaults', []],
  ...readdirSync(ciDir)
    .filter((file) => file.endsWith('-values.yaml'))
    .sort()
    .map((file): [string, string[]] => [`ci/${file}`, ['--values', join(ciDir, file)]]),
];

describe('the chart on the local cluster', () => {
  let plane: ControlPlane;
  let agent: NodeAgent;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ plane, agent, stop } = await startLocalCluster());
  }, 300_000);
  afterAll(() => stop?.());

  const memberLog = (namespace: string, pod: string) => {
    const file = agent.logFile(namespace, pod, 'hazelcast');
    return file ? readFileSync(file, 'utf8') : '';
  };
  const install = async (namespace: string, args: string[] = []) => {
    const started = Date.now();
    const result = await helm(plane, ['install', release, chartDir, '--namespace', namespace, '--create-namespace', '--wait', '--timeout', '10m', ...args]);
    if (result.code !== 0) throw new Error(`helm install failed: ${result.stderr}`);
    console.log(`${namespace}: helm install --wait to all Pods Ready in ${seconds(started)} s`);
  };

  // Settled: every workload at its size (an HPA's minimum included: with autoscaling on, the chart
  // leaves spec.replicas to the HPA, which starts from 1) and all of it ready.
  const settled = (namespace: string) =>
    waitFor(
      'every workload at its size and every Pod ready',
      async () => {
        const hpas = await getJson<{ items: Array<{ spec: { scaleTargetRef: { name: string }; minReplicas?: number } }> }>(plane, ['hpa', '--namespace', namespace]);
        const workloads = await getJson<{ items: Array<{ metadata: { name: string }; spec: { replicas: number }; status: { readyReplicas?: number } }> }>(plane, [
          'statefulsets,deployments',
          '--namespace',
          namespace,
        ]);
        const minimum = (name: string) => hpas.items.find((hpa) => hpa.spec.scaleTargetRef.name === name)?.spec.minReplicas ?? 1;
        const atSize = workloads.items.every((w) => w.spec.replicas >= minimum(w.metadata.name) && (w.status.readyReplicas ?? 0) === w.spec.replicas);
        return atSize && (await podRows(plane, namespace));
      },
      { timeoutMs: 300_000, intervalMs: 1_000 },
    );

  it.each(cases)('helm install --wait of %s: every Pod Running and Ready with 0 restarts, one cluster of all its members', async (_name, args) => {
    const namespace = `install-${cases.findIndex(([, caseArgs]) => caseArgs === args)}`;
    try {
      await install(namespace, args);
      const rows = await settled(namespace);
      for (const row of rows) {
        const [ready, containers] = row.ready.split('/');
        expect({ ...row, ready: ready === containers }).toEqual({ name: row.name, ready: true, status: 'Running', restarts: '0' });
      }
      // In the sidecar topology every Pod holds a member; in client-server only the members' Pods do.
      const members = rows.filter((row) => existsSync(agent.logFile(namespace, row.name, 'hazelcast') ?? ''));
      expect(members.length).toBeGreaterThanOrEqual(2);
      if (members.length === rows.length) expect(rows).toEqual(running);
      for (const { name } of members) {
        const size = new RegExp(`Members \\{size:${members.length},`);
        await waitFor(`${name}'s member to log a cluster of ${members.length}`, async () => size.test(memberLog(namespace, name)), { timeoutMs: 180_000 });
      }
    } finally {
      // Uninstalled even when a check fails: the node's CPU would otherwise hold later cases Pending.
      expect((await helm(plane, ['uninstall', release, '--namespace', namespace, '--wait'])).code).toBe(0);
    }
  }, helmTimeoutMs);

  describe('a release through upgrade, rollback and uninstall', () => {
    const namespace = 'lifecycle';
    const keys = 10_000;
    let baseUrl: string;

    const readMissing = async () => {
      const missing: string[] = [];
      await inParallel(keys, 32, async (i) => {
        const response = await fetch(`${baseUrl}/get?key=${keyOf(i)}`);
        const body = response.status === 200 ? await response.text() : undefined;
        if (body !== valueOf(i)) missing.push(keyOf(i));
      });
      return missing;
    };
    const podUids = async () =>
      (await getJson<{ items: Array<{ metadata: { uid: string } }> }>(plane, ['pods', '--namespace', namespace])).items.map((pod) => pod.metadata.uid);

    beforeAll(async () => {
      await install(namespace);
      const nodePort = (await kubectl(plane, ['get', 'service', `${release}-hazelcast-sidecar`, '--namespace', namespace, '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout;
      // The guide's way in: the NodePort on the Node's InternalIP.
      baseUrl = `http://${plane.node.nodeAddress}:${nodePort}`;
      let acknowledged = 0;
      await inParallel(keys, 32, async (i) => {
        const response = await fetch(`${baseUrl}/put?key=${keyOf(i)}&value=${valueOf(i)}`);
        await response.arrayBuffer();
        if (response.status === 200) acknowledged++;
      });
      expect(acknowledged).toBe(keys);
    }, 900_000);

    it('helm upgrade with a changed Hazelcast config rolls the Pods one at a time and loses none of 10,000 keys', async () => {
      const before = await podUids();
      const samples: string[] = [];
      let rolling = true;
      const watching = (async () => {
        while (rolling) {
          const rows = await podRows(plane, namespace).catch(() => []);
          const sample = rows.map((row) => `${row.name.slice(-1)}:${row.ready}:${row.status}`).join(' ');
          if (sample !== samples.at(-1)) samples.push(sample);
          await new Promise((done) => setTimeout(done, 250));
        }
      })();
      const upgrade = await helm(plane, ['upgrade', release, chartDir, '--namespace', namespace, '--reuse-values', '--wait', '--timeout', '10m', '--set', 'hazelcast.config.properties.hazelcast\\.heartbeat\\.interval\\.seconds=4']);
      rolling = false;
      await watching;
      expect(upgrade.stderr).toBe('');
      expect(await readMissing()).toEqual([]);
      const after = await podUids();
      expect(after.filter((uid) => before.includes(uid))).toEqual([]);
      // One at a time: every moment of the roll had a Pod serving.
      console.log(`kubectl get pods during the upgrade:\n${samples.join('\n')}`);
      expect(samples.filter((sample) => !sample.includes(':2/2:'))).toEqual([]);
    }, helmTimeoutMs);

    it('helm rollback returns to the first revision, the data still there', async () => {
      const rollback = await helm(plane, ['rollback', release, '1', '--namespace', namespace, '--wait', '--timeout', '10m']);
      expect(rollback.stderr).toBe('');
      const config = (await kubectl(plane, ['get', 'configmap', `${release}-hazelcast-sidecar-hazelcast`, '--namespace', namespace, '-o', 'jsonpath={.data.hazelcast\\.yaml}'])).stdout;
      expect(config).not.toContain('heartbeat');
      expect(await podRows(plane, namespace)).toEqual(running);
      expect(await readMissing()).toEqual([]);
    }, helmTimeoutMs);

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
