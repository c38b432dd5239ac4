import { quantityToBytes } from '../../tools/pod-runtime/memory-cgroup.ts';
import { podTemplateFrom } from '../../tools/pod-runtime/rendered-pod.ts';

// A hand-written StatefulSet in the shape Kubernetes defines, to pin down how the runner reads one;
// the Pod tests read the chart's own rendering.
function manifests({ nativeSidecar }: { nativeSidecar: boolean }) {
  const member = {
    name: 'hazelcast',
    image: 'hazelcast/hazelcast:5.7.0',
    ...(nativeSidecar ? { restartPolicy: 'Always' } : {}),
    env: [
      { name: 'JAVA_OPTS', value: '-Dhazelcast.shutdownhook.policy=GRACEFUL  -Xmx512m' },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ],
    ports: [{ name: 'hazelcast', containerPort: 5701 }],
    readinessProbe: { httpGet: { path: '/hazelcast/health/ready', port: 'hazelcast' }, periodSeconds: 5 },
    resources: { requests: { memory: '1G' }, limits: { memory: '768Mi' } },
    volumeMounts: [{ name: 'config', mountPath: '/data/hazelcast' }],
  };
  const app = {
    name: 'app',
    env: [
      { name: 'PORT', value: '5000' },
      { name: 'HAZELCAST_CLUSTER_MEMBERS', value: '127.0.0.1:5701' },
    ],
    ports: [{ name: 'http', containerPort: 5000 }],
    readinessProbe: { httpGet: { path: '/health/ready', port: 'http' }, failureThreshold: 2 },
    livenessProbe: { httpGet: { path: '/health/live', port: 5000 } },
  };
  return [
    { kind: 'ConfigMap', metadata: { name: 'rel-hazelcast' }, data: { 'hazelcast.yaml': 'hazelcast:\n  cluster-name: dev\n' } },
    {
      kind: 'StatefulSet',
      metadata: { name: 'rel-sidecar' },
      spec: {
        replicas: 3,
        template: {
          spec: {
            terminationGracePeriodSeconds: 45,
            ...(nativeSidecar ? { initContainers: [member], containers: [app] } : { containers: [app, member] }),
            volumes: [{ name: 'config', configMap: { name: 'rel-hazelcast' } }],
          },
        },
      },
    },
  ];
}

describe('podTemplateFrom', () => {
  it('reads the member, its config, JVM options and probes, with named ports resolved', () => {
    const template = podTemplateFrom(manifests({ nativeSidecar: false }));
    expect(template).toMatchObject({ statefulSetName: 'rel-sidecar', replicas: 3, terminationGracePeriodSeconds: 45 });
    expect(template.nativeSidecar).toBe(false);
    expect(template.member.config).toEqual({ hazelcast: { 'cluster-name': 'dev' } });
    expect(template.member.javaOptions).toEqual(['-Dhazelcast.shutdownhook.policy=GRACEFUL', '-Xmx512m']);
    expect(template.member.env).toEqual({});
    expect(template.member.readiness).toMatchObject({ path: '/hazelcast/health/ready', port: 5701, periodSeconds: 5, failureThreshold: 3 });
  });

  it("reads the app's env and probes, with Kubernetes' probe defaults", () => {
    const { app } = podTemplateFrom(manifests({ nativeSidecar: false }));
    expect(app.env).toEqual({ PORT: '5000', HAZELCAST_CLUSTER_MEMBERS: '127.0.0.1:5701' });
    expect(app.readiness).toEqual({
      path: '/health/ready',
      port: 5000,
      periodSeconds: 10,
      failureThreshold: 2,
      successThreshold: 1,
      timeoutSeconds: 1,
      initialDelaySeconds: 0,
    });
    expect(app.liveness?.path).toBe('/health/live');
  });

  it('finds a member that runs as a native sidecar init container', () => {
    const template = podTemplateFrom(manifests({ nativeSidecar: true }));
    expect(template.nativeSidecar).toBe(true);
    expect(template.member.name).toBe('hazelcast');
    expect(template.app.name).toBe('app');
  });

  it("reads each container's memory limit in bytes, none where none is set", () => {
    const template = podTemplateFrom(manifests({ nativeSidecar: true }));
    expect(template.member.memoryLimitBytes).toBe(768 * 2 ** 20);
    expect(template.app.memoryLimitBytes).toBeUndefined();
  });

  it.each([
    ['256Mi', 256 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['500M', 500e6],
    ['134217728', 134217728],
    ['1.5Gi', 1.5 * 2 ** 30],
  ])('reads the memory quantity %s', (quantity, bytes) => {
    expect(quantityToBytes(quantity)).toBe(bytes);
  });

  it('refuses a memory quantity Kubernetes would not take', () => {
    expect(() => quantityToBytes('1 GB')).toThrow('"1 GB" is not a Kubernetes memory quantity');
  });

  it('refuses a rendering without a StatefulSet', () => {
    expect(() => podTemplateFrom([])).toThrow('the rendered chart has no StatefulSet');
  });
});
