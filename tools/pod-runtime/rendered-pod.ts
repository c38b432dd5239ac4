// Reads what a local Pod needs from the chart's rendered manifests: each workload's Pod template
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
  /** Variables the kubelet fills with the Pod's StatefulSet ordinal (the pod-index label). */
  podIndexEnv: string[];
  ports: Record<string, number>;
  readiness?: Probe;
  liveness?: Probe;
  startup?: Probe;
  /** resources.limits.memory in bytes, when the container has one. */
  memoryLimitBytes?: number;
}

export type MemberSpec = ContainerSpec & { javaOptions: string[]; config: { hazelcast: Record<string, any> } };

/** The Pod template of one workload: a sidecar Pod has both containers, client-server's one each. */
export interface WorkloadTemplate {
  kind: 'StatefulSet' | 'Deployment';
  name: string;
  replicas: number;
  terminationGracePeriodSeconds: number;
  /** The member runs as a native sidecar (an init container with restartPolicy Always). */
  nativeSidecar: boolean;
  member?: MemberSpec;
  app?: ContainerSpec;
}

/** The sidecar topology's StatefulSet: the app and its member in every Pod. */
export interface PodTemplate extends WorkloadTemplate {
  statefulSetName: string;
  member: MemberSpec;
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

const POD_INDEX_FIELD = "metadata.labels['apps.kubernetes.io/pod-index']";

function podIndexEnvOf(container: any): string[] {
  return (container.env ?? [])
    .filter((variable: any) => variable.valueFrom?.fieldRef?.fieldPath === POD_INDEX_FIELD)
    .map((variable: any) => variable.name);
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
    podIndexEnv: podIndexEnvOf(container),
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
  const { member, app, ...workload } = workloadTemplateOf(statefulSet, manifests);
  if (!member || !app) throw new Error('the Pod template needs a member container (port 5701) and an app container');
  return { ...workload, statefulSetName: workload.name, member, app };
}

/** Every StatefulSet and Deployment of the rendering: one in the sidecar topology, two in client-server. */
export function workloadTemplatesFrom(manifests: Manifest[]): WorkloadTemplate[] {
  return manifests
    .filter((manifest) => manifest?.kind === 'StatefulSet' || manifest?.kind === 'Deployment')
    .map((workload) => workloadTemplateOf(workload, manifests));
}

function workloadTemplateOf(workload: Manifest, manifests: Manifest[]): WorkloadTemplate {
  const pod = workload.spec.template.spec;
  const sidecars = (pod.initContainers ?? []).filter((container: any) => container.restartPolicy === 'Always');
  const member = [...sidecars, ...pod.containers].find(servesMemberPort);
  const app = pod.containers.find((container: any) => !servesMemberPort(container));
  if (!member && !app) throw new Error(`${workload.kind} ${workload.metadata.name} has neither a member container (port 5701) nor an app container`);
  return {
    kind: workload.kind as WorkloadTemplate['kind'],
    name: workload.metadata.name,
    // Left out under an HPA: the API server's default.
    replicas: workload.spec.replicas ?? 1,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
    nativeSidecar: sidecars.includes(member),
    member: member && memberSpecOf(member, pod, manifests),
    app: app && containerOf(app),
  };
}

function memberSpecOf(member: any, pod: any, manifests: Manifest[]): MemberSpec {
  const configMapName = (pod.volumes ?? []).find((volume: any) =>
    (member.volumeMounts ?? []).some((mount: any) => mount.name === volume.name && volume.configMap),
  )?.configMap?.name;
  const configMap = manifests.find((manifest) => manifest?.kind === 'ConfigMap' && manifest.metadata.name === configMapName);
  const configText = configMap?.data?.['hazelcast.yaml'];
  if (!configText) throw new Error(`no hazelcast.yaml in the member's ConfigMap (${configMapName ?? 'none mounted'})`);

  const memberSpec = containerOf(member);
  const { JAVA_OPTS: javaOpts = '', ...memberEnv } = memberSpec.env;
  return {
    ...memberSpec,
    env: memberEnv,
    javaOptions: javaOpts.split(/\s+/).filter(Boolean),
    config: parse(configText),
  };
}
