// One Pod of a chart's workload as local processes on a loopback address of its own: the member
// (real Hazelcast, the rendered hazelcast.yaml with only its join replaced) and/or the built API (the
// rendered env, its localhost member mapped to this Pod's address, or the members' headless Service
// resolved as DNS would: to every member Pod), probed as the kubelet does.
import { startApp, type AppProcess } from './app-process.ts';
import { ProbeLoop } from './kubelet-probe.ts';
import { formatAddress, startMember, type MemberAddress, type MemberProcess } from './member-process.ts';
import type { ContainerSpec, WorkloadTemplate } from './rendered-pod.ts';
import { waitFor } from './wait.ts';

const LOCALHOST = /^(127\.0\.0\.1|localhost):(\d+)$/;
const HEADLESS_SERVICE = /^[a-z0-9-]+-members\.[a-z0-9-]+\.svc\.[a-z0-9.-]+:5701$/;

export class LocalPod {
  readonly name: string;
  readonly host: string;
  readonly ordinal: number | string;
  member: MemberProcess | undefined;
  app: AppProcess | undefined;
  private readonly template: WorkloadTemplate;
  private readonly workDir: string;
  /** The members this Pod's member joins, or this Pod's app resolves the members' Service to. */
  private readonly peers: () => MemberAddress[];
  private readonly readiness = new Map<'member' | 'app', ProbeLoop>();
  private deleted = false;

  private readonly enforceMemoryLimits: boolean;

  constructor(
    template: WorkloadTemplate,
    ordinal: number | string,
    host: string,
    peers: () => MemberAddress[],
    workDir: string,
    { enforceMemoryLimits = false } = {},
  ) {
    this.template = template;
    this.enforceMemoryLimits = enforceMemoryLimits;
    this.ordinal = ordinal;
    this.name = `${template.name}-${ordinal}`;
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

  /** Starts the Pod: a native-sidecar member first (the app after it is up), else its containers at once. */
  async start(): Promise<void> {
    this.deleted = false;
    if (this.template.member) this.startMember();
    if (this.template.nativeSidecar) await this.member?.ready(120_000);
    if (this.template.app) this.startApp();
  }

  startMember(): MemberProcess {
    const spec = this.template.member;
    if (!spec) throw new Error(`${this.name} has no member container`);
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
    if (!spec) throw new Error(`${this.name} has no app container`);
    const podIndex = Object.fromEntries(spec.podIndexEnv.map((name) => [name, String(this.ordinal)]));
    const env = { ...spec.env, ...podIndex, HAZELCAST_CLUSTER_MEMBERS: this.clusterMembers(spec.env.HAZELCAST_CLUSTER_MEMBERS) };
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
    return Number(spec?.env.PORT ?? spec?.ports.http ?? Object.values(spec?.ports ?? {})[0]);
  }

  /** A sidecar app's localhost member is this Pod's; a client-server app's Service name resolves to every member Pod. */
  private clusterMembers(configured: string | undefined): string {
    const match = LOCALHOST.exec(configured ?? '');
    if (match) return `${this.host}:${match[2]}`;
    if (this.template.member) {
      throw new Error(`the app's HAZELCAST_CLUSTER_MEMBERS is "${configured}": a sidecar app must use its localhost member`);
    }
    if (!HEADLESS_SERVICE.test(configured ?? '')) {
      throw new Error(`the app's HAZELCAST_CLUSTER_MEMBERS is "${configured}": only the release's members Service is emulated here`);
    }
    return this.peers().map(formatAddress).join(',');
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
