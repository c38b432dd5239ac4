import { parse } from 'yaml';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { startMember } from '../../tools/pod-runtime/member-process.ts';
import { httpStatus } from '../../tools/pod-runtime/wait.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { only, podOf, render } from './rendered.ts';

const hazelcastYaml = async (options: Parameters<typeof render>[0] = {}) =>
  parse(only(await render(options), 'ConfigMap').data['hazelcast.yaml']).hazelcast;

describe("the member's hazelcast.yaml", () => {
  it("discovers members through this release's headless Service in this release's namespace", async () => {
    const manifests = await render({ releaseName: 'orders', namespace: 'shop' });
    const config = parse(only(manifests, 'ConfigMap').data['hazelcast.yaml']).hazelcast;
    const headless = manifests.find((manifest) => manifest.kind === 'Service' && manifest.spec.clusterIP === 'None');
    expect(config.network.join).toEqual({
      multicast: { enabled: false },
      kubernetes: {
        enabled: true,
        namespace: 'shop',
        'service-name': headless?.metadata.name,
        'resolve-not-ready-addresses': true,
        // Members talk Pod to Pod: no lookups of every Endpoints object, node or public address.
        'expose-externally': false,
      },
    });
    expect(headless?.metadata.name).toBe('orders-hazelcast-sidecar-members');
  });

  it('discovers members by DNS in dns mode', async () => {
    const config = await hazelcastYaml({ namespace: 'shop', set: { 'hazelcast.discovery': 'dns', 'rbac.create': false } });
    expect(config.network.join.kubernetes).toEqual({ enabled: true, 'service-dns': 'demo-hazelcast-sidecar-members.shop.svc.cluster.local' });
  });

  it("uses the cluster's own DNS domain, clusterDomain, in dns mode", async () => {
    const config = await hazelcastYaml({
      namespace: 'shop',
      set: { 'hazelcast.discovery': 'dns', 'rbac.create': false, clusterDomain: 'corp.example' },
    });
    expect(config.network.join.kubernetes['service-dns']).toBe('demo-hazelcast-sidecar-members.shop.svc.corp.example');
  });

  it('turns the REST health endpoints on, keeps one backup of every entry and phones nobody', async () => {
    const config = await hazelcastYaml();
    expect(config['cluster-name']).toBe('dev');
    expect(config.network['rest-api']).toEqual({ enabled: true, 'endpoint-groups': { HEALTH_CHECK: { enabled: true } } });
    expect(config.map.default['backup-count']).toBe(1);
    expect(config.properties['hazelcast.phone.home.enabled']).toBe(false);
  });

  it("waits for a backup's ack a quarter of the app's deadline (Hazelcast's 5 s at most), so a lost ack cannot turn an applied write into a 503", async () => {
    const backupTimeout = async (deadline?: number) =>
      (await hazelcastYaml(deadline ? { set: { 'app.invocationTimeoutMs': deadline } } : {})).properties['hazelcast.operation.backup.timeout.millis'];
    expect(await backupTimeout()).toBe(500);
    expect(await backupTimeout(6000)).toBe(1500);
    expect(await backupTimeout(60000)).toBe(5000);
    const overridden = await hazelcastYaml({ set: { 'hazelcast.config.properties.hazelcast\\.operation\\.backup\\.timeout\\.millis': 300 } });
    expect(overridden.properties['hazelcast.operation.backup.timeout.millis']).toBe(300);
  });

  it("merges the user's hazelcast.config over the chart's settings", async () => {
    const config = await hazelcastYaml({
      set: { 'hazelcast.config.map.sessions.time-to-live-seconds': 600, 'hazelcast.config.map.default.backup-count': 2 },
    });
    expect(config.map.sessions).toEqual({ 'time-to-live-seconds': 600 });
    expect(config.map.default['backup-count']).toBe(2);
    expect(config.network['rest-api'].enabled).toBe(true);
  });

  it('rolls the Pods when the configuration changes, and only then', async () => {
    const checksum = async (set: Record<string, string | number>) =>
      only(await render({ set }), 'StatefulSet').spec.template.metadata.annotations['checksum/config'];
    const base = await checksum({});
    // The split-brain minimum is derived from replicaCount unless pinned: pinned, scaling rolls nothing.
    expect(await checksum({ replicaCount: 5, 'splitBrain.minimumClusterSize': 1 })).toBe(base);
    expect(await checksum({ replicaCount: 5 })).not.toBe(base);
    expect(await checksum({ 'hazelcast.backupCount': 2 })).not.toBe(base);
  });

  it('uses an existing ConfigMap instead of rendering one', async () => {
    const manifests = await render({ set: { 'hazelcast.existingConfigMap': 'platform-hazelcast' } });
    expect(manifests.filter((manifest) => manifest.kind === 'ConfigMap')).toEqual([]);
    expect(podOf(manifests).pod.volumes).toContainEqual({ name: 'hazelcast-config', configMap: { name: 'platform-hazelcast' } });
  });
});

describe('a real member started with the rendered hazelcast.yaml', () => {
  let member: MemberProcess | undefined;
  afterAll(() => member?.kill());

  it('starts (only its join replaced: no Kubernetes API here) and answers the probed health endpoints', async () => {
    const manifests = await render();
    const { member: container } = podOf(manifests);
    const self = { host: '127.0.8.1', port: 5701 };
    member = startMember({
      name: 'rendered-config',
      self,
      config: parse(only(manifests, 'ConfigMap').data['hazelcast.yaml']),
      workDir: newWorkDir('rendered-config'),
    });
    await member.ready(60_000);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      expect(await httpStatus(`http://${self.host}:${self.port}${probe.httpGet.path}`)).toBe(200);
    }
    expect(member.log()).toMatch(/\[dev\] \[5\.7\.0\]/);
    expect(member.log()).not.toMatch(/SEVERE|InvalidConfiguration/);
  });
});
