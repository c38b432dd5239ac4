// The Pod's status as the kubelet reports it (pkg/kubelet/kubelet_pods.go getPhase and
// generateAPIPodStatus, pkg/kubelet/status/generate.go): phase, conditions and container statuses
// from what the agent knows of each container. Pure: the agent patches the result into the API.
import type { V1Pod } from '@kubernetes/client-node';

export type ContainerKind = 'init' | 'sidecar' | 'regular';

export interface Terminated {
  exitCode: number;
  signal?: number;
  reason: 'Completed' | 'Error' | 'OOMKilled' | 'ContainerCannotRun';
  message?: string;
  startedAt?: Date;
  finishedAt: Date;
}

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: Date } }
  | { terminated: Terminated };

export interface ContainerRecord {
  name: string;
  image: string;
  kind: ContainerKind;
  state: ContainerState;
  lastTerminated?: Terminated;
  restartCount: number;
  /** Its readiness probe passes (or it has none and it has started). */
  ready: boolean;
  /** Running and past its startup probe, if any. */
  started: boolean;
  containerID?: string;
}

export interface StatusInput {
  records: ContainerRecord[];
  podIP?: string;
  hostIP: string;
  /** The Pod's network namespace exists: the kubelet's PodReadyToStartContainers. */
  sandboxReady: boolean;
  /** The Pod was deleted and every container has stopped. */
  terminal?: boolean;
  startTime?: Date;
  now: Date;
}

/** RFC 3339 to the second, as the API server stores metav1.Time. */
export const apiTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const succeeded = (record: ContainerRecord) => 'terminated' in record.state && record.state.terminated.exitCode === 0;

/** `terminal`: the Pod was deleted and its containers stopped, so none will run again. */
export function podPhase(pod: V1Pod, records: ContainerRecord[], terminal = false): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const restartPolicy = terminal ? 'Never' : (pod.spec?.restartPolicy ?? 'Always');
  const inits = records.filter((record) => record.kind === 'init');
  const failedInit = inits.some((record) => 'terminated' in record.state && record.state.terminated.exitCode !== 0);
  if (failedInit && restartPolicy === 'Never') return 'Failed';
  if (!inits.every(succeeded)) return 'Pending';
  const regular = records.filter((record) => record.kind === 'regular');
  if (regular.length === 0) return 'Pending';
  // A container waiting to restart counts as stopped, one never started as waiting.
  const waiting = regular.filter((record) => 'waiting' in record.state && !record.lastTerminated).length;
  const running = regular.filter((record) => 'running' in record.state).length;
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (restartPolicy === 'Always') return 'Running';
  if (regular.every((record) => succeeded(record) || (!('terminated' in record.state) && record.lastTerminated?.exitCode === 0))) {
    return 'Succeeded';
  }
  return restartPolicy === 'OnFailure' ? 'Running' : 'Failed';
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: null;
}

function condition(type: string, ok: boolean, reason: string, names: string[], what: string): Condition {
  if (ok) return { type, status: 'True' };
  return { type, status: 'False', reason, message: `containers with ${what} status: [${names.join(' ')}]` };
}

/** The conditions the kubelet owns, keeping lastTransitionTime when a status did not change. */
export function podConditions(pod: V1Pod, input: StatusInput, phase: string): Condition[] {
  const { records } = input;
  const inits = records.filter((record) => record.kind === 'init');
  const sidecars = records.filter((record) => record.kind === 'sidecar');
  const regular = records.filter((record) => record.kind === 'regular');
  const incomplete = [...inits.filter((record) => !succeeded(record)), ...sidecars.filter((record) => !record.started)];
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const unready = [...sidecars, ...regular].filter((record) => !record.ready);
  const gates = (pod.spec?.readinessGates ?? []).filter(
    (gate) => !pod.status?.conditions?.some((existing) => existing.type === gate.conditionType && existing.status === 'True'),
  );
  const containersReady = completed
    ? { type: 'ContainersReady', status: 'False' as const, reason: 'PodCompleted' }
    : condition('ContainersReady', unready.length === 0, 'ContainersNotReady', unready.map((r) => r.name), 'unready');
  const ready =
    containersReady.status === 'True' && gates.length > 0
      ? { type: 'Ready', status: 'False' as const, reason: 'ReadinessGatesNotReady', message: `corresponding condition of pod readiness gate "${gates[0].conditionType}" does not exist.` }
      : { ...containersReady, type: 'Ready' };
  const initialized = completed && incomplete.length > 0
    ? { type: 'Initialized', status: 'False' as const, reason: 'PodCompleted' }
    : condition('Initialized', incomplete.length === 0, 'ContainersNotInitialized', incomplete.map((r) => r.name), 'incomplete');
  const sandbox = { type: 'PodReadyToStartContainers', status: input.sandboxReady ? ('True' as const) : ('False' as const) };
  const now = apiTime(input.now);
  return [sandbox, initialized, ready, containersReady].map((next) => {
    const previous = pod.status?.conditions?.find((existing) => existing.type === next.type);
    const unchanged = previous?.status === next.status && previous.lastTransitionTime;
    return {
      ...next,
      lastProbeTime: null,
      lastTransitionTime: unchanged ? apiTime(new Date(previous.lastTransitionTime!)) : now,
    };
  });
}

function stateJson(state: ContainerState): object {
  if ('waiting' in state) return { waiting: state.waiting };
  if ('running' in state) return { running: { startedAt: apiTime(state.running.startedAt) } };
  return { terminated: terminatedJson(state.terminated) };
}

function terminatedJson(terminated: Terminated): object {
  return {
    exitCode: terminated.exitCode,
    ...(terminated.signal !== undefined ? { signal: terminated.signal } : {}),
    reason: terminated.reason,
    ...(terminated.message ? { message: terminated.message } : {}),
    ...(terminated.startedAt ? { startedAt: apiTime(terminated.startedAt) } : {}),
    finishedAt: apiTime(terminated.finishedAt),
  };
}

function containerStatus(record: ContainerRecord): object {
  return {
    name: record.name,
    image: record.image,
    imageID: `node-agent://${record.image}`,
    ...(record.containerID ? { containerID: record.containerID } : {}),
    ready: record.ready,
    started: record.started,
    restartCount: record.restartCount,
    state: stateJson(record.state),
    lastState: record.lastTerminated ? { terminated: terminatedJson(record.lastTerminated) } : {},
  };
}

/**
 * Every container of the Pod's spec, in order: those the agent has not set up yet wait in
 * ContainerCreating (PodInitializing behind init containers), so no condition is True for them.
 */
export function allContainers(pod: V1Pod, records: ContainerRecord[]): ContainerRecord[] {
  const inits = pod.spec?.initContainers ?? [];
  const specified = [
    ...inits.map((container) => ({ container, kind: (container.restartPolicy === 'Always' ? 'sidecar' : 'init') as ContainerKind })),
    ...(pod.spec?.containers ?? []).map((container) => ({ container, kind: 'regular' as ContainerKind })),
  ];
  return specified.map(
    ({ container, kind }) =>
      records.find((record) => record.name === container.name) ?? {
        name: container.name,
        image: container.image ?? '',
        kind,
        state: { waiting: { reason: kind === 'regular' && inits.length > 0 ? 'PodInitializing' : 'ContainerCreating' } },
        restartCount: 0,
        ready: false,
        started: false,
      },
  );
}

/** The `status` the agent writes: everything the kubelet owns, nothing it does not (PodScheduled). */
export function podStatus(pod: V1Pod, known: StatusInput): Record<string, unknown> {
  const input = { ...known, records: allContainers(pod, known.records) };
  const phase = podPhase(pod, input.records, input.terminal);
  const byKind = (...kinds: ContainerKind[]) =>
    input.records.filter((record) => kinds.includes(record.kind)).map(containerStatus);
  return {
    phase,
    conditions: podConditions(pod, input, phase),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(input.podIP ? { podIP: input.podIP, podIPs: [{ ip: input.podIP }] } : {}),
    ...(input.startTime ? { startTime: apiTime(input.startTime) } : {}),
    qosClass: pod.status?.qosClass,
    initContainerStatuses: byKind('init', 'sidecar'),
    containerStatuses: byKind('regular'),
  };
}
