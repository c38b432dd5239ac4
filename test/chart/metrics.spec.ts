import { envOf, ofKind, only, podOf, render } from './rendered.ts';

// Prometheus metrics from both containers: the app's /metrics (always served) and the member's
// exporter, which the Hazelcast image starts when PROMETHEUS_PORT is set.
describe('metrics', () => {
  it("switches the member's exporter on at metrics.memberPort and announces the app's /metrics by default", async () => {
    const manifests = await render();
    const { member, app } = podOf(manifests);
    expect(envOf(member).PROMETHEUS_PORT).toBe('8080');
    expect(member.ports).toContainEqual({ name: 'member-metrics', containerPort: 8080, protocol: 'TCP' });
    const annotations = only(manifests, 'StatefulSet').spec.template.metadata.annotations;
    expect(annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(app.ports[0].containerPort),
      'prometheus.io/path': '/metrics',
    });
  });

  it('renders no exporter, no annotations and no ServiceMonitor when metrics are off', async () => {
    const manifests = await render({ set: { 'metrics.enabled': false } });
    const { member } = podOf(manifests);
    expect(envOf(member).PROMETHEUS_PORT).toBeUndefined();
    expect(member.ports.map((port: { name: string }) => port.name)).toEqual(['hazelcast']);
    expect(Object.keys(only(manifests, 'StatefulSet').spec.template.metadata.annotations)).toEqual(['checksum/config']);
    expect(ofKind(manifests, 'ServiceMonitor')).toEqual([]);
  });

  it('renders no ServiceMonitor unless asked: the Prometheus Operator CRD may not be installed', async () => {
    const manifests = await render();
    expect(ofKind(manifests, 'ServiceMonitor')).toEqual([]);
    expect(ofKind(manifests, 'Service').map((service) => service.metadata.name)).not.toContain('demo-hazelcast-sidecar-metrics');
  });

  it("scrapes both containers of every Pod through a headless Service that selects only this release's Pods", async () => {
    const manifests = await render({ set: { 'metrics.serviceMonitor.enabled': true, 'metrics.serviceMonitor.labels.release': 'kube-prometheus' } });
    const monitor = only(manifests, 'ServiceMonitor');
    expect(monitor.metadata.labels?.release).toBe('kube-prometheus');
    expect(monitor.spec.endpoints.map((endpoint: { port: string; path: string }) => `${endpoint.port} ${endpoint.path}`)).toEqual([
      'app-metrics /metrics',
      'member-metrics /metrics',
    ]);
    const metricsService = ofKind(manifests, 'Service').find((service) =>
      Object.entries(monitor.spec.selector.matchLabels).every(([key, value]) => service.metadata.labels?.[key] === value),
    );
    expect(metricsService?.spec.clusterIP).toBe('None');
    expect(metricsService?.spec.selector).toEqual(only(manifests, 'StatefulSet').spec.selector.matchLabels);
    const { app } = podOf(manifests);
    expect(metricsService?.spec.ports).toEqual([
      { name: 'app-metrics', port: app.ports[0].containerPort, targetPort: 'http', protocol: 'TCP' },
      { name: 'member-metrics', port: 8080, targetPort: 8080, protocol: 'TCP' },
    ]);
    // Only the discovery Service may carry the members' port, and it is headless.
    for (const service of ofKind(manifests, 'Service').filter((candidate) => candidate !== metricsService)) {
      if (service.spec.clusterIP !== 'None') expect(service.spec.ports.map((port: { port: number }) => port.port)).not.toContain(5701);
    }
  });

  it('refuses a ServiceMonitor without metrics, and a metrics port that collides with the Pod’s others', async () => {
    await expect(render({ set: { 'metrics.enabled': false, 'metrics.serviceMonitor.enabled': true } })).rejects.toThrow(
      /metrics.serviceMonitor.enabled is true but metrics.enabled is false/,
    );
    await expect(render({ set: { 'metrics.memberPort': 5000 } })).rejects.toThrow(/metrics.memberPort \(5000\) is the app's port/);
    await expect(render({ set: { 'metrics.memberPort': 5701 } })).rejects.toThrow("at '/metrics/memberPort'");
    await expect(render({ set: { 'metrics.serviceMonitor.interval': 'often' } })).rejects.toThrow("at '/metrics/serviceMonitor/interval'");
  });
});
