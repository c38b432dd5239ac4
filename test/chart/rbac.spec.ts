import { ofKind, only, podOf, render } from './rendered.ts';

describe('RBAC for Kubernetes discovery', () => {
  it('grants exactly get and list on what discovery reads, in the release namespace only', async () => {
    const manifests = await render({ namespace: 'shop' });
    expect(ofKind(manifests, 'ClusterRole')).toEqual([]);
    expect(ofKind(manifests, 'ClusterRoleBinding')).toEqual([]);
    const role = only(manifests, 'Role');
    expect(role.metadata.namespace).toBe('shop');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['endpoints', 'pods', 'services'], verbs: ['get', 'list'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list'] },
    ]);
  });

  it("binds the Role to the Pods' ServiceAccount", async () => {
    const manifests = await render();
    const binding = only(manifests, 'RoleBinding');
    const account = only(manifests, 'ServiceAccount');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: only(manifests, 'Role').metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: 'default' }]);
    expect(only(manifests, 'StatefulSet').spec.template.spec.serviceAccountName).toBe(account.metadata.name);
  });

  it('renders no Role, no RoleBinding and no API token in DNS discovery mode', async () => {
    const manifests = await render({ set: { 'hazelcast.discovery': 'dns', 'rbac.create': false } });
    expect(ofKind(manifests, 'Role')).toEqual([]);
    expect(ofKind(manifests, 'RoleBinding')).toEqual([]);
    expect(only(manifests, 'StatefulSet').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it("mounts the API token into the member only: the app, which faces users, has none", async () => {
    const manifests = await render();
    const { pod, member, app } = podOf(manifests);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(app.volumeMounts.filter((mount: any) => mount.mountPath.startsWith('/var/run/secrets'))).toEqual([]);
    const tokenMount = member.volumeMounts.find((mount: any) => mount.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount');
    expect(tokenMount.readOnly).toBe(true);
    const volume = pod.volumes.find((candidate: any) => candidate.name === tokenMount.name);
    expect(volume.projected.sources).toEqual([
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ]);
  });

  it('mounts no API token at all in DNS discovery mode', async () => {
    const { pod, member } = podOf(await render({ set: { 'hazelcast.discovery': 'dns', 'rbac.create': false } }));
    expect(member.volumeMounts.filter((mount: any) => mount.mountPath.startsWith('/var/run/secrets'))).toEqual([]);
    expect(pod.volumes.filter((volume: any) => volume.projected)).toEqual([]);
  });

  it('leaves RBAC out when rbac.create is false', async () => {
    const manifests = await render({ set: { 'rbac.create': false, 'serviceAccount.name': 'platform-hazelcast' } });
    expect(ofKind(manifests, 'Role')).toEqual([]);
    expect(only(manifests, 'StatefulSet').spec.template.spec.serviceAccountName).toBe('platform-hazelcast');
  });
});
