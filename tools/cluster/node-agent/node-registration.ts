// The Node object and its heartbeats, as the kubelet keeps them: registered with its InternalIP,
// capacity and a Ready condition; a Lease in kube-node-lease renewed every 10 s (what the node
// lifecycle controller watches), and the status's heartbeat times refreshed every minute.
import { cpus, release, totalmem } from 'node:os';
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Node,
  type V1NodeCondition,
} from '@kubernetes/client-node';
import { apiTime } from './pod-status.ts';

export const LEASE_DURATION_SECONDS = 40;
const LEASE_RENEW_MS = 10_000;
const STATUS_REPORT_MS = 60_000;
const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface NodeFacts {
  name: string;
  internalIP: string;
  kubeletVersion: string;
  maxPods: number;
}

/** MicroTime, as Leases store renewTime. */
const microTime = (date: Date) => date.toISOString().replace(/Z$/, '000Z');

export function nodeConditions(ready: boolean, now: Date, reason = ready ? 'KubeletReady' : 'NodeAgentStopped') {
  const at = apiTime(now);
  const condition = (type: string, status: string, conditionReason: string, message: string) => ({
    type,
    status,
    reason: conditionReason,
    message,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
  });
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    condition('Ready', ready ? 'True' : 'False', reason, ready ? 'kubelet is posting ready status' : 'the node agent stopped'),
  ];
}

export function nodeObject(facts: NodeFacts, now: Date): V1Node {
  const capacity = {
    cpu: String(cpus().length),
    memory: `${Math.floor(totalmem() / 1024)}Ki`,
    pods: String(facts.maxPods),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: facts.name,
      labels: {
        'kubernetes.io/hostname': facts.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
      },
    },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
      addresses: [
        { type: 'InternalIP', address: facts.internalIP },
        { type: 'Hostname', address: facts.name },
      ],
      // Times as the API's strings: the client passes strings through where its models say Date.
      conditions: nodeConditions(true, now) as unknown as V1NodeCondition[],
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        architecture: process.arch === 'x64' ? 'amd64' : process.arch,
        bootID: '',
        containerRuntimeVersion: 'node-agent://0.1.0',
        kernelVersion: release(),
        kubeProxyVersion: '',
        kubeletVersion: facts.kubeletVersion,
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'hazelcast-sidecar node agent',
        systemUUID: '',
      },
    },
  };
}

export class NodeRegistration {
  private readonly core: CoreV1Api;
  private readonly coordination: CoordinationV1Api;
  private readonly facts: NodeFacts;
  private timers: NodeJS.Timeout[] = [];
  private readonly log: (message: string) => void;

  constructor(kubeconfig: KubeConfig, facts: NodeFacts, log: (message: string) => void) {
    this.core = kubeconfig.makeApiClient(CoreV1Api);
    this.coordination = kubeconfig.makeApiClient(CoordinationV1Api);
    this.facts = facts;
    this.log = log;
  }

  async register(): Promise<void> {
    const node = nodeObject(this.facts, new Date());
    try {
      await this.core.createNode({ body: node });
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 409)) throw error;
    }
    // Create does not store the status of a Node; the kubelet writes it through the status subresource.
    await this.reportStatus(true);
    await this.renewLease();
    this.timers.push(setInterval(() => void this.renewLease().catch((e: Error) => this.log(`lease: ${e.message}`)), LEASE_RENEW_MS));
    this.timers.push(setInterval(() => void this.reportStatus(true).catch((e: Error) => this.log(`node status: ${e.message}`)), STATUS_REPORT_MS));
  }

  async reportStatus(ready: boolean): Promise<void> {
    const { status } = nodeObject(this.facts, new Date());
    await this.core.patchNodeStatus({ name: this.facts.name, body: { status: { ...status, conditions: nodeConditions(ready, new Date()) } } }, strategicMerge);
  }

  private async renewLease(): Promise<void> {
    const spec = { holderIdentity: this.facts.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(new Date()) };
    try {
      await this.coordination.patchNamespacedLease({ name: this.facts.name, namespace: 'kube-node-lease', body: { spec } }, mergePatch);
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) throw error;
      const node = await this.core.readNode({ name: this.facts.name });
      await this.coordination.createNamespacedLease({
        namespace: 'kube-node-lease',
        body: {
          metadata: {
            name: this.facts.name,
            ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.facts.name, uid: node.metadata!.uid! }],
          },
          spec: spec as never,
        },
      });
    }
  }

  /** Stops the heartbeats and says the node is not ready: its Pods are no longer run. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.reportStatus(false).catch((error: Error) => this.log(`node status: ${error.message}`));
  }
}
