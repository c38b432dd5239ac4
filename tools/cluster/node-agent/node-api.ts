// What the agent asks of the API server, with the node's own credentials (system:node:<name>):
// the Node authorizer lets it read only what its Pods reference and write only their status.
import { randomBytes } from 'node:crypto';
import {
  ApiException,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Pod,
  type V1Service,
} from '@kubernetes/client-node';

const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const isNotFound = (error: unknown) => error instanceof ApiException && error.code === 404;

async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export class NodeApi {
  readonly core: CoreV1Api;
  private readonly nodeName: string;

  constructor(kubeconfig: KubeConfig, nodeName: string) {
    this.core = kubeconfig.makeApiClient(CoreV1Api);
    this.nodeName = nodeName;
  }

  async configMap(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    const configMap = await orUndefined(this.core.readNamespacedConfigMap({ namespace, name }));
    return configMap && { ...configMap.data };
  }

  async secret(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    const secret = await orUndefined(this.core.readNamespacedSecret({ namespace, name }));
    if (!secret) return undefined;
    const decoded = Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]);
    return { ...Object.fromEntries(decoded), ...secret.stringData };
  }

  async services(): Promise<V1Service[]> {
    return (await this.core.listServiceForAllNamespaces()).items;
  }

  async serviceAccountToken(pod: V1Pod, audience: string | undefined, expirationSeconds: number): Promise<string> {
    const { name, namespace = 'default', uid } = pod.metadata ?? {};
    const response = await this.core.createNamespacedServiceAccountToken({
      name: pod.spec?.serviceAccountName ?? 'default',
      namespace,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {
          audiences: audience ? [audience] : [],
          expirationSeconds,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name, uid },
        },
      },
    });
    if (!response.status?.token) throw new Error(`no token in the TokenRequest for Pod ${namespace}/${name}`);
    return response.status.token;
  }

  /** A strategic merge patch of the status subresource: conditions merge by type, PodScheduled stays. */
  async patchPodStatus(pod: V1Pod, status: Record<string, unknown>): Promise<void> {
    const { name = '', namespace = 'default', uid } = pod.metadata ?? {};
    await orUndefined(
      this.core.patchNamespacedPodStatus({ name, namespace, body: { metadata: { uid }, status } }, strategicMerge),
    );
  }

  /** The kubelet's last word on a Pod it has stopped: delete with grace 0, for this Pod's uid only. */
  async deletePod(pod: V1Pod): Promise<void> {
    const { name = '', namespace = 'default', uid } = pod.metadata ?? {};
    await orUndefined(
      this.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0, body: { gracePeriodSeconds: 0, preconditions: { uid } } }),
    );
  }

  async event(pod: V1Pod, reason: string, message: string, type: 'Normal' | 'Warning'): Promise<void> {
    const { name = '', namespace = 'default', uid } = pod.metadata ?? {};
    const now = new Date();
    await this.core.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace },
        involvedObject: { kind: 'Pod', apiVersion: 'v1', name, namespace, uid },
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: 'kubelet', host: this.nodeName },
        reportingComponent: 'kubelet',
        reportingInstance: this.nodeName,
      },
    });
  }
}
