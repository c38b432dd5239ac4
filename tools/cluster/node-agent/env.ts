// A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go
// makeEnvironmentVariables): envFrom first, then env in order, each value's $(VAR) expanded against
// what came before and the Service variables; the Service variables fill in the names left.
import type { V1Container, V1EnvVar, V1Pod, V1Service } from '@kubernetes/client-node';
import { expandReferences } from './expand.ts';

export interface EnvSources {
  configMaps: (namespace: string, name: string) => Record<string, string> | undefined;
  secrets: (namespace: string, name: string) => Record<string, string> | undefined;
  /** The Pod's own address, known before its containers start (the agent allocates it). */
  podIP: string;
  hostIP: string;
  /** The Services the kubelet turns into *_SERVICE_HOST / *_PORT variables. */
  serviceEnv: Record<string, string>;
}

/** A container that cannot start because of its environment: the kubelet's CreateContainerConfigError. */
export class ContainerConfigError extends Error {}

export function containerEnv(pod: V1Pod, container: V1Container, sources: EnvSources): Record<string, string> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const data = from.configMapRef ? sources.configMaps(namespace, ref.name ?? '') : sources.secrets(namespace, ref.name ?? '');
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${from.configMapRef ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [key, value] of Object.entries(data)) env[`${from.prefix ?? ''}${key}`] = value;
  }
  const lookup = (name: string) => env[name] ?? sources.serviceEnv[name];
  for (const variable of container.env ?? []) {
    const value = variable.valueFrom
      ? valueFrom(pod, container, variable, sources)
      : expandReferences(variable.value ?? '', lookup);
    if (value !== undefined) env[variable.name] = value;
  }
  return { ...sources.serviceEnv, ...env };
}

function valueFrom(pod: V1Pod, container: V1Container, variable: V1EnvVar, sources: EnvSources): string | undefined {
  const from = variable.valueFrom!;
  const namespace = pod.metadata?.namespace ?? 'default';
  if (from.fieldRef) return fieldValue(pod, from.fieldRef.fieldPath, sources);
  if (from.resourceFieldRef) return resourceValue(container, from.resourceFieldRef.resource, from.resourceFieldRef.divisor);
  const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
  if (!keyRef) throw new ContainerConfigError(`env ${variable.name}: valueFrom has no source the agent knows`);
  const kind = from.configMapKeyRef ? 'configmap' : 'secret';
  const data = from.configMapKeyRef ? sources.configMaps(namespace, keyRef.name ?? '') : sources.secrets(namespace, keyRef.name ?? '');
  const value = data?.[keyRef.key];
  if (value === undefined && !keyRef.optional) {
    throw new ContainerConfigError(
      data ? `couldn't find key ${keyRef.key} in ${kind} ${namespace}/${keyRef.name}` : `${kind} "${keyRef.name}" not found`,
    );
  }
  return value;
}

const LABEL_OR_ANNOTATION = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** The downward API's fieldRef paths (pkg/api/v1/pod.ConvertDownwardAPIFieldLabel and the kubelet's). */
export function fieldValue(pod: V1Pod, fieldPath: string, { podIP, hostIP }: Pick<EnvSources, 'podIP' | 'hostIP'>): string {
  const meta = pod.metadata ?? {};
  const keyed = LABEL_OR_ANNOTATION.exec(fieldPath);
  if (keyed) return (keyed[1] === 'labels' ? meta.labels : meta.annotations)?.[keyed[2]] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? 'default';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return hostIP;
    default:
      throw new ContainerConfigError(`unsupported fieldRef fieldPath ${fieldPath}`);
  }
}

const QUANTITY = /^(\d+(?:\.\d+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/;
const FACTORS: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** A Kubernetes quantity ("512Mi", "250m") as a number of units. */
export function parseQuantity(quantity: string): number {
  const match = QUANTITY.exec(quantity.trim());
  if (!match) throw new ContainerConfigError(`cannot read the quantity "${quantity}"`);
  return Number(match[1]) * FACTORS[match[2] ?? ''];
}

// The kubelet rounds up to the divisor; an unset limit falls back to the node's allocatable, which
// the agent does not know: it is reported as 0 here (listed in the README).
function resourceValue(container: V1Container, resource: string, divisor: unknown = '1'): string {
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  const quantity = container.resources?.[kind]?.[name];
  if (quantity === undefined) return '0';
  return String(Math.ceil(parseQuantity(String(quantity)) / parseQuantity(String(divisor))));
}

/**
 * The variables the kubelet gives every container: KUBERNETES_SERVICE_* for the API server, and
 * Docker-link style ones for each Service of the Pod's namespace (enableServiceLinks, on by default).
 */
export function serviceEnv(pod: V1Pod, services: V1Service[]): Record<string, string> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {};
  const linked = pod.spec?.enableServiceLinks === false ? [] : services.filter((s) => s.metadata?.namespace === namespace);
  const master = services.find((s) => s.metadata?.namespace === 'default' && s.metadata?.name === 'kubernetes');
  for (const service of master && !linked.includes(master) ? [...linked, master] : linked) {
    const ip = service.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const prefix = (service.metadata?.name ?? '').toUpperCase().replace(/-/g, '_');
    const ports = service.spec?.ports ?? [];
    if (ports.length === 0) continue;
    env[`${prefix}_SERVICE_HOST`] = ip;
    env[`${prefix}_SERVICE_PORT`] = String(ports[0].port);
    for (const port of ports) {
      if (port.name) env[`${prefix}_SERVICE_PORT_${port.name.toUpperCase().replace(/-/g, '_')}`] = String(port.port);
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
      env[portPrefix] = `${protocol}://${ip}:${port.port}`;
      env[`${portPrefix}_PROTO`] = protocol;
      env[`${portPrefix}_PORT`] = String(port.port);
      env[`${portPrefix}_ADDR`] = ip;
    }
    env[`${prefix}_PORT`] = `${(ports[0].protocol ?? 'TCP').toLowerCase()}://${ip}:${ports[0].port}`;
  }
  return env;
}
