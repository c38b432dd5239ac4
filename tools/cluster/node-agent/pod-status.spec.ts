import type { V1Pod } from '@kubernetes/client-node';
import { podPhase, podStatus, type ContainerRecord, type StatusInput } from './pod-status.ts';

const now = new Date('2026-12-01T17:00:05.123Z');
const startedAt = new Date('2026-12-01T17:00:01.000Z');
const pod = (restartPolicy = 'Always', conditions: object[] = [], spec: object = { containers: [] }): V1Pod =>
  ({ metadata: { name: 'demo-0' }, spec: { restartPolicy, ...spec }, status: { conditions, qosClass: 'Burstable' } }) as V1Pod;

const record = (name: string, kind: ContainerRecord['kind'], extra: Partial<ContainerRecord> = {}): ContainerRecord => ({
  name,
  image: `${name}:1`,
  kind,
  state: { running: { startedAt } },
  restartCount: 0,
  ready: true,
  started: true,
  ...extra,
});
/** The spec the records are the containers of, so podStatus finds each of them. */
const specOf = (records: ContainerRecord[]) => ({
  initContainers: records
    .filter((r) => r.kind !== 'regular')
    .map((r) => ({ name: r.name, image: r.image, ...(r.kind === 'sidecar' ? { restartPolicy: 'Always' } : {}) })),
  containers: records.filter((r) => r.kind === 'regular').map((r) => ({ name: r.name, image: r.image })),
});
const statusOf = (records: ContainerRecord[], input: Partial<StatusInput> = {}, conditions: object[] = []) =>
  podStatus(pod('Always', conditions, specOf(records)), { records, hostIP: 'h', sandboxReady: true, now, ...input });
const exited = (exitCode: number, reason: 'Completed' | 'Error' | 'OOMKilled' = exitCode === 0 ? 'Completed' : 'Error') => ({
  terminated: { exitCode, reason, startedAt, finishedAt: now },
});

describe('podStatus', () => {
  it('says nothing is ready before the agent has set up any container: each waits in ContainerCreating or PodInitializing', () => {
    const spec = {
      initContainers: [{ name: 'hazelcast', image: 'hz', restartPolicy: 'Always' }],
      containers: [{ name: 'app', image: 'app' }],
    };
    const status = podStatus(pod('Always', [], spec), { records: [], hostIP: 'h', sandboxReady: false, now });
    expect(status.phase).toBe('Pending');
    const conditions = status.conditions as { type: string; status: string }[];
    expect(conditions.filter((c) => c.status === 'True')).toEqual([]);
    expect(status.initContainerStatuses).toEqual([expect.objectContaining({ name: 'hazelcast', state: { waiting: { reason: 'ContainerCreating' } } })]);
    expect(status.containerStatuses).toEqual([expect.objectContaining({ name: 'app', state: { waiting: { reason: 'PodInitializing' } } })]);
  });

  it('reports a Pod with a ready native sidecar and a ready app as Running and Ready, 2/2', () => {
    const status = statusOf([record('hazelcast', 'sidecar'), record('app', 'regular')], {
      podIP: '10.244.0.1',
      hostIP: '10.244.255.2',
      startTime: startedAt,
    });
    expect(status).toMatchObject({
      phase: 'Running',
      podIP: '10.244.0.1',
      podIPs: [{ ip: '10.244.0.1' }],
      hostIP: '10.244.255.2',
      startTime: '2026-12-01T17:00:01Z',
      initContainerStatuses: [{ name: 'hazelcast', ready: true, started: true, state: { running: { startedAt: '2026-12-01T17:00:01Z' } } }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0 }],
    });
    const conditions = status.conditions as { type: string; status: string }[];
    expect(conditions.map(({ type, status }) => `${type}=${status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
    ]);
  });

  it('names the unready containers, the sidecar among them, and keeps the time of an unchanged condition', () => {
    const earlier = '2026-12-01T16:59:00Z';
    const status = statusOf([record('hazelcast', 'sidecar', { ready: false }), record('app', 'regular', { ready: false })], {}, [
      { type: 'Ready', status: 'False', lastTransitionTime: earlier },
    ]);
    const ready = (status.conditions as Record<string, unknown>[]).find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [hazelcast app]',
      lastTransitionTime: earlier,
    });
  });

  it('is not Initialized until the sidecar has started, and the app waits as PodInitializing', () => {
    const status = statusOf([
      record('hazelcast', 'sidecar', { started: false, ready: false }),
      record('app', 'regular', { state: { waiting: { reason: 'PodInitializing' } }, ready: false, started: false }),
    ]);
    expect(status.phase).toBe('Pending');
    expect((status.conditions as Record<string, unknown>[])[1]).toMatchObject({
      type: 'Initialized',
      status: 'False',
      message: 'containers with incomplete status: [hazelcast]',
    });
  });

  it('carries the last termination (OOMKilled) and the restart count of a restarted container', () => {
    const status = statusOf([record('app', 'regular', { restartCount: 1, lastTerminated: exited(137, 'OOMKilled').terminated })]);
    expect(status.containerStatuses).toEqual([
      expect.objectContaining({
        restartCount: 1,
        lastState: { terminated: expect.objectContaining({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-12-01T17:00:05Z' }) },
      }),
    ]);
  });
});

describe('podPhase', () => {
  it('follows restartPolicy once every container has exited', () => {
    const done = [record('t', 'regular', { state: exited(0) })];
    const failed = [record('t', 'regular', { state: exited(1) })];
    expect(podPhase(pod('Never'), done)).toBe('Succeeded');
    expect(podPhase(pod('Never'), failed)).toBe('Failed');
    expect(podPhase(pod('OnFailure'), failed)).toBe('Running');
    expect(podPhase(pod('Always'), done)).toBe('Running');
  });

  it('ends a deleted Pod whose containers have stopped as Succeeded or Failed, whatever its restartPolicy', () => {
    const stopped = [record('app', 'regular', { state: exited(0) }), record('hz', 'regular', { state: exited(143) })];
    expect(podPhase(pod('Always'), stopped, true)).toBe('Failed');
    expect(podPhase(pod('Always'), stopped.slice(0, 1), true)).toBe('Succeeded');
  });

  it('is Pending before the agent knows any container, whatever the restartPolicy', () => {
    expect(podPhase(pod('Never'), [])).toBe('Pending');
  });

  it('is Pending while an init container has not succeeded, Failed if it failed with restartPolicy Never', () => {
    const app = record('app', 'regular', { state: { waiting: { reason: 'PodInitializing' } } });
    expect(podPhase(pod(), [record('init', 'init'), app])).toBe('Pending');
    expect(podPhase(pod('Never'), [record('init', 'init', { state: exited(2) }), app])).toBe('Failed');
    expect(podPhase(pod(), [record('init', 'init', { state: exited(0) }), record('app', 'regular')])).toBe('Running');
  });
});
