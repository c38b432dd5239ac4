import { envOf, ofKind, only, render, type Manifest } from './rendered.ts';

// One value switches the topology; the app container is the same in both, but for where its client
// connects. client-server runs the app as a Deployment and the members in a StatefulSet of their
// own, or joins an existing cluster named by values.
const CLIENT_SERVER = { topology: 'client-server' };
const EXTERNAL = { ...CLIENT_SERVER, 'clientServer.externalMembers': '{hz-0.hz.data.svc:5701,hz-1.hz.data.svc:5701}' };

const containersOf = (workload: Manifest) => [...(workload.spec.template.spec.initContainers ?? []), ...workload.spec.template.spec.containers];
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('the client-server topology with a cluster of its own', () => {
  let manifests: Manifest[];
  beforeAll(async () => {
    manifests = await render({ releaseName: 'orders', namespace: 'shop', set: CLIENT_SERVER });
  });

  it('runs the app alone in a Deployment and the members alone in a StatefulSet of clientServer.memberReplicas', () => {
    const app = only(manifests, 'Deployment');
    const members = only(manifests, 'StatefulSet');
    expect(containersOf(app).map((container) => container.name)).toEqual(['app']);
    expect(containersOf(members).map((container) => container.name)).toEqual(['hazelcast']);
    expect(members.spec.replicas).toBe(3);
    expect(app.spec.replicas).toBe(2);
    expect(members.spec.template.spec.initContainers).toBeUndefined();
  });

  it('runs the same app container as the sidecar Pod, its client connected to every member through the headless Service', async () => {
    const sidecarApp = containersOf(only(await render({ releaseName: 'orders', namespace: 'shop' }), 'StatefulSet')).find((c) => c.name === 'app');
    const app = containersOf(only(manifests, 'Deployment'))[0];
    const withoutEnv = (container: Record<string, unknown>) => ({ ...container, env: undefined });
    expect(withoutEnv(app)).toEqual(withoutEnv(sidecarApp));
    expect(envOf(app)).toEqual({
      ...envOf(sidecarApp),
      HAZELCAST_CLUSTER_MEMBERS: 'orders-hazelcast-sidecar-members.shop.svc.cluster.local:5701',
      HAZELCAST_SMART_ROUTING: 'true',
      HAZELCAST_ASYNC_START: 'false',
    });
    expect(envOf(sidecarApp).HAZELCAST_CLUSTER_MEMBERS).toBe('127.0.0.1:5701');
  });

  it("selects apps and members apart: the app's Service only apps, the headless Service, PDB and policy only members", () => {
    const appLabels = only(manifests, 'Deployment').spec.template.metadata.labels;
    const memberLabels = only(manifests, 'StatefulSet').spec.template.metadata.labels;
    const service = (name: string) => only(ofKind(manifests, 'Service').filter((candidate) => candidate.metadata.name === name), 'Service');
    const appService = service('orders-hazelcast-sidecar');
    const headless = service('orders-hazelcast-sidecar-members');
    for (const [selector, selects, skips] of [
      [appService.spec.selector, appLabels, memberLabels],
      [headless.spec.selector, memberLabels, appLabels],
      [only(manifests, 'PodDisruptionBudget').spec.selector.matchLabels, memberLabels, appLabels],
      [only(manifests, 'NetworkPolicy').spec.podSelector.matchLabels, memberLabels, appLabels],
    ]) {
      expect(matches(selector, selects)).toBe(true);
      expect(matches(selector, skips)).toBe(false);
    }
  });

  it("lets only the release's apps and members reach port 5701", () => {
    const policy = only(manifests, 'NetworkPolicy');
    const rule = policy.spec.ingress.find((entry: any) => entry.ports.some((port: any) => port.port === 5701));
    const [from] = rule.from;
    expect(rule.from).toHaveLength(1);
    expect(matches(from.podSelector.matchLabels, only(manifests, 'Deployment').spec.template.metadata.labels)).toBe(true);
    expect(matches(from.podSelector.matchLabels, only(manifests, 'StatefulSet').spec.template.metadata.labels)).toBe(true);
    expect(matches(from.podSelector.matchLabels, { 'app.kubernetes.io/name': 'hazelcast-sidecar', 'app.kubernetes.io/instance': 'other' })).toBe(false);
    expect(policy.spec.ingress.flatMap((entry: any) => entry.ports.map((port: any) => port.port))).not.toContain(5000);
  });

  it("gives the members the discovery RBAC and the token, the app neither", () => {
    expect(ofKind(manifests, 'Role')).toHaveLength(1);
    const app = only(manifests, 'Deployment').spec.template.spec;
    expect(app.automountServiceAccountToken).toBe(false);
    expect(app.volumes.map((volume: any) => volume.name)).toEqual(['app-tmp']);
  });

  it('names the member StatefulSet apart from the app, within 52 characters for a 53-character release', async () => {
    expect(only(manifests, 'StatefulSet').metadata.name).toBe('orders-hazelcast-sidecar-hazelcast');
    const long = await render({ releaseName: 'r'.repeat(53), set: CLIENT_SERVER });
    expect(only(long, 'StatefulSet').metadata.name.length).toBeLessThanOrEqual(52);
  });
});

describe('the client-server topology with an existing cluster', () => {
  it('runs no member, RBAC, ConfigMap, discovery Service, PDB or policy, and connects to the named members', async () => {
    const manifests = await render({ set: EXTERNAL });
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(['Deployment', 'Pod', 'Service', 'ServiceAccount']);
    expect(envOf(containersOf(only(manifests, 'Deployment'))[0])).toMatchObject({
      HAZELCAST_CLUSTER_MEMBERS: 'hz-0.hz.data.svc:5701,hz-1.hz.data.svc:5701',
      HAZELCAST_CLUSTER_NAME: 'dev',
      HAZELCAST_SMART_ROUTING: 'true',
    });
  });

  it('refuses external members in the sidecar topology, and member autoscaling without members, saying why', async () => {
    await expect(render({ set: { 'clientServer.externalMembers': '{hz:5701}' } })).rejects.toThrow(
      /clientServer\.externalMembers is set but topology is sidecar/,
    );
    await expect(render({ set: { ...EXTERNAL, 'clientServer.memberAutoscaling.enabled': true } })).rejects.toThrow(
      /clientServer\.memberAutoscaling\.enabled is true but this release runs no member StatefulSet/,
    );
  });

  it('refuses an unknown topology and a member address without a port', async () => {
    await expect(render({ set: { topology: 'embedded' } })).rejects.toThrow("at '/topology': value must be one of 'sidecar', 'client-server'");
    await expect(render({ set: { ...CLIENT_SERVER, 'clientServer.externalMembers': '{hz.data.svc}' } })).rejects.toThrow(
      "at '/clientServer/externalMembers/0'",
    );
  });
});
