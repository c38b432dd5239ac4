// startNodeAgent(): the project's kubelet stand-in. Registers the Node, watches the Pods bound to it
// (an informer on spec.nodeName) and runs each through a PodWorker; stop() stops every Pod in the
// kubelet's order and leaves no process, namespace, veth, cgroup or mount point behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KubeConfig, ListWatch, VersionApi, Watch, CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { builtApiMain, cacheDir, hazelcastJar, hazelcastVersion, repoRoot } from '../../pod-runtime/paths.ts';
import type { LocalArtifacts } from './images.ts';
import { ownMemoryCgroup, removeCgroupTree } from './memory-cgroup.ts';
import { NodeApi } from './node-api.ts';
import { NodeRegistration } from './node-registration.ts';
import { PodAddresses, removeStalePodNetworks, type NodeNetworkInfo } from './pod-network.ts';
import { PodWorker, type NodeContext } from './pod-worker.ts';
import { MountPoints, type HostsEntries } from './volumes.ts';

export interface NodeAgentOptions {
  nodeName: string;
  /** Credentials of system:node:<nodeName> (the control plane's node.kubeconfigPath). */
  kubeconfigPath: string;
  network: NodeNetworkInfo;
  clusterDomain?: string;
  /** The cluster DNS server (the control plane's dnsServer); without it Pods keep the machine's resolv.conf. */
  clusterDNS?: string;
  /** Pods' folders and container logs (emptied at start); .cache/cluster/node-agent/<netns>-<node> by default. */
  workDir?: string;
  /** Enforce containers' memory limits in cgroup v1 children of the agent's own (default: when writable). */
  memoryCgroups?: boolean;
  /** The longest the agent's stop() waits for a Pod's containers before SIGKILL. */
  stopGraceMs?: number;
  log?: (message: string) => void;
}

export interface NodeAgent {
  readonly nodeName: string;
  /** A container's log of one run (0 is the first), while its Pod is on this node. */
  logFile(namespace: string, podName: string, container: string, restart?: number): string | undefined;
  stop(): Promise<void>;
}

const live = new Set<() => void>();
process.once('exit', () => {
  for (const killNow of live) killNow();
});

function localArtifacts(): LocalArtifacts {
  const prometheusAgentDir = join(cacheDir, 'hazelcast');
  const agentJar = existsSync(prometheusAgentDir)
    ? readdirSync(prometheusAgentDir).find((file) => file.startsWith('jmx_prometheus_javaagent') && file.endsWith('.jar'))
    : undefined;
  // The pinned Node 24 of package.json, as in the app image, whatever node runs the agent.
  const pinnedNode = join(repoRoot, 'node_modules', 'node', 'bin', 'node');
  return {
    nodeBinary: existsSync(pinnedNode) ? pinnedNode : process.execPath,
    builtApiDir: dirname(builtApiMain),
    hazelcastJar,
    hazelcastVersion,
    prometheusAgentJar: agentJar && join(prometheusAgentDir, agentJar),
  };
}

function agentCgroup(nodeName: string, wanted: boolean | undefined): string | undefined {
  if (wanted === false) return undefined;
  const own = ownMemoryCgroup();
  if (!own) return undefined;
  const dir = join(own, `node-agent-${nodeName}`);
  try {
    mkdirSync(dir, { recursive: true });
    // What a killed agent left: empty once its containers died with it (their parent-death signal).
    for (const pod of readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
      const podDir = join(dir, pod.name);
      removeCgroupTree(podDir, readdirSync(podDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name));
    }
    return dir;
  } catch (error) {
    if (wanted) throw new Error(`memory cgroups were asked for but ${dir} cannot be made: ${(error as Error).message}`);
    return undefined;
  }
}

export async function startNodeAgent(options: NodeAgentOptions): Promise<NodeAgent> {
  const { nodeName, network } = options;
  const log = options.log ?? ((message: string) => console.log(`[node-agent ${nodeName}] ${message}`));
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(options.kubeconfigPath);
  const api = new NodeApi(kubeconfig, nodeName);
  const { gitVersion } = await kubeconfig.makeApiClient(VersionApi).getCode();

  for (const stale of removeStalePodNetworks(network)) log(`removed the stale Pod network namespace ${stale}`);
  const clusterDomain = options.clusterDomain ?? 'cluster.local';
  // Without cluster DNS, Hazelcast's default API address (https://kubernetes.default.svc:443) would
  // not resolve: those names alone are mapped, to the kubernetes Service's ClusterIP as DNS would
  // answer, in each Pod's /etc/hosts (kube-proxy still has to serve the ClusterIP).
  const kubernetesService = options.clusterDNS
    ? undefined
    : await api.core.readNamespacedService({ namespace: 'default', name: 'kubernetes' });
  const extraHosts: HostsEntries['extra'] = kubernetesService?.spec?.clusterIP
    ? [
        {
          address: kubernetesService.spec.clusterIP,
          names: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${clusterDomain}`],
        },
      ]
    : [];
  // Per node network (one cluster's while it runs), so two clusters on the machine never share it;
  // what an earlier run left there belongs to Pods that no longer exist.
  const workDir = options.workDir ?? join(cacheDir, 'cluster', 'node-agent', `${network.netns}-${nodeName}`);
  for (const leftover of ['pods', 'logs']) rmSync(join(workDir, leftover), { recursive: true, force: true });
  const cgroupDir = agentCgroup(nodeName, options.memoryCgroups);
  const mountPoints = new MountPoints();
  const context: NodeContext = {
    nodeName,
    api,
    network,
    addresses: new PodAddresses(network.podAddresses),
    mountPoints,
    artifacts: localArtifacts(),
    workDir,
    cgroupDir,
    clusterDomain,
    clusterDNS: options.clusterDNS,
    extraHosts,
    log,
  };
  const workers = new Map<string, PodWorker>();
  // The last Pod of each name, so its logs stay readable once it is gone, as files under /var/log/pods do.
  const lastByName = new Map<string, PodWorker>();
  const killNow = () => {
    for (const worker of workers.values()) worker.killNow();
    mountPoints.removeAll();
  };
  live.add(killNow);

  const registration = new NodeRegistration(kubeconfig, { name: nodeName, internalIP: network.nodeAddress, kubeletVersion: gitVersion, maxPods: 110 }, log);
  await registration.register();

  const onPod = (pod: V1Pod) => {
    const uid = pod.metadata?.uid ?? '';
    const existing = workers.get(uid);
    if (existing) return existing.update(pod);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const worker = new PodWorker(pod, context);
    workers.set(uid, worker);
    lastByName.set(worker.name, worker);
    if (pod.metadata?.deletionTimestamp) {
      // Deleted before it ever ran here: nothing to stop, only the final status and the delete.
      worker.update(pod);
      return;
    }
    worker.run().catch((error: Error) => log(`${worker.name}: ${error.message}`));
  };
  const fieldSelector = `spec.nodeName=${nodeName}`;
  const core = kubeconfig.makeApiClient(CoreV1Api);
  const informer = new ListWatch<V1Pod>(
    '/api/v1/pods',
    new Watch(kubeconfig),
    () => core.listPodForAllNamespaces({ fieldSelector }),
    false,
    undefined,
    fieldSelector,
  );
  informer.on('add', onPod);
  informer.on('update', onPod);
  informer.on('delete', (pod) => {
    // Gone from the API (force-deleted, or after our own delete): stop what still runs at once.
    const worker = workers.get(pod.metadata?.uid ?? '');
    void worker?.stop({ maxGraceMs: 2_000 }).then(() => workers.delete(pod.metadata?.uid ?? ''));
  });
  let watching = true;
  informer.on('error', (error) => {
    if (!watching) return;
    log(`pod watch: ${error}; restarting it`);
    setTimeout(() => {
      if (watching) void informer.start().catch(() => undefined);
    }, 1_000);
  });
  await informer.start();
  log(`node ${nodeName} registered at ${network.nodeAddress} (API ${gitVersion}); watching its Pods`);

  let stopped: Promise<void> | undefined;
  return {
    nodeName,
    logFile(namespace, podName, container, restart = 0) {
      return lastByName.get(`${namespace}/${podName}`)?.logFile(container, restart);
    },
    stop() {
      stopped ??= (async () => {
        watching = false;
        await informer.stop();
        await Promise.all([...workers.values()].map((worker) => worker.stop({ maxGraceMs: options.stopGraceMs ?? 30_000, silent: true })));
        await registration.stop();
        mountPoints.removeAll();
        if (cgroupDir) {
          try {
            rmdirSync(cgroupDir);
          } catch {
            // A Pod's cgroup still holds a process that outlived SIGKILL: left for the kernel to free.
          }
        }
        live.delete(killNow);
      })();
      return stopped;
    },
  };
}

/** The Pod network namespaces on this machine, for tests that check nothing was left behind. */
export function podNetworkNamespaces(network: NodeNetworkInfo): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`${network.netns}-pod-`));
}
