// One Pod on this node, as the kubelet's pod worker runs it: its sandbox (network namespace,
// volumes, /etc/hosts, memory cgroup), init containers and native sidecars in order, then the app
// containers; status to the API on every change; on deletion, the kubelet's stop order within
// the grace period, then the sandbox removed and the Pod deleted for good.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { ContainerRunner, type PodSandbox } from './container-runner.ts';
import { serviceEnv, type EnvSources } from './env.ts';
import type { LocalArtifacts } from './images.ts';
import { removeCgroupTree } from './memory-cgroup.ts';
import type { NodeApi } from './node-api.ts';
import { createPodNetwork, type NodeNetworkInfo, type PodAddresses, type PodNetwork } from './pod-network.ts';
import { podStatus } from './pod-status.ts';
import { resolvConfContent } from './dns.ts';
import { hostsFileContent, prepareVolumes, type HostsEntries, type MountPoints } from './volumes.ts';

export interface NodeContext {
  nodeName: string;
  api: NodeApi;
  network: NodeNetworkInfo;
  addresses: PodAddresses;
  mountPoints: MountPoints;
  artifacts: LocalArtifacts;
  /** Pods' folders (volumes, hosts file) and container logs, as /var/lib/kubelet and /var/log/pods. */
  workDir: string;
  /** The agent's memory cgroup folder for its Pods, if cgroup v1 memory is writable. */
  cgroupDir?: string;
  clusterDomain: string;
  /** The cluster DNS server's address (the kubelet's --cluster-dns), if one runs. */
  clusterDNS?: string;
  /** Names a Pod resolves through its /etc/hosts because no cluster DNS serves them. */
  extraHosts: HostsEntries['extra'];
  log: (message: string) => void;
}

const VOLUME_RETRY_MS = 5_000;
const STATUS_DEBOUNCE_MS = 50;

export class PodWorker {
  private pod: V1Pod;
  private readonly node: NodeContext;
  private readonly runners: ContainerRunner[] = [];
  private network: PodNetwork | undefined;
  private startTime: Date | undefined;
  private terminating: Promise<void> | undefined;
  private deleting = false;
  private sandboxCreated: Promise<boolean> | undefined;
  private volumeSync: NodeJS.Timeout | undefined;
  /** The agent is going away: its Pods' status is left as it was, as a stopped kubelet leaves it. */
  private silent = false;
  private terminal = false;
  private statusTimer: NodeJS.Timeout | undefined;
  private statusInFlight: Promise<void> = Promise.resolve();
  private readonly podDir: string;
  private readonly logDir: string;
  private readonly podCgroupDir: string | undefined;

  constructor(pod: V1Pod, node: NodeContext) {
    this.pod = pod;
    this.node = node;
    const { namespace = 'default', name = '', uid = '' } = pod.metadata ?? {};
    this.podDir = join(node.workDir, 'pods', uid);
    this.logDir = join(node.workDir, 'logs', `${namespace}_${name}_${uid}`);
    this.podCgroupDir = node.cgroupDir && join(node.cgroupDir, uid);
  }

  get name(): string {
    return `${this.pod.metadata?.namespace}/${this.pod.metadata?.name}`;
  }

  get podIP(): string | undefined {
    return this.network?.address;
  }

  /** A container's log of one run (restart 0 is the first), as under /var/log/pods. */
  logFile(container: string, restart = 0): string {
    return join(this.logDir, container, `${restart}.log`);
  }

  update(pod: V1Pod): void {
    this.pod = pod;
    if (pod.metadata?.deletionTimestamp && !this.deleting) {
      this.deleting = true;
      void this.stop().then(() =>
        this.node.api.deletePod(this.pod).catch((error: Error) => this.node.log(`${this.name}: delete: ${error.message}`)),
      );
    }
  }

  async run(): Promise<void> {
    this.startTime = new Date();
    this.reportStatus();
    this.sandboxCreated = this.createSandbox();
    if (!(await this.sandboxCreated)) return;
    const spec = this.pod.spec!;
    for (const init of spec.initContainers ?? []) {
      this.runners.push(new ContainerRunner(init, init.restartPolicy === 'Always' ? 'sidecar' : 'init', this.sandbox()));
    }
    for (const container of spec.containers) this.runners.push(new ContainerRunner(container, 'regular', this.sandbox()));
    this.reportStatus();
    for (const runner of this.runners.filter((r) => r.record.kind !== 'regular')) {
      if (this.terminating) return;
      await runner.start();
      if (runner.record.kind === 'sidecar') {
        await runner.until((record) => record.started);
      } else {
        await runner.until((record) => 'terminated' in record.state && (record.state.terminated.exitCode === 0 || spec.restartPolicy === 'Never'));
        const state = runner.record.state;
        if ('terminated' in state && state.terminated.exitCode !== 0) {
          this.node.log(`${this.name}: init container ${runner.record.name} failed; the Pod fails`);
          await this.stopContainers(Date.now());
          return;
        }
      }
    }
    for (const runner of this.runners.filter((r) => r.record.kind === 'regular')) {
      if (this.terminating) return;
      await runner.start();
    }
  }

  private sandboxPath = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';

  private sandbox(): PodSandbox {
    return {
      pod: () => this.pod,
      podIP: this.network!.address,
      netns: this.network!.netns,
      hostname: this.hostname(),
      logDir: this.logDir,
      volumes: this.volumes,
      hostsFile: join(this.podDir, 'etc-hosts'),
      resolvConf: this.resolvConf,
      mountPoints: this.node.mountPoints,
      envSources: () => this.envSources(),
      artifacts: this.node.artifacts,
      cgroupDir: this.podCgroupDir,
      path: this.sandboxPath,
      changed: () => this.reportStatus(),
      event: (reason, message, type = 'Normal') => void this.node.api.event(this.pod, reason, message, type).catch(() => undefined),
      log: (message) => this.node.log(`${this.name}: ${message}`),
    };
  }

  private volumes = new Map<string, string>();
  private resolvConf: string | undefined;

  private hostname(): string {
    return this.pod.spec?.hostname ?? this.pod.metadata?.name ?? '';
  }

  /** Network, volumes, hosts file: the kubelet's sandbox and volume manager. False if the Pod went meanwhile. */
  private async createSandbox(): Promise<boolean> {
    const uid = this.pod.metadata?.uid ?? '';
    if (this.pod.spec?.hostNetwork) {
      this.network = { netns: this.node.network.netns, address: this.node.network.nodeAddress, remove: () => undefined };
    } else {
      const address = this.node.addresses.allocate();
      try {
        this.network = createPodNetwork(this.node.network, uid, address);
      } catch (error) {
        this.node.addresses.release(address);
        throw error;
      }
    }
    this.reportStatus();
    mkdirSync(this.podDir, { recursive: true, mode: 0o755 });
    while (!this.terminating) {
      try {
        this.volumes = await this.writeVolumes();
        break;
      } catch (error) {
        this.node.log(`${this.name}: volumes: ${(error as Error).message}`);
        void this.node.api.event(this.pod, 'FailedMount', (error as Error).message, 'Warning').catch(() => undefined);
        await new Promise((done) => setTimeout(done, VOLUME_RETRY_MS));
      }
    }
    if (this.terminating) return false;
    const subdomain = this.pod.spec?.subdomain;
    const namespace = this.pod.metadata?.namespace ?? 'default';
    writeFileSync(
      join(this.podDir, 'etc-hosts'),
      hostsFileContent({
        podIP: this.network!.address,
        hostname: this.hostname(),
        fqdn: subdomain ? `${this.hostname()}.${subdomain}.${namespace}.svc.${this.node.clusterDomain}` : undefined,
        extra: this.node.extraHosts,
      }),
      { mode: 0o644 },
    );
    const resolvConf = resolvConfContent(this.pod, this.node.clusterDNS, this.node.clusterDomain);
    if (resolvConf) {
      this.resolvConf = join(this.podDir, 'resolv.conf');
      writeFileSync(this.resolvConf, resolvConf, { mode: 0o644 });
    }
    if (this.podCgroupDir) mkdirSync(this.podCgroupDir, { recursive: true });
    this.volumeSync = setInterval(() => {
      this.writeVolumes().catch((error: Error) => this.node.log(`${this.name}: volume sync: ${error.message}`));
    }, this.volumeSyncMs());
    return true;
  }

  private writeVolumes(): Promise<Map<string, string>> {
    return prepareVolumes(this.pod, this.podDir, {
      configMap: (namespace, name) => this.node.api.configMap(namespace, name),
      secret: (namespace, name) => this.node.api.secret(namespace, name),
      serviceAccountToken: (pod, audience, seconds) => this.node.api.serviceAccountToken(pod, audience, seconds),
      podIP: this.network?.address ?? '',
      hostIP: this.node.network.nodeAddress,
    });
  }

  /**
   * The kubelet rewrites ConfigMap, Secret and projected volumes about once a minute, and a token
   * at 80 % of its lifetime, whichever comes first.
   */
  private volumeSyncMs(): number {
    const lifetimes = (this.pod.spec?.volumes ?? []).flatMap((volume) =>
      (volume.projected?.sources ?? []).flatMap((source) => (source.serviceAccountToken ? [source.serviceAccountToken.expirationSeconds ?? 3600] : [])),
    );
    return Math.min(60_000, ...lifetimes.map((seconds) => seconds * 800));
  }

  private async envSources(): Promise<EnvSources> {
    const namespace = this.pod.metadata?.namespace ?? 'default';
    const names = new Set<string>();
    const secrets = new Set<string>();
    for (const container of [...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])]) {
      for (const variable of container.env ?? []) {
        if (variable.valueFrom?.configMapKeyRef?.name) names.add(variable.valueFrom.configMapKeyRef.name);
        if (variable.valueFrom?.secretKeyRef?.name) secrets.add(variable.valueFrom.secretKeyRef.name);
      }
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef?.name) names.add(from.configMapRef.name);
        if (from.secretRef?.name) secrets.add(from.secretRef.name);
      }
    }
    const load = async (set: Set<string>, read: (ns: string, name: string) => Promise<Record<string, string> | undefined>) =>
      new Map(await Promise.all([...set].map(async (name) => [name, await read(namespace, name)] as const)));
    const [configMaps, secretData, services] = await Promise.all([
      load(names, (ns, name) => this.node.api.configMap(ns, name)),
      load(secrets, (ns, name) => this.node.api.secret(ns, name)),
      this.node.api.services(),
    ]);
    return {
      configMaps: (_namespace, name) => configMaps.get(name),
      secrets: (_namespace, name) => secretData.get(name),
      podIP: this.network?.address ?? '',
      hostIP: this.node.network.nodeAddress,
      serviceEnv: serviceEnv(this.pod, services),
    };
  }

  /** Status to the API, debounced; patches go one at a time so the last state always wins. */
  private reportStatus(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      void this.flushStatus();
    }, STATUS_DEBOUNCE_MS);
  }

  private flushStatus(): Promise<void> {
    this.statusInFlight = this.statusInFlight.then(async () => {
      if (this.silent) return;
      const status = podStatus(this.pod, {
        records: this.runners.map((runner) => runner.record),
        podIP: this.network?.address,
        hostIP: this.node.network.nodeAddress,
        sandboxReady: this.network !== undefined && !this.terminal,
        terminal: this.terminal,
        startTime: this.startTime,
        now: new Date(),
      });
      try {
        await this.node.api.patchPodStatus(this.pod, status);
      } catch (error) {
        this.node.log(`${this.name}: status: ${(error as Error).message}`);
      }
      // A Pod that ran to completion (a helm test Pod): native sidecars stopped, sandbox removed; the
      // object stays for its owner to read and delete.
      if ((status.phase === 'Succeeded' || status.phase === 'Failed') && !this.terminating) void this.stop();
    });
    return this.statusInFlight;
  }

  /**
   * The kubelet's stop order: app containers (preStop, then SIGTERM) together, then the native
   * sidecars in reverse order once the app has exited, all by the deadline; SIGKILL at it.
   */
  private async stopContainers(deadline: number): Promise<void> {
    const ordinary = this.runners.filter((runner) => runner.record.kind !== 'sidecar');
    await Promise.all(ordinary.map((runner) => runner.stop(deadline)));
    for (const sidecar of this.runners.filter((runner) => runner.record.kind === 'sidecar').reverse()) {
      await sidecar.stop(deadline);
    }
  }

  /**
   * Stops the Pod: containers within deletionGracePeriodSeconds (the API server set it from
   * terminationGracePeriodSeconds), the sandbox removed, the final status written. Once only.
   * `maxGraceMs` caps the wait and `silent` keeps the status as it was: the agent itself is stopping.
   */
  stop({ maxGraceMs, silent = false }: { maxGraceMs?: number; silent?: boolean } = {}): Promise<void> {
    if (silent) this.silent = true;
    this.terminating ??= (async () => {
      const graceSeconds = this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
      const deadline = Date.now() + Math.min(graceSeconds * 1000, maxGraceMs ?? Infinity);
      // A sandbox half made is finished first, so that removing it leaves nothing behind.
      await this.sandboxCreated?.catch(() => false);
      await this.stopContainers(deadline);
      await Promise.all(this.runners.map((runner) => runner.gone()));
      this.removeSandbox();
      this.terminal = true;
      clearTimeout(this.statusTimer);
      this.statusTimer = undefined;
      await this.flushStatus();
    })();
    return this.terminating;
  }

  /** SIGKILL to everything and the sandbox gone, at once: the agent's process is exiting. */
  killNow(): void {
    for (const runner of this.runners) runner.killNow();
    this.removeSandbox();
  }

  private removeSandbox(): void {
    clearInterval(this.volumeSync);
    if (this.network && !this.pod.spec?.hostNetwork) {
      this.network.remove();
      this.node.addresses.release(this.network.address);
    }
    if (this.podCgroupDir) removeCgroupTree(this.podCgroupDir, []);
    rmSync(this.podDir, { recursive: true, force: true });
  }
}
