import { envOf, podOf, render } from './rendered.ts';

describe('the sidecar Pod', () => {
  it('holds the app and a Hazelcast member, with the ports each really listens on', async () => {
    const { app, member } = podOf(await render());
    expect(app.image).toBe('hazelcast-sidecar-api:0.1.0');
    expect(app.ports).toEqual([{ name: 'http', containerPort: 5000, protocol: 'TCP' }]);
    expect(member.image).toBe('hazelcast/hazelcast:5.7.0');
    expect(member.ports).toEqual([
      { name: 'hazelcast', containerPort: 5701, protocol: 'TCP' },
      // The image's Prometheus exporter (PROMETHEUS_PORT); see metrics.spec.ts.
      { name: 'member-metrics', containerPort: 8080, protocol: 'TCP' },
    ]);
  });

  it("points the app at its own Pod's member on localhost, with the member's cluster name", async () => {
    const { app } = podOf(await render({ set: { 'hazelcast.clusterName': 'orders' } }));
    expect(envOf(app)).toMatchObject({ PORT: '5000', HAZELCAST_CLUSTER_MEMBERS: '127.0.0.1:5701', HAZELCAST_CLUSTER_NAME: 'orders' });
  });

  it('logs a line per request by default, and only the 4xx and 5xx ones with app.requestLog=errors', async () => {
    expect(envOf(podOf(await render()).app)).toMatchObject({ LOG_LEVEL: 'log', REQUEST_LOG: 'all' });
    expect(envOf(podOf(await render({ set: { 'app.requestLog': 'errors' } })).app).REQUEST_LOG).toBe('errors');
  });

  it("probes the app's /health/live and /health/ready and the member's health endpoints", async () => {
    const { app, member } = podOf(await render());
    expect(app.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(app.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(member.startupProbe.httpGet).toEqual({ path: '/hazelcast/health/node-state', port: 'hazelcast' });
    expect(member.livenessProbe.httpGet).toEqual({ path: '/hazelcast/health/node-state', port: 'hazelcast' });
    expect(member.readinessProbe.httpGet).toEqual({ path: '/hazelcast/health/ready', port: 'hazelcast' });
  });

  it('shuts the member down gracefully, within the grace period the Pod gets', async () => {
    const { pod, member, app } = podOf(await render());
    const javaOpts = envOf(member).JAVA_OPTS;
    expect(javaOpts).toContain('-Dhazelcast.shutdownhook.policy=GRACEFUL');
    const memberWait = Number(/-Dhazelcast\.graceful\.shutdown\.max\.wait=(\d+)/.exec(javaOpts)?.[1]);
    const appDelay = Number(envOf(app).SHUTDOWN_DELAY_MS) / 1000;
    expect(memberWait + appDelay).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  it('runs the member as a native sidecar on Kubernetes 1.29 and later', async () => {
    const { pod } = podOf(await render({ kubeVersion: '1.29.0' }));
    expect(pod.initContainers.map((container: any) => [container.name, container.restartPolicy])).toEqual([['hazelcast', 'Always']]);
    expect(pod.containers.map((container: any) => container.name)).toEqual(['app']);
  });

  it('runs the member as an ordinary second container before 1.29', async () => {
    const { pod } = podOf(await render({ kubeVersion: '1.28.0' }));
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers.map((container: any) => container.name)).toEqual(['app', 'hazelcast']);
  });

  it.each([
    ['true', '1.29.0', true],
    ['false', '1.33.0', false],
  ])('follows hazelcast.nativeSidecar=%s whatever the cluster version (%s)', async (mode, kubeVersion, native) => {
    const { pod } = podOf(await render({ kubeVersion, set: { 'hazelcast.nativeSidecar': mode } }));
    expect(pod.initContainers !== undefined).toBe(native);
  });

  it('runs both containers as non-root, without privilege escalation or capabilities, read-only', async () => {
    const { pod, app, member } = podOf(await render());
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    for (const container of [app, member]) {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.resources.limits.memory).toBeDefined();
    }
  });

  it('spreads the Pods over nodes by default, so one node lost takes one member with it', async () => {
    const { pod } = podOf(await render());
    const selector = { 'app.kubernetes.io/name': 'hazelcast-sidecar', 'app.kubernetes.io/instance': 'demo' };
    expect(pod.affinity.podAntiAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } },
      ],
    });
    const hard = podOf(await render({ set: { podAntiAffinityPreset: 'hard' } })).pod.affinity.podAntiAffinity;
    expect(hard.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    expect(podOf(await render({ set: { podAntiAffinityPreset: 'none' } })).pod.affinity).toBeUndefined();
  });

  it("takes the user's affinity instead of the preset", async () => {
    const term = 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]';
    const { pod } = podOf(await render({ set: { [`${term}.key`]: 'disk', [`${term}.operator`]: 'Exists' } }));
    expect(Object.keys(pod.affinity)).toEqual(['nodeAffinity']);
  });

  it('passes scheduling values through as given', async () => {
    const { pod } = podOf(
      await render({ set: { 'nodeSelector.disk': 'ssd', 'tolerations[0].key': 'dedicated', 'tolerations[0].operator': 'Exists' } }),
    );
    expect(pod.nodeSelector).toEqual({ disk: 'ssd' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
  });
});

describe('values the Pod follows', () => {
  it('renders each environment variable once, the user\'s app.env and hazelcast.env winning over the chart\'s', async () => {
    const { app, member } = podOf(
      await render({
        set: {
          'app.env[0].name': 'HAZELCAST_CLUSTER_MEMBERS',
          'app.env[0].value': '127.0.0.1:5701',
          'app.env[1].name': 'LOG_LEVEL',
          'app.env[1].value': 'debug',
          'app.env[2].name': 'EXTRA',
          'app.env[2].value': 'yes',
          'hazelcast.env[0].name': 'JAVA_OPTS',
          'hazelcast.env[0].value': '-Xmx100m',
        },
      }),
    );
    for (const container of [app, member]) {
      const names = container.env.map((variable: any) => variable.name);
      expect(names).toEqual([...new Set(names)]);
    }
    expect(envOf(app)).toMatchObject({ LOG_LEVEL: 'debug', EXTRA: 'yes', HAZELCAST_CLUSTER_MEMBERS: '127.0.0.1:5701' });
    expect(envOf(member)).toMatchObject({ JAVA_OPTS: '-Xmx100m', PROMETHEUS_PORT: '8080' });
  });

  it("pulls the helm test image with tests.image.pullPolicy", async () => {
    const [testPod] = (await render({ set: { 'tests.image.pullPolicy': 'Never' } })).filter(
      (manifest) => manifest.kind === 'Pod' && manifest.metadata.annotations?.['helm.sh/hook'] === 'test',
    );
    expect(testPod.spec.containers[0].imagePullPolicy).toBe('Never');
  });
});
