// One Pod of the chart's StatefulSet as local processes on a loopback address of its own: the
// member (real Hazelcast, the rendered hazelcast.yaml with only its join replaced) and the built API
// (the rendered env, its localhost member mapped to this Pod's address), probed as the kubelet does.
import { startApp, type AppProcess } from './app-process.ts';
import { ProbeLoop } from './kubelet-probe.ts';
import { startMember, type MemberAddress, type MemberProcess } from './member-process.ts';
import type { ContainerSpec, PodTemplate } from './rendered-pod.ts';
import { waitFor } from './wait.ts';

const LOCALHOST = /^(127\.0\.0\.1|localhost):(\d+)$/;

export class LocalPod {
  readonly name: string;
  readonly host: string;
  member: MemberProcess | undefined;
  app: AppProcess | undefined;
  private readonly template: PodTemplate;
  private readonly workDir: string;
  private readonly peers: () => MemberAddress[];
  private readonly readiness = new Map<'member' | 'app', ProbeLoop>();
  private deleted = false;

  private readonly enforceMemoryLimits: boolean;

  constructor(
    template: PodTemplate,
    ordinal: number,
    host: string,
    peers: () => MemberAddress[],
    workDir: string,
    { enforceMemoryLimits = false } = {},
  ) {
    this.template = template;
    this.enforceMemoryLimits = enforceMemoryLimits;
    this.name = `${template.statefulSetName}-${ordinal}`;
    this.host = host;
    this.peers = peers;
    this.workDir = workDir;
  }

  get memberAddress(): MemberAddress {
    return { host: this.host, port: 5701 };
  }

  get appUrl(): string {
    return `http://${this.host}:${this.appPort}`;
  }

  /** Ready as Kubernetes counts it: every container with a readiness probe passes it. */
  get ready(): boolean {
    return [...this.readiness.values()].every((loop) => loop.isPassing) && this.readiness.size > 0;
  }

  /** Being deleted: Kubernetes takes such a Pod out of its Services' endpoints at once, ready or not. */
  get terminating(): boolean {
    return this.deleted;
  }

  /** Starts the Pod: a native-sidecar member first (the app after it is up), else both at once. */
  async start(): Promise<void> {
    this.deleted = false;
    this.startMember();
    if (this.template.nativeSidecar) await this.member?.ready(120_000);
    this.startApp();
  }

  startMember(): MemberProcess {
    const spec = this.template.member;
    this.member = startMember({
      name: `${this.name}-member`,
      self: this.memberAddress,
      peers: this.peers(),
      config: spec.config,
      javaOptions: spec.javaOptions,
      env: spec.env,
      workDir: this.workDir,
      memoryLimitBytes: this.memoryLimitOf(spec),
    });
    this.probe('member', spec);
    return this.member;
  }

  startApp(): AppProcess {
    const spec = this.template.app;
    const env = { ...spec.env, HAZELCAST_CLUSTER_MEMBERS: this.localMember(spec.env.HAZELCAST_CLUSTER_MEMBERS) };
    this.app = startApp({
      name: `${this.name}-app`,
      host: this.host,
      port: this.appPort,
      env,
      workDir: this.workDir,
      memoryLimitBytes: this.memoryLimitOf(spec),
    });
    this.probe('app', spec);
    return this.app;
  }

  /**
   * Deletes the Pod as the kubelet does: SIGTERM, SIGKILL after terminationGracePeriodSeconds.
   * A native sidecar member is stopped after the app has exited; ordinary containers all at once.
   */
  async stop(): Promise<void> {
    const deadline = Date.now() + this.template.terminationGracePeriodSeconds * 1000;
    const remaining = () => Math.max(0, deadline - Date.now());
    this.deleted = true;
    this.stopProbes();
    if (this.template.nativeSidecar) {
      await this.app?.stop(remaining());
      await this.member?.stop(remaining());
    } else {
      await Promise.all([this.app?.stop(remaining()), this.member?.stop(remaining())]);
    }
  }

  /** SIGKILL to the member alone: a crash or an OOM kill of that container. */
  async killMember(): Promise<void> {
    this.readiness.get('member')?.stop();
    await this.member?.kill();
  }

  async waitUntilReady(timeoutMs = 120_000): Promise<void> {
    await waitFor(`${this.name} to be ready`, async () => this.ready, { timeoutMs, intervalMs: 100 });
  }

  private memoryLimitOf(spec: ContainerSpec): number | undefined {
    return this.enforceMemoryLimits ? spec.memoryLimitBytes : undefined;
  }

  private get appPort(): number {
    const spec = this.template.app;
    return Number(spec.env.PORT ?? spec.ports.http ?? Object.values(spec.ports)[0]);
  }

  private localMember(configured: string | undefined): string {
    const match = LOCALHOST.exec(configured ?? '');
    if (!match) {
      throw new Error(`the app's HAZELCAST_CLUSTER_MEMBERS is "${configured}": a sidecar app must use its localhost member`);
    }
    return `${this.host}:${match[2]}`;
  }

  private probe(container: 'member' | 'app', spec: ContainerSpec): void {
    this.readiness.get(container)?.stop();
    if (!spec.readiness) return;
    const loop = new ProbeLoop(spec.readiness, this.host);
    this.readiness.set(container, loop);
    loop.start();
  }

  private stopProbes(): void {
    for (const loop of this.readiness.values()) loop.stop();
  }
}
