// Reads what a local Pod needs from the chart's rendered manifests: the StatefulSet's Pod template
// (containers, env, ports, probes, grace period) and the member's hazelcast.yaml from its ConfigMap.
// Nothing here knows the chart's values: a change to the templates changes what runs locally.
import { parse } from 'yaml';
import { quantityToBytes } from './memory-cgroup.ts';

type Manifest = { kind: string; metadata: { name: string }; [field: string]: any };

export interface Probe {
  path: string;
  port: number;
  periodSeconds: number;
  failureThreshold: number;
  successThreshold: number;
  timeoutSeconds: number;
  initialDelaySeconds: number;
}

export interface ContainerSpec {
  name: string;
  env: Record<string, string>;
  ports: Record<string, number>;
  readiness?: Probe;
  liveness?: Probe;
  startup?: Probe;
  /** resources.limits.memory in bytes, when the container has one. */
  memoryLimitBytes?: number;
}

export interface PodTemplate {
  statefulSetName: string;
  replicas: number;
  terminationGracePeriodSeconds: number;
  /** The member runs as a native sidecar (an init container with restartPolicy Always). */
  nativeSidecar: boolean;
  member: ContainerSpec & { javaOptions: string[]; config: { hazelcast: Record<string, any> } };
  app: ContainerSpec;
}

const MEMBER_PORT = 5701;

function envOf(container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    // valueFrom (the Pod's IP, a Secret...) has no local equivalent; such variables are left out.
    if (typeof variable.value === 'string') env[variable.name] = variable.value;
  }
  return env;
}

function probeOf(probe: any, ports: Record<string, number>): Probe | undefined {
  const get = probe?.httpGet;
  if (!get) return undefined;
  const port = typeof get.port === 'number' ? get.port : ports[get.port];
  if (port === undefined) throw new Error(`probe port ${get.port} is not a port of its container`);
  return {
    path: get.path ?? '/',
    port,
    periodSeconds: probe.periodSeconds ?? 10,
    failureThreshold: probe.failureThreshold ?? 3,
    successThreshold: probe.successThreshold ?? 1,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
  };
}

function containerOf(container: any): ContainerSpec {
  const ports = Object.fromEntries(
    (container.ports ?? []).map((port: any) => [port.name ?? String(port.containerPort), port.containerPort]),
  );
  return {
    name: container.name,
    env: envOf(container),
    ports,
    readiness: probeOf(container.readinessProbe, ports),
    liveness: probeOf(container.livenessProbe, ports),
    startup: probeOf(container.startupProbe, ports),
    memoryLimitBytes: memoryLimitOf(container),
  };
}

function memoryLimitOf(container: any): number | undefined {
  const limit = container.resources?.limits?.memory;
  return limit === undefined ? undefined : quantityToBytes(limit);
}

const servesMemberPort = (container: any) =>
  (container.ports ?? []).some((port: any) => port.containerPort === MEMBER_PORT);

/** The Pod template of the chart's StatefulSet, from `helm template` output (one or more documents). */
export function podTemplateFrom(manifests: Manifest[]): PodTemplate {
  const statefulSet = manifests.find((manifest) => manifest?.kind === 'StatefulSet');
  if (!statefulSet) throw new Error('the rendered chart has no StatefulSet');
  const pod = statefulSet.spec.template.spec;
  const sidecars = (pod.initContainers ?? []).filter((container: any) => container.restartPolicy === 'Always');
  const candidates = [...sidecars, ...pod.containers];
  const member = candidates.find(servesMemberPort);
  const app = pod.containers.find((container: any) => !servesMemberPort(container));
  if (!member || !app) throw new Error('the Pod template needs a member container (port 5701) and an app container');

  const configMapName = (pod.volumes ?? []).find((volume: any) =>
    (member.volumeMounts ?? []).some((mount: any) => mount.name === volume.name && volume.configMap),
  )?.configMap?.name;
  const configMap = manifests.find((manifest) => manifest?.kind === 'ConfigMap' && manifest.metadata.name === configMapName);
  const configText = configMap?.data?.['hazelcast.yaml'];
  if (!configText) throw new Error(`no hazelcast.yaml in the member's ConfigMap (${configMapName ?? 'none mounted'})`);

  const memberSpec = containerOf(member);
  const { JAVA_OPTS: javaOpts = '', ...memberEnv } = memberSpec.env;
  return {
    statefulSetName: statefulSet.metadata.name,
    replicas: statefulSet.spec.replicas ?? 1,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
    nativeSidecar: sidecars.includes(member),
    member: {
      ...memberSpec,
      env: memberEnv,
      javaOptions: javaOpts.split(/\s+/).filter(Boolean),
      config: parse(configText),
    },
    app: containerOf(app),
  };
}
