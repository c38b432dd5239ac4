import { ofKind, only, render } from './rendered.ts';

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

  it('leaves RBAC out when rbac.create is false', async () => {
    const manifests = await render({ set: { 'rbac.create': false, 'serviceAccount.name': 'platform-hazelcast' } });
    expect(ofKind(manifests, 'Role')).toEqual([]);
    expect(only(manifests, 'StatefulSet').spec.template.spec.serviceAccountName).toBe('platform-hazelcast');
  });
});
