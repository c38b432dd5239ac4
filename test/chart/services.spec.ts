import { ofKind, only, render } from './rendered.ts';

describe('Services', () => {
  it("exposes the app through a NodePort Service, and only the app's port", async () => {
    const services = ofKind(await render(), 'Service');
    const app = services.find((service) => service.spec.clusterIP !== 'None');
    expect(app?.spec.type).toBe('NodePort');
    expect(app?.spec.ports).toEqual([{ name: 'http', port: 5000, targetPort: 'http', protocol: 'TCP' }]);
  });

  it('never puts the member port 5701 on a Service reachable from outside the cluster', async () => {
    for (const type of ['NodePort', 'LoadBalancer', 'ClusterIP']) {
      for (const service of ofKind(await render({ set: { 'service.type': type } }), 'Service')) {
        const exposes5701 = service.spec.ports.some((port: any) => port.port === 5701 || port.targetPort === 5701);
        if (exposes5701) {
          expect(service.spec.clusterIP).toBe('None');
          expect(service.spec.type).toBe('ClusterIP');
        }
      }
    }
  });

  it('publishes not-ready members on the headless discovery Service', async () => {
    const headless = ofKind(await render(), 'Service').find((service) => service.spec.clusterIP === 'None');
    expect(headless?.spec.publishNotReadyAddresses).toBe(true);
    expect(headless?.spec.ports).toEqual([{ name: 'hazelcast', port: 5701, targetPort: 5701, protocol: 'TCP' }]);
  });

  it('takes a fixed node port', async () => {
    const services = ofKind(await render({ set: { 'service.nodePort': 30500 } }), 'Service');
    expect(services.find((service) => service.spec.type === 'NodePort')?.spec.ports[0].nodePort).toBe(30500);
  });

  it('limits disruptions to one Pod at a time', async () => {
    expect(only(await render(), 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  it("lets only this release's Pods reach 5701, by default", async () => {
    const policy = only(await render(), 'NetworkPolicy');
    const memberRule = policy.spec.ingress.find((rule: any) => rule.ports[0].port === 5701);
    expect(memberRule.from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'hazelcast-sidecar', 'app.kubernetes.io/instance': 'demo' } } },
    ]);
    expect(policy.spec.podSelector).toEqual(memberRule.from[0].podSelector);
  });

  it('leaves the NetworkPolicy out when networkPolicy.enabled is false', async () => {
    expect(ofKind(await render({ set: { 'networkPolicy.enabled': false } }), 'NetworkPolicy')).toEqual([]);
  });
});
