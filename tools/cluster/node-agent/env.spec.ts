import type { V1Container, V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { ContainerConfigError, containerEnv, serviceEnv, type EnvSources } from './env.ts';

const pod: V1Pod = {
  metadata: { name: 'demo-0', namespace: 'shop', uid: 'u-1', labels: { 'app.kubernetes.io/name': 'hz' } },
  spec: { nodeName: 'node-a', serviceAccountName: 'demo', containers: [] },
};

const sources: EnvSources = {
  configMaps: (namespace, name) => (namespace === 'shop' && name === 'settings' ? { LEVEL: 'debug', MODE: 'x' } : undefined),
  secrets: (namespace, name) => (namespace === 'shop' && name === 'creds' ? { password: 's3cret' } : undefined),
  podIP: '10.244.0.7',
  hostIP: '10.244.0.254',
  serviceEnv: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
};

const envOf = (container: Partial<V1Container>) => containerEnv(pod, { name: 'c', ...container }, sources);

describe('containerEnv', () => {
  it('resolves the downward API fields the chart and the member read', () => {
    const env = envOf({
      env: [
        { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/name']" } } },
      ],
    });
    expect(env).toMatchObject({ NAME: 'demo-0', NS: 'shop', IP: '10.244.0.7', HOST: '10.244.0.254', NODE: 'node-a', APP: 'hz' });
  });

  it('expands $(VAR) against earlier variables and the Service variables only', () => {
    const env = envOf({
      env: [
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'URL', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)/$(IP)/$(LATER)' },
        { name: 'LATER', value: 'late' },
      ],
    });
    expect(env.URL).toBe('https://10.96.0.1:443/10.244.0.7/$(LATER)');
  });

  it('lets the container override a Service variable', () => {
    expect(envOf({ env: [{ name: 'KUBERNETES_SERVICE_PORT', value: '6443' }] }).KUBERNETES_SERVICE_PORT).toBe('6443');
  });

  it('reads configMapKeyRef, secretKeyRef and envFrom with its prefix', () => {
    const env = envOf({
      envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }],
      env: [
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LEVEL' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
      ],
    });
    expect(env).toMatchObject({ CFG_LEVEL: 'debug', CFG_MODE: 'x', LEVEL: 'debug', PASSWORD: 's3cret' });
  });

  it('fails the container on a missing key unless the reference is optional', () => {
    const missing = { name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'NOPE' } } };
    expect(() => envOf({ env: [missing] })).toThrow(new ContainerConfigError("couldn't find key NOPE in configmap shop/settings"));
    expect(() => envOf({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }] })).toThrow(
      'secret "gone" not found',
    );
    const optional = { ...missing, valueFrom: { configMapKeyRef: { ...missing.valueFrom.configMapKeyRef, optional: true } } };
    expect(envOf({ env: [optional] })).not.toHaveProperty('X');
  });

  it('gives resourceFieldRef the limit in units of its divisor, rounded up', () => {
    const env = envOf({
      resources: { limits: { memory: '512Mi', cpu: '250m' } },
      env: [
        { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      ],
    });
    expect(env).toMatchObject({ MEM_MI: '512', CPU: '1' });
  });
});

describe('serviceEnv', () => {
  const service = (namespace: string, name: string, clusterIP: string, ports: object[]): V1Service => ({
    metadata: { namespace, name },
    spec: { clusterIP, ports: ports as V1ServicePort[] },
  });
  const services = [
    service('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
    service('shop', 'demo-api', '10.96.0.20', [{ name: 'http', port: 5000 }]),
    service('shop', 'demo-members', 'None', [{ port: 5701 }]),
    service('other', 'elsewhere', '10.96.0.30', [{ port: 80 }]),
  ];

  it("gives the API server's and the namespace's Services as Docker-link variables, headless ones left out", () => {
    const env = serviceEnv(pod, services);
    expect(env).toMatchObject({
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      DEMO_API_SERVICE_HOST: '10.96.0.20',
      DEMO_API_PORT: 'tcp://10.96.0.20:5000',
      DEMO_API_PORT_5000_TCP_ADDR: '10.96.0.20',
    });
    expect(Object.keys(env).filter((name) => name.startsWith('DEMO_MEMBERS') || name.startsWith('ELSEWHERE'))).toEqual([]);
  });

  it('keeps only the API server with enableServiceLinks false', () => {
    const env = serviceEnv({ ...pod, spec: { ...pod.spec!, enableServiceLinks: false } }, services);
    expect(Object.keys(env).some((name) => name.startsWith('DEMO_API'))).toBe(false);
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
  });
});
