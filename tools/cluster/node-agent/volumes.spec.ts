import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { MountError, containerMounts, hostsFileContent, imageMounts, prepareVolumes, type VolumeSources } from './volumes.ts';

const pod = (volumes: object[]): V1Pod =>
  ({ metadata: { name: 'demo-0', namespace: 'shop', uid: 'u-1' }, spec: { containers: [], volumes } }) as V1Pod;

describe('prepareVolumes', () => {
  let dir: string;
  const tokens: unknown[] = [];
  const configMaps: Record<string, Record<string, string>> = {
    'kube-root-ca.crt': { 'ca.crt': 'CA PEM' },
    hz: { 'hazelcast.yaml': 'hazelcast: {}' },
  };
  const sources: VolumeSources = {
    configMap: async (namespace, name) => configMaps[name],
    secret: async () => undefined,
    serviceAccountToken: async (forPod, audience, seconds) => {
      tokens.push({ pod: forPod.metadata?.uid, audience, seconds });
      return 'JWT';
    },
    podIP: '10.244.0.1',
    hostIP: '10.244.255.2',
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'node-agent-volumes-'));
    tokens.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the service-account volume the admission plugin adds: a bound token, the CA and the namespace", async () => {
    const paths = await prepareVolumes(
      pod([
        {
          name: 'kube-api-access-x',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ]),
      dir,
      sources,
    );
    const volume = paths.get('kube-api-access-x')!;
    expect(['token', 'ca.crt', 'namespace'].map((file) => readFileSync(join(volume, file), 'utf8'))).toEqual(['JWT', 'CA PEM', 'shop']);
    expect(statSync(join(volume, 'token')).mode & 0o777).toBe(0o644);
    expect(tokens).toEqual([{ pod: 'u-1', audience: undefined, seconds: 3607 }]);
  });

  it('writes a ConfigMap volume and a world-writable emptyDir', async () => {
    const paths = await prepareVolumes(pod([{ name: 'config', configMap: { name: 'hz' } }, { name: 'tmp', emptyDir: {} }]), dir, sources);
    expect(readFileSync(join(paths.get('config')!, 'hazelcast.yaml'), 'utf8')).toBe('hazelcast: {}');
    expect(statSync(paths.get('tmp')!).mode & 0o777).toBe(0o777);
  });

  it('fails the mount for a missing ConfigMap unless it is optional', async () => {
    await expect(prepareVolumes(pod([{ name: 'c', configMap: { name: 'gone' } }]), dir, sources)).rejects.toThrow(
      new MountError('configmap "gone" not found'),
    );
    await expect(prepareVolumes(pod([{ name: 'c', configMap: { name: 'gone', optional: true } }]), dir, sources)).resolves.toBeDefined();
  });
});

describe('containerMounts', () => {
  it('mounts /etc/hosts, resolv.conf and the volumes with subPath and readOnly', () => {
    const mounts = containerMounts(
      {
        name: 'hazelcast',
        volumeMounts: [
          { name: 'config', mountPath: '/data/hazelcast', readOnly: true },
          { name: 'config', mountPath: '/etc/hz.yaml', subPath: 'hazelcast.yaml' },
        ],
      },
      new Map([['config', '/pods/u/volumes/config']]),
      '/pods/u/etc-hosts',
      '/pods/u/resolv.conf',
    );
    expect(mounts).toEqual([
      { source: '/pods/u/etc-hosts', target: '/etc/hosts', readOnly: false },
      { source: '/pods/u/resolv.conf', target: '/etc/resolv.conf', readOnly: false },
      { source: '/pods/u/volumes/config', target: '/data/hazelcast', readOnly: true },
      { source: '/pods/u/volumes/config/hazelcast.yaml', target: '/etc/hz.yaml', readOnly: false },
    ]);
    expect(() => containerMounts({ name: 'x', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }, new Map(), 'h')).toThrow(MountError);
  });

  it("refuses a mount path that would cover the agent's staging folder, and allows one beside it", () => {
    const mountAt = (mountPath: string) => () =>
      containerMounts({ name: 'app', volumeMounts: [{ name: 'tmp', mountPath }] }, new Map([['tmp', '/pods/u/volumes/tmp']]), 'h');
    for (const covering of ['/', '/var/lib/', '/var/lib/node-agent']) {
      expect(mountAt(covering)).toThrow(`container app mounts tmp at ${covering}, over the node agent's /var/lib/node-agent/staging`);
    }
    expect(mountAt('/var/lib/node')).not.toThrow();
  });

  it('binds the checkout, the images\' files, back at its own path only when a volume covers it, read-only as the root', () => {
    const volume = (target: string) => [{ source: '/pods/u/volumes/tmp', target, readOnly: false }];
    expect(imageMounts(volume('/tmp'), '/tmp/checkout', true)).toEqual([{ source: '/tmp/checkout', target: '/tmp/checkout', readOnly: true }]);
    expect(imageMounts(volume('/tmp/checkout-2'), '/tmp/checkout', true)).toEqual([]);
    expect(imageMounts(volume('/data'), '/tmp/checkout', false)).toEqual([]);
  });
});

describe('hostsFileContent', () => {
  it("names the Pod's address with its FQDN and hostname, after the kubelet's fixed lines", () => {
    const content = hostsFileContent({ podIP: '10.244.0.1', hostname: 'demo-0', fqdn: 'demo-0.members.shop.svc.cluster.local', extra: [] });
    expect(content.split('\n')).toContain('10.244.0.1\tdemo-0.members.shop.svc.cluster.local\tdemo-0');
    expect(content.startsWith('# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n')).toBe(true);
  });
});
