// The node agent against the real control plane, with small Pods of the machine's shell (the
// busybox image of the image table): what the kubelet does with a Pod's order, probes, restarts,
// memory limit and deletion, read back from the API as kubectl would show it. Needs root and the
// binaries of scripts/setup/kubernetes.sh, as the cluster specs in test/cluster do.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CoordinationV1Api, CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { startControlPlane, type ControlPlane } from '../../control-plane/control-plane.ts';
import { waitFor } from '../../../pod-runtime/wait.ts';
import { podNetworkNamespaces, startNodeAgent, type NodeAgent } from '../agent.ts';
import { ownMemoryCgroup } from '../memory-cgroup.ts';

const namespace = 'default';

describe('the node agent on a real control plane', () => {
  let plane: ControlPlane;
  let agent: NodeAgent;
  let core: CoreV1Api;
  // Under the temp folder, as in a checkout under /tmp: a Pod's emptyDir there covers the volumes' files.
  const workDir = mkdtempSync(join(tmpdir(), 'node-agent-it-'));

  beforeAll(async () => {
    plane = await startControlPlane();
    agent = await startNodeAgent({
      nodeName: plane.node.name,
      kubeconfigPath: plane.node.kubeconfigPath,
      network: plane.node,
      clusterDomain: plane.clusterDomain,
      clusterDNS: plane.dnsServer,
      workDir,
      log: () => undefined,
    });
    const admin = new KubeConfig();
    admin.loadFromFile(plane.kubeconfigPath);
    core = admin.makeApiClient(CoreV1Api);
  }, 240_000);

  afterAll(async () => {
    await agent?.stop();
    await plane?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }, 120_000);

  const pod = (name: string) => core.readNamespacedPod({ name, namespace });
  const create = (manifest: V1Pod) => core.createNamespacedPod({ namespace, body: manifest });
  const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000) =>
    waitFor(what, probe, { timeoutMs, intervalMs: 250 });
  const log = (podName: string, container: string, restart = 0) => {
    const file = agent.logFile(namespace, podName, container, restart);
    return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
  };
  const stamps = (text: string, word: string) => Number(new RegExp(`${word} (\\d+\\.\\d+)`).exec(text)?.[1]);

  it('registers a Ready Node with its InternalIP and renews its Lease', async () => {
    const node = await core.readNode({ name: plane.node.name });
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: plane.node.nodeAddress });
    expect(node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
    const admin = new KubeConfig();
    admin.loadFromFile(plane.kubeconfigPath);
    const lease = await admin.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: plane.node.name, namespace: 'kube-node-lease' });
    expect(lease.spec?.holderIdentity).toBe(plane.node.name);
  });

  it('runs the init container, then the native sidecar until its startup probe passes, then the app; all Ready on the Pod IP', async () => {
    await create({
      metadata: { name: 'ordered' },
      spec: {
        volumes: [{ name: 'scratch', emptyDir: {} }],
        initContainers: [
          { name: 'init', image: 'busybox:1.37', command: ['sh', '-c', 'touch /scratch/init-done'], volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] },
          {
            name: 'sidecar',
            image: 'busybox:1.37',
            restartPolicy: 'Always',
            command: ['sh', '-c', 'test -f /scratch/init-done && sleep 2 && touch /scratch/sidecar-up; exec sleep 3600'],
            startupProbe: { exec: { command: ['test', '-f', '/scratch/sidecar-up'] }, periodSeconds: 1, failureThreshold: 60 },
            volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
          },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox:1.37',
            command: ['sh', '-c', 'echo ip=$(POD_IP) sidecar-up=$(test -f /scratch/sidecar-up && echo yes); exec python3 -m http.server 7000'],
            env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
            readinessProbe: { httpGet: { path: '/', port: 7000 }, periodSeconds: 1 },
            volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
          },
        ],
      },
    });
    const ready = await until('ordered to be Ready', async () => {
      const current = await pod('ordered');
      return current.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && current;
    });
    expect(ready.status?.phase).toBe('Running');
    expect(ready.status?.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(log('ordered', 'app')).toContain(`ip=${ready.status?.podIP} sidecar-up=yes`);
    expect(ready.status?.initContainerStatuses?.map((s) => [s.name, s.ready, Object.keys(s.state ?? {})[0]])).toEqual([
      ['init', false, 'terminated'],
      ['sidecar', true, 'running'],
    ]);
  });

  it('makes the root read-only for a container with readOnlyRootFilesystem, its volumes still writable', async () => {
    await create({
      metadata: { name: 'readonly' },
      spec: {
        restartPolicy: 'Never',
        volumes: [{ name: 'scratch', emptyDir: {} }],
        containers: [
          {
            name: 'app',
            image: 'busybox:1.37',
            command: ['sh', '-c', 'touch /tmp/readonly-$HOSTNAME || echo root-refused; touch /scratch/file && echo volume-written'],
            securityContext: { readOnlyRootFilesystem: true },
            volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
          },
        ],
      },
    });
    await until('readonly to complete', async () => (await pod('readonly')).status?.phase === 'Succeeded');
    expect(log('readonly', 'app')).toMatch(/Read-only file system\nroot-refused\nvolume-written\n$/);
  });

  it('mounts every volume when an emptyDir covers the folder the volumes are written under', async () => {
    const covering = dirname(workDir);
    await create({
      metadata: { name: 'covering' },
      spec: {
        restartPolicy: 'Never',
        volumes: [
          { name: 'tmp', emptyDir: {} },
          { name: 'info', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox:1.37',
            command: ['sh', '-c', `echo name=$(cat /etc/podinfo/name); touch ${covering}/written && echo emptydir=$(ls -A ${covering}); touch /etc/podinfo/x || echo info-refused; touch /node-agent-it-root || echo root-refused`],
            securityContext: { readOnlyRootFilesystem: true },
            volumeMounts: [
              { name: 'tmp', mountPath: covering },
              { name: 'info', mountPath: '/etc/podinfo', readOnly: true },
            ],
          },
        ],
      },
    });
    const phase = await until('covering to complete', async () => {
      const current = (await pod('covering')).status?.phase;
      return (current === 'Succeeded' || current === 'Failed') && current;
    });
    expect({ phase, log: log('covering', 'app') }).toEqual({
      phase: 'Succeeded',
      log: expect.stringMatching(/^name=covering\nemptydir=written\n.*Read-only file system\ninfo-refused\n.*Read-only file system\nroot-refused\n$/),
    });
    expect(existsSync(join(covering, 'written'))).toBe(false);
  });

  it('restarts a container whose liveness probe fails, counting the restart and keeping its last state; exec probes run as its user', async () => {
    const created = await create({
      metadata: { name: 'unhealthy' },
      spec: {
        volumes: [{ name: 'scratch', emptyDir: {} }],
        containers: [
          {
            name: 'app',
            image: 'busybox:1.37',
            command: ['sh', '-c', 'trap "exit 0" TERM; touch /scratch/alive; sleep 3; rm /scratch/alive; while true; do sleep 0.2; done'],
            livenessProbe: { exec: { command: ['sh', '-c', 'id -u > /scratch/probe-uid; test -f /scratch/alive'] }, periodSeconds: 1, failureThreshold: 2 },
            securityContext: { runAsUser: 1000 },
            volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
          },
        ],
      },
    });
    const restarted = await until('unhealthy to be restarted', async () => {
      const status = (await pod('unhealthy')).status?.containerStatuses?.[0];
      return (status?.restartCount ?? 0) >= 1 && status;
    });
    expect(restarted?.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const probeUid = join(workDir, 'pods', created.metadata!.uid!, 'volumes', 'scratch', 'probe-uid');
    expect(readFileSync(probeUid, 'utf8')).toBe('1000\n');
  });

  it('backs off a crashing container: CrashLoopBackOff with the exit code in lastState', async () => {
    await create({ metadata: { name: 'crasher' }, spec: { containers: [{ name: 'app', image: 'busybox:1.37', command: ['sh', '-c', 'exit 3'] }] } });
    const waiting = await until('crasher to back off', async () => {
      const status = (await pod('crasher')).status?.containerStatuses?.[0];
      return status?.state?.waiting?.reason === 'CrashLoopBackOff' && status;
    });
    expect(waiting?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(waiting?.state?.waiting?.message).toMatch(/^back-off 10s restarting failed container=app pod=crasher$/);
  });

  it('enforces the memory limit in a cgroup of the container: the kernel kills it and the reason is OOMKilled', async () => {
    expect(ownMemoryCgroup()).toBeDefined();
    await create({
      metadata: { name: 'hog' },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'app',
            image: 'busybox:1.37',
            command: ['sh', '-c', 'head -c 200000000 /dev/zero | tail > /dev/null'],
            resources: { limits: { memory: '32Mi' } },
          },
        ],
      },
    });
    const killed = await until('hog to be OOM-killed', async () => {
      const current = await pod('hog');
      return current.status?.phase === 'Failed' && current;
    });
    expect(killed.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  });

  it('deletes in the kubelet order: the app stopped first, the sidecar after it has exited, SIGKILL at the grace period', async () => {
    await create({
      metadata: { name: 'leaving' },
      spec: {
        terminationGracePeriodSeconds: 6,
        initContainers: [
          {
            name: 'sidecar',
            image: 'busybox:1.37',
            restartPolicy: 'Always',
            command: ['sh', '-c', "trap 'echo TERM $(date +%s.%N); exit 0' TERM; while true; do sleep 0.1; done"],
          },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox:1.37',
            command: ['sh', '-c', "trap 'echo TERM $(date +%s.%N); sleep 1; echo EXIT $(date +%s.%N); exit 0' TERM; while true; do sleep 0.1; done"],
          },
          { name: 'stubborn', image: 'busybox:1.37', command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] },
        ],
      },
    });
    await until('leaving to run', async () => (await pod('leaving')).status?.containerStatuses?.every((s) => s.started));
    const netnsBefore = podNetworkNamespaces(plane.node);
    const logs = { sidecar: () => log('leaving', 'sidecar'), app: () => log('leaving', 'app') };
    const deletedAt = Date.now() / 1000;
    await core.deleteNamespacedPod({ name: 'leaving', namespace });
    const [appLog, sidecarLog] = [await until('the app to log its exit', async () => /EXIT/.test(logs.app()) && logs.app()), await until('the sidecar to log TERM', async () => /TERM/.test(logs.sidecar()) && logs.sidecar())];
    expect(stamps(appLog, 'TERM')).toBeLessThan(stamps(appLog, 'EXIT'));
    expect(stamps(sidecarLog, 'TERM')).toBeGreaterThanOrEqual(stamps(appLog, 'EXIT'));
    await until('leaving to be gone from the API', async () => pod('leaving').then(() => false, () => true), 30_000);
    const goneAfter = Date.now() / 1000 - deletedAt;
    // The stubborn container ignores SIGTERM: the Pod goes only once it is SIGKILLed at 6 s.
    expect(goneAfter).toBeGreaterThanOrEqual(6);
    expect(goneAfter).toBeLessThan(25);
    expect(podNetworkNamespaces(plane.node).length).toBe(netnsBefore.length - 1);
  });

  it('leaves no process, network namespace or cgroup behind when it stops', async () => {
    const cgroup = join(ownMemoryCgroup()!, `node-agent-${plane.node.name}`);
    expect(podNetworkNamespaces(plane.node).length).toBeGreaterThan(0);
    await agent.stop();
    expect(podNetworkNamespaces(plane.node)).toEqual([]);
    expect(existsSync(cgroup)).toBe(false);
    const leftovers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('/tmp/alive-'));
    expect(leftovers).toEqual([]);
  });
});
