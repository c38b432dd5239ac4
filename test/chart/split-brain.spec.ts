import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, SplitBrainProtectionError } from 'hazelcast-client';
import { parse } from 'yaml';
import { helmBinary, helmTemplateArgs, type RenderOptions } from '../../tools/pod-runtime/chart.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { startMember } from '../../tools/pod-runtime/member-process.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { envOf, ofKind, only, podOf, render } from './rendered.ts';

const hazelcastYaml = async (options: RenderOptions = {}) =>
  parse(only(await render(options), 'ConfigMap').data['hazelcast.yaml']).hazelcast;

describe('split-brain protection in the rendered hazelcast.yaml', () => {
  it.each([
    [3, 2],
    [4, 3],
    [5, 3],
  ])('with %i replicas, protects every map with a majority, %i members, and merges by PutIfAbsentMergePolicy', async (replicas, minimum) => {
    const config = await hazelcastYaml({ set: { replicaCount: replicas } });
    expect(config['split-brain-protection']).toEqual({
      'release-minimum': { enabled: true, 'minimum-cluster-size': minimum, 'protect-on': 'READ_WRITE' },
    });
    expect(config.map.default).toEqual({
      'backup-count': 1,
      'split-brain-protection-ref': 'release-minimum',
      'merge-policy': { 'class-name': 'PutIfAbsentMergePolicy' },
    });
  });

  it('renders no protection for a minimum of 1 (a member always counts itself), and keeps the merge policy', async () => {
    const sets: Array<RenderOptions['set']> = [{ replicaCount: 1 }, { replicaCount: 3, 'splitBrain.minimumClusterSize': 1 }];
    for (const set of sets) {
      const config = await hazelcastYaml({ set });
      expect(config['split-brain-protection']).toBeUndefined();
      expect(config.map.default).toEqual({ 'backup-count': 1, 'merge-policy': { 'class-name': 'PutIfAbsentMergePolicy' } });
    }
  });

  it('takes the minimum, the protected operations and the merge policy from the values', async () => {
    const config = await hazelcastYaml({
      set: { replicaCount: 5, 'splitBrain.minimumClusterSize': 4, 'splitBrain.protectOn': 'WRITE', 'splitBrain.mergePolicy': 'LatestUpdateMergePolicy' },
    });
    expect(config['split-brain-protection']['release-minimum']).toEqual({ enabled: true, 'minimum-cluster-size': 4, 'protect-on': 'WRITE' });
    expect(config.map.default['merge-policy']).toEqual({ 'class-name': 'LatestUpdateMergePolicy' });
  });

  it.each(['LatestUpdateMergePolicy', 'LatestAccessMergePolicy', 'HigherHitsMergePolicy'])(
    'keeps per-entry stats for %s, which compares them (a 5.7.0 member refuses to start without)',
    async (policy) => {
      const config = await hazelcastYaml({ set: { 'splitBrain.mergePolicy': policy } });
      expect(config.map.default['per-entry-stats-enabled']).toBe(true);
    },
  );

  it('defaults to no protection, a minimum of 1, with 2 replicas or fewer: two Pods cannot keep a majority while one rolls', async () => {
    for (const replicaCount of [1, 2]) {
      const config = await hazelcastYaml({ set: { replicaCount } });
      expect(config['split-brain-protection']).toBeUndefined();
      expect(config.map.default['split-brain-protection-ref']).toBeUndefined();
    }
    expect(envOf(podOf(await render()).app).HAZELCAST_MIN_CLUSTER_SIZE).toBe('1');
  });

  it.each([
    [2, '1'],
    [3, '2'],
    [5, '3'],
  ])("with %i replicas, tells the app the minimum, %s, and the Pod's ordinal, for its readiness", async (replicaCount, minimum) => {
    const { app } = podOf(await render({ set: { replicaCount } }));
    expect(envOf(app).HAZELCAST_MIN_CLUSTER_SIZE).toBe(minimum);
    expect(app.env).toContainEqual({
      name: 'POD_INDEX',
      valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } },
    });
  });
});

describe('split-brain values the chart refuses', () => {
  it.each([
    ['a minimum of 0', { 'splitBrain.minimumClusterSize': 0 }, "at '/splitBrain/minimumClusterSize'"],
    ['unknown protected operations', { 'splitBrain.protectOn': 'ALL' }, "at '/splitBrain/protectOn'"],
    ['a merge policy Hazelcast does not ship', { 'splitBrain.mergePolicy': 'NewestWinsMergePolicy' }, "at '/splitBrain/mergePolicy'"],
    ['a minimum above replicaCount', { replicaCount: 3, 'splitBrain.minimumClusterSize': 4 }, 'splitBrain.minimumClusterSize (4) is above replicaCount (3)'],
  ])('refuses %s', async (_name, set, message) => {
    await expect(render({ set })).rejects.toThrow(message);
  });

  it('reports a minimum above replicaCount with the other refusals, all at once', async () => {
    await expect(render({ set: { 'splitBrain.minimumClusterSize': 3, 'app.port': 5701 } })).rejects.toThrow(
      /app\.port is 5701[\s\S]*splitBrain\.minimumClusterSize \(3\) is above replicaCount \(2\)/,
    );
  });

  // The rendered text, schema checked as on install: the minimum's line is what these tests read.
  const renderText = async (set: RenderOptions['set']) => {
    const { stdout } = await promisify(execFile)(helmBinary, helmTemplateArgs({ set }));
    return stdout;
  };

  it('refuses a minimum above autoscaling.minReplicas when an HPA scales the release', async () => {
    const set = { replicaCount: 4, 'autoscaling.enabled': true, 'autoscaling.minReplicas': 2, 'splitBrain.minimumClusterSize': 3 };
    await expect(renderText(set)).rejects.toThrow('splitBrain.minimumClusterSize (3) is above autoscaling.minReplicas (2)');
    await expect(renderText({ ...set, 'autoscaling.enabled': false })).resolves.toContain('minimum-cluster-size: 3');
  });

  it('derives the default minimum from autoscaling.minReplicas when an HPA scales the release', async () => {
    const rendered = await renderText({ replicaCount: 6, 'autoscaling.enabled': true, 'autoscaling.minReplicas': 3 });
    expect(rendered).toContain('minimum-cluster-size: 2');
    const fromTwo = await renderText({ replicaCount: 6, 'autoscaling.enabled': true, 'autoscaling.minReplicas': 2 });
    expect(fromTwo).not.toContain('minimum-cluster-size');
    expect(fromTwo).toMatch(/name: HAZELCAST_MIN_CLUSTER_SIZE\n\s+value: "1"/);
  });
});

describe("the split-brain PrometheusRule", () => {
  it('is off by default, like the ServiceMonitor', async () => {
    expect(ofKind(await render(), 'PrometheusRule')).toEqual([]);
  });

  it("alerts on a cluster below the minimum and on Pods in more than one cluster, for this release's Pods only", async () => {
    const rule = only(await render({ releaseName: 'orders', namespace: 'shop', set: { 'splitBrain.prometheusRule.enabled': true } }), 'PrometheusRule');
    const rules = rule.spec.groups.flatMap((group: any) => group.rules);
    expect(rules.map((entry: any) => entry.alert)).toEqual(['HazelcastClusterBelowMinimum', 'HazelcastClusterIslands']);
    for (const entry of rules) expect(entry.expr).toContain('namespace="shop", pod=~"orders-hazelcast-sidecar-[0-9]+"');
    expect(rules[0].expr).toMatch(/hazelcast_cluster_members\{.*\} < hazelcast_cluster_minimum_members\{/);
    expect(rules[1].expr).toMatch(/^count\(hazelcast_client_connected\{.*\} == 1\) > max\(hazelcast_cluster_members\{.*\}\)$/);
  });
});

describe('real members started with the rendered protection (replicaCount 3: a minimum of 2)', () => {
  const first = { host: '127.0.23.1', port: 5701 };
  const second = { host: '127.0.23.2', port: 5701 };
  const members: MemberProcess[] = [];
  let client: Client | undefined;
  afterAll(async () => {
    await client?.shutdown();
    await Promise.all(members.map((member) => member.kill()));
  });

  it('refuse map operations while one member is alone, naming the protection, and serve once a second joins', async () => {
    const config = parse(only(await render({ set: { replicaCount: 3 } }), 'ConfigMap').data['hazelcast.yaml']);
    const workDir = newWorkDir('split-brain-config');
    members.push(startMember({ name: 'sbp-first', self: first, peers: [first, second], config, workDir }));
    await members[0].ready(90_000);
    client = await Client.newHazelcastClient({
      clusterName: 'dev',
      network: { clusterMembers: [`${first.host}:${first.port}`], smartRouting: false },
      properties: { 'hazelcast.logging.level': 'OFF' },
    });
    const map = await client.getMap<string, string>('orders');
    const refused = await map.put('k', 'v').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SplitBrainProtectionError);
    expect((refused as Error).message).toContain('release-minimum');

    members.push(startMember({ name: 'sbp-second', self: second, peers: [first, second], config, workDir }));
    await members[1].ready(90_000);
    await waitFor('a cluster of 2', async () => (await members[0].clusterSize()) === 2, { timeoutMs: 60_000 });
    await map.put('k', 'v');
    expect(await map.get('k')).toBe('v');
    expect(members[0].log()).not.toMatch(/SEVERE|InvalidConfiguration/);
  });
});
