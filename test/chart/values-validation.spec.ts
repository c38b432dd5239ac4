import { render } from './rendered.ts';

// What a platform engineer sees from `helm install` with a bad value: a refusal that names it.
describe('values the chart refuses', () => {
  it.each([
    ['a negative replica count', { replicaCount: -1 }, "at '/replicaCount': minimum: got -1, want 1"],
    ['a replica count that is not a number', { replicaCount: 'three' }, "at '/replicaCount': got string, want integer"],
    ['a node port outside 30000-32767', { 'service.nodePort': 80 }, "at '/service/nodePort'"],
    ['an unknown discovery mode', { 'hazelcast.discovery': 'consul' }, "at '/hazelcast/discovery': value must be one of 'kubernetes', 'dns'"],
    ['a misspelt key', { 'hazelcast.imagePullPolicyy': 'Always' }, "additional properties 'imagePullPolicyy' not allowed"],
    ['an unknown pull policy', { 'app.image.pullPolicy': 'Sometimes' }, "at '/app/image/pullPolicy'"],
    ['an unknown request log', { 'app.requestLog': 'some' }, "at '/app/requestLog': value must be one of 'all', 'errors'"],
    ['an unknown Service type', { 'service.type': 'ExternalName' }, "at '/service/type'"],
    ['a backup count Hazelcast cannot keep', { 'hazelcast.backupCount': 7 }, "at '/hazelcast/backupCount': maximum: got 7, want 6"],
  ])('rejects %s', async (_name, set, message) => {
    await expect(render({ set })).rejects.toThrow(message);
  });

  it('reports every impossible combination at once', async () => {
    const attempt = render({
      set: { terminationGracePeriodSeconds: 30, 'service.type': 'ClusterIP', 'service.nodePort': 30001, 'app.port': 5701 },
    });
    await expect(attempt).rejects.toThrow(
      /terminationGracePeriodSeconds \(30\) must exceed[\s\S]*service\.nodePort is set but service\.type is ClusterIP[\s\S]*app\.port is 5701/,
    );
  });

  it('refuses Kubernetes discovery without RBAC or a ServiceAccount that has it', async () => {
    await expect(render({ set: { 'rbac.create': false } })).rejects.toThrow(/use discovery dns or grant the RBAC/);
  });
});

// Values that rendered a Pod which then broke without a word: refused now, naming the value.
describe('values that would break the Pod silently', () => {
  it.each([
    ['a cluster name in hazelcast.config, which the app would not follow', { 'hazelcast.config.cluster-name': 'other' }, 'hazelcast.config.cluster-name'],
    ["a member port in hazelcast.config, which probes and Services would not follow", { 'hazelcast.config.network.port.port': 5702 }, 'hazelcast.config.network.port'],
    ['the REST API turned off in hazelcast.config, which the probes need', { 'hazelcast.config.network.rest-api.enabled': false }, 'hazelcast.config.network.rest-api'],
    [
      'the health endpoints turned off in hazelcast.config',
      { 'hazelcast.config.network.rest-api.endpoint-groups.HEALTH_CHECK.enabled': false },
      'hazelcast.config.network.rest-api',
    ],
    ['a native sidecar forced on Kubernetes 1.28, where the API server drops restartPolicy', { 'hazelcast.nativeSidecar': true }, 'hazelcast.nativeSidecar', '1.28.0'],
    ['an empty Hazelcast image tag', { 'hazelcast.image.tag': '' }, "at '/hazelcast/image/tag'"],
  ])('refuses %s', async (_name, set, message, kubeVersion = '1.33.0') => {
    await expect(render({ set, kubeVersion })).rejects.toThrow(message);
  });

  it('reports them with the older refusals, all at once', async () => {
    const attempt = render({
      kubeVersion: '1.28.0',
      set: { 'hazelcast.nativeSidecar': true, 'hazelcast.config.cluster-name': 'other', 'app.port': 5701 },
    });
    await expect(attempt).rejects.toThrow(/app\.port is 5701[\s\S]*hazelcast\.nativeSidecar is true[\s\S]*hazelcast\.config\.cluster-name/);
  });

  it('still takes a native sidecar forced on Kubernetes 1.29', async () => {
    await expect(render({ set: { 'hazelcast.nativeSidecar': true }, kubeVersion: '1.29.0' })).resolves.toBeDefined();
  });
});
