// The StatefulSet's Pods as local processes, with the operations a cluster performs on them:
// scale up and down (highest ordinal first), kill a member, and a rolling restart that waits for
// each Pod to be ready again before it moves on, as the StatefulSet controller does.
import { LocalPod } from './pod.ts';
import type { PodTemplate } from './rendered-pod.ts';

export interface PodSetOptions {
  /** The first three octets of the Pods' loopback addresses: Pod i gets <prefix>.<i + 1>. */
  addressPrefix: string;
  workDir: string;
  /** Each container in a memory cgroup with its rendered limit (needs a writable cgroup v1 memory controller). */
  enforceMemoryLimits?: boolean;
}

export class LocalPodSet {
  readonly pods: LocalPod[] = [];
  private readonly template: PodTemplate;
  private readonly options: PodSetOptions;

  constructor(template: PodTemplate, options: PodSetOptions) {
    this.template = template;
    this.options = options;
  }

  /** Starts the template's replica count (or `replicas`), one Pod at a time, each ready before the next. */
  async start(replicas = this.template.replicas, onReady: (pod: LocalPod) => void = () => undefined) {
    while (this.pods.length < replicas) onReady(await this.scaleUp());
  }

  /** Adds the next ordinal and waits until it is ready (OrderedReady pod management). */
  scaleUp(): Promise<LocalPod> {
    return this.scaleUpWith((pod) => pod.start());
  }

  /** Adds the next ordinal, lets `start` start its containers in any order, and waits until it is ready. */
  async scaleUpWith(start: (pod: LocalPod) => Promise<unknown>): Promise<LocalPod> {
    const ordinal = this.pods.length;
    const host = `${this.options.addressPrefix}.${ordinal + 1}`;
    const pod = new LocalPod(this.template, ordinal, host, () => this.memberList(), this.options.workDir, {
      enforceMemoryLimits: this.options.enforceMemoryLimits,
    });
    this.pods.push(pod);
    await start(pod);
    await pod.waitUntilReady();
    return pod;
  }

  /** Removes the highest ordinal gracefully: SIGTERM, as much time as the grace period allows. */
  async scaleDown(): Promise<void> {
    const pod = this.pods.pop();
    await pod?.stop();
  }

  /** Restarts every Pod, highest ordinal first, each ready again before the next goes. */
  async rollingRestart(onStep: (pod: LocalPod) => void = () => undefined): Promise<void> {
    for (const pod of [...this.pods].reverse()) {
      await pod.stop();
      await pod.start();
      await pod.waitUntilReady();
      onStep(pod);
    }
  }

  readyCount(): number {
    return this.pods.filter((pod) => pod.ready).length;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.pods.map((pod) => pod.stop()));
  }

  /** The TCP-IP member list that stands in for Kubernetes discovery: every Pod of the set. */
  private memberList() {
    return this.pods.map((pod) => pod.memberAddress);
  }
}
