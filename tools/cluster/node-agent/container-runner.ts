// One container of a Pod through its life, as the kubelet drives it: created (env, image, mounts),
// started, postStart hook, startup then liveness and readiness probes, restarted with back-off
// after an exit when the restart policy says so, stopped with preStop, SIGTERM and SIGKILL.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { V1Container, V1Pod, V1Probe } from '@kubernetes/client-node';
import { repoRoot } from '../../pod-runtime/paths.ts';
import { RestartBackoff } from './backoff.ts';
import { STAGING_DIR, launchContainer, type RunAs, type RunningProcess } from './container-process.ts';
import { containerEnv, parseQuantity, type EnvSources } from './env.ts';
import { runHook, runProbe, type HandlerTarget } from './handlers.ts';
import { ImagePullError, containerProcess, type LocalArtifacts } from './images.ts';
import { MemoryCgroup } from './memory-cgroup.ts';
import type { ContainerKind, ContainerRecord, Terminated } from './pod-status.ts';
import { ProbeState, probeTiming, type ProbeKind } from './probe-state.ts';
import { containerSecurity } from './security.ts';
import { containerMounts, imageMounts, type MountPoints } from './volumes.ts';

export interface PodSandbox {
  pod: () => V1Pod;
  podIP: string;
  netns: string;
  hostname: string;
  logDir: string;
  volumes: Map<string, string>;
  hostsFile: string;
  /** The Pod's own resolv.conf, when it does not use the node's. */
  resolvConf?: string;
  mountPoints: MountPoints;
  envSources: () => Promise<EnvSources>;
  artifacts: LocalArtifacts;
  /** The Pod's memory cgroup folder; undefined without a writable cgroup v1 memory controller. */
  cgroupDir?: string;
  /** The PATH containers get (the images' own tools are the machine's here). */
  path: string;
  changed: () => void;
  event: (reason: string, message: string, type?: 'Normal' | 'Warning') => void;
  log: (message: string) => void;
}

const MINIMUM_GRACE_MS = 2_000;
// The kubelet retries a container it could not create at each Pod sync.
const CONFIG_RETRY_MS = 10_000;

export class ContainerRunner extends EventEmitter {
  readonly record: ContainerRecord;
  readonly container: V1Container;
  private readonly sandbox: PodSandbox;
  private process: RunningProcess | undefined;
  private env: Record<string, string> = {};
  private runAs: RunAs | undefined;
  private readonly backoff = new RestartBackoff();
  private readonly imageBackoff = new RestartBackoff();
  private probeTimers = new Set<NodeJS.Timeout>();
  private retryTimer: NodeJS.Timeout | undefined;
  private runStartedAt: Date | undefined;
  private cgroup: MemoryCgroup | undefined;
  private stopping = false;
  private killReason: string | undefined;

  constructor(container: V1Container, kind: ContainerKind, sandbox: PodSandbox) {
    super();
    this.container = container;
    this.sandbox = sandbox;
    const waitingReason = kind === 'regular' && (sandbox.pod().spec?.initContainers?.length ?? 0) > 0 ? 'PodInitializing' : 'ContainerCreating';
    this.record = {
      name: container.name,
      image: container.image ?? '',
      kind,
      state: { waiting: { reason: waitingReason } },
      restartCount: 0,
      ready: false,
      started: false,
    };
  }

  get isRunning(): boolean {
    return this.process?.isRunning() ?? false;
  }

  /** Resolves once the predicate holds after a change of this container. */
  until(predicate: (record: ContainerRecord) => boolean): Promise<void> {
    if (predicate(this.record)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (predicate(this.record) || this.stopping) {
          this.off('change', check);
          resolve();
        }
      };
      this.on('change', check);
    });
  }

  /** Creates and starts the container; ConfigMaps, Secrets and Services are read anew each time. */
  async start(): Promise<void> {
    if (this.stopping) return;
    try {
      const sources = await this.sandbox.envSources();
      if (this.stopping) return;
      this.launch(sources);
    } catch (error) {
      this.failedToCreate(error as Error);
    }
  }

  private failedToCreate(error: Error): void {
    if (error instanceof ImagePullError) {
      const wait = this.imageBackoff.next(0);
      this.setWaiting(wait === 0 ? 'ErrImagePull' : 'ImagePullBackOff', error.message);
      this.sandbox.event('Failed', `Failed to pull image "${this.container.image}": ${error.message}`, 'Warning');
      this.retry(Math.max(wait, CONFIG_RETRY_MS));
    } else {
      this.setWaiting('CreateContainerConfigError', error.message);
      this.sandbox.event('Failed', `Error: ${error.message}`, 'Warning');
      this.retry(CONFIG_RETRY_MS);
    }
  }

  private retry(afterMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.start(), afterMs);
  }

  private setWaiting(reason: string, message?: string): void {
    this.record.state = { waiting: { reason, ...(message ? { message } : {}) } };
    this.changed();
  }

  private changed(): void {
    this.emit('change');
    this.sandbox.changed();
  }

  private launch(sources: EnvSources): void {
    const pod = this.sandbox.pod();
    const { container, sandbox } = this;
    this.env = containerEnv(pod, container, sources);
    const process = containerProcess(container, this.env, sandbox.artifacts);
    const security = containerSecurity(pod, container, process.imageUser);
    this.runAs = security.runAs;
    const volumeMounts = containerMounts(container, sandbox.volumes, sandbox.hostsFile, sandbox.resolvConf);
    const mounts = [...volumeMounts, ...imageMounts(volumeMounts, repoRoot, security.readOnlyRootFilesystem)];
    for (const mount of mounts) sandbox.mountPoints.ensure(mount);
    sandbox.mountPoints.ensureDirectory(STAGING_DIR);
    const limit = container.resources?.limits?.memory;
    this.cgroup =
      sandbox.cgroupDir && limit !== undefined
        ? new MemoryCgroup(join(sandbox.cgroupDir, `${container.name}-${this.record.restartCount}`), parseQuantity(String(limit)))
        : undefined;
    const env = { PATH: sandbox.path, HOSTNAME: sandbox.hostname, HOME: '/', ...process.env };
    this.process = launchContainer({
      netns: sandbox.netns,
      hostname: sandbox.hostname,
      mounts,
      process: { ...process, env },
      ...security,
      cgroup: this.cgroup,
      logFile: join(sandbox.logDir, container.name, `${this.record.restartCount}.log`),
    });
    const running = this.process;
    this.runStartedAt = new Date();
    this.killReason = undefined;
    this.record.containerID = `node-agent://${running.pid}`;
    this.record.state = { running: { startedAt: this.runStartedAt } };
    this.record.started = !container.startupProbe;
    this.record.ready = this.record.started && !container.readinessProbe;
    sandbox.event('Started', `Started container ${container.name}`);
    this.changed();
    void running.exited.then((exit) => this.exited(running, exit));
    void this.afterStart(running);
  }

  private async afterStart(running: RunningProcess): Promise<void> {
    const postStart = this.container.lifecycle?.postStart;
    if (postStart) {
      const ok = await runHook(postStart, this.target(), this.gracePeriodMs());
      if (!ok && running.isRunning()) {
        this.sandbox.event('FailedPostStartHook', `PostStartHook failed`, 'Warning');
        void this.kill('FailedPostStartHook');
        return;
      }
    }
    if (this.container.startupProbe) this.probe('startup', this.container.startupProbe, running);
    else this.afterStartup(running);
  }

  private afterStartup(running: RunningProcess): void {
    if (this.container.livenessProbe) this.probe('liveness', this.container.livenessProbe, running);
    if (this.container.readinessProbe) this.probe('readiness', this.container.readinessProbe, running);
  }

  private target(): HandlerTarget {
    return { podIP: this.sandbox.podIP, container: this.container, pid: () => this.process?.pid, env: this.env, runAs: this.runAs };
  }

  private probe(kind: ProbeKind, probe: V1Probe, running: RunningProcess): void {
    const timing = probeTiming(probe);
    const state = new ProbeState(kind, timing);
    const tick = async () => {
      if (!running.isRunning() || this.stoppingProbes(running)) return;
      const success = await runProbe(probe, this.target(), timing.timeoutMs);
      if (!running.isRunning() || this.stoppingProbes(running)) return;
      const flipped = state.record(success);
      if (kind === 'startup') {
        if (state.passing) {
          this.record.started = true;
          this.record.ready = !this.container.readinessProbe;
          this.changed();
          this.afterStartup(running);
          return;
        }
        if (state.exhausted) {
          this.sandbox.event('Unhealthy', `Startup probe failed`, 'Warning');
          void this.kill('StartupProbe', probe.terminationGracePeriodSeconds);
          return;
        }
      } else if (kind === 'liveness' && flipped && !state.passing) {
        this.sandbox.event('Killing', `Container ${this.container.name} failed liveness probe, will be restarted`);
        void this.kill('LivenessProbe', probe.terminationGracePeriodSeconds);
        return;
      } else if (kind === 'readiness' && flipped) {
        this.record.ready = state.passing;
        this.changed();
      }
      schedule(timing.periodMs);
    };
    const schedule = (delayMs: number) => {
      const timer = setTimeout(() => {
        this.probeTimers.delete(timer);
        void tick();
      }, delayMs);
      this.probeTimers.add(timer);
    };
    schedule(timing.initialDelayMs);
  }

  private stoppingProbes(running: RunningProcess): boolean {
    return running !== this.process || this.killReason !== undefined;
  }

  private stopProbes(): void {
    for (const timer of this.probeTimers) clearTimeout(timer);
    this.probeTimers.clear();
  }

  private gracePeriodMs(override?: number): number {
    return (override ?? this.sandbox.pod().spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /** Kills a running container to have it restarted (failed probe or hook): preStop, SIGTERM, SIGKILL. */
  private async kill(reason: string, graceSeconds?: number): Promise<void> {
    this.killReason = reason;
    await this.terminateProcess(Date.now() + this.gracePeriodMs(graceSeconds));
  }

  private async terminateProcess(podDeadline: number): Promise<void> {
    const running = this.process;
    if (!running?.isRunning()) return;
    // The kubelet gives every container it kills at least 2 s (minimumGracePeriodInSeconds), so a
    // sidecar stopped after the app used up the Pod's grace period still sees its SIGTERM.
    const deadline = Math.max(podDeadline, Date.now() + MINIMUM_GRACE_MS);
    const preStop = this.container.lifecycle?.preStop;
    if (preStop) await runHook(preStop, this.target(), Math.max(0, deadline - Date.now()));
    running.signal('SIGTERM');
    const timer = setTimeout(() => running.killAll(), Math.max(0, deadline - Date.now()));
    await running.exited;
    clearTimeout(timer);
  }

  private exited(running: RunningProcess, exit: { exitCode: number; signal?: number; oomKilled: boolean }): void {
    if (running !== this.process) return;
    this.stopProbes();
    const terminated: Terminated = {
      exitCode: exit.exitCode,
      ...(exit.signal !== undefined ? { signal: exit.signal } : {}),
      reason: exit.oomKilled ? 'OOMKilled' : exit.exitCode === 0 ? 'Completed' : 'Error',
      startedAt: this.runStartedAt,
      finishedAt: new Date(),
    };
    if (this.cgroup) {
      this.cgroup.killAll();
      this.cgroup.remove();
      this.cgroup = undefined;
    }
    this.sandbox.log(
      `container ${this.container.name} exited with ${exit.exitCode}${exit.signal ? ` (signal ${exit.signal})` : ''}${exit.oomKilled ? ', OOMKilled' : ''}`,
    );
    this.record.state = { terminated };
    this.record.ready = false;
    this.record.started = false;
    this.changed();
    if (this.stopping || !this.shouldRestart(exit.exitCode)) return;
    const ranFor = terminated.finishedAt.getTime() - (this.runStartedAt?.getTime() ?? 0);
    const wait = this.backoff.next(ranFor);
    const restart = () => {
      if (this.stopping) return;
      this.record.lastTerminated = terminated;
      this.record.restartCount++;
      void this.start();
    };
    if (wait === 0) {
      restart();
    } else {
      this.record.lastTerminated = terminated;
      this.setWaiting(
        'CrashLoopBackOff',
        `back-off ${wait / 1000}s restarting failed container=${this.container.name} pod=${this.sandbox.pod().metadata?.name}`,
      );
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(restart, wait);
    }
  }

  private shouldRestart(exitCode: number): boolean {
    if (this.record.kind === 'sidecar') return true;
    const policy = this.sandbox.pod().spec?.restartPolicy ?? 'Always';
    if (this.record.kind === 'init') return policy !== 'Never' && exitCode !== 0;
    return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  }

  /** Stops the container for good (the Pod is going): preStop, SIGTERM, SIGKILL at the deadline. */
  async stop(deadline: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.emit('change');
    // No probe may restart a container of a terminating Pod; its endpoints are marked terminating
    // by the EndpointSlice controller, whatever readiness says.
    this.killReason ??= 'Terminating';
    this.stopProbes();
    if (this.process?.isRunning()) this.sandbox.event('Killing', `Stopping container ${this.container.name}`);
    await this.terminateProcess(deadline);
  }

  /** SIGKILL now, for an agent that must leave nothing behind. */
  killNow(): void {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.stopProbes();
    this.process?.killAll();
  }

  /** Once the process and its cgroup are gone (after stop or killNow). */
  async gone(): Promise<void> {
    if (this.process) await this.process.exited;
  }
}
