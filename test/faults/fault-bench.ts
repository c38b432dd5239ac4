// The chart's Pods behind a Service (the kube-proxy-like ServiceProxy), 10,000 keys written through
// it, and a way to run one fault under a steady load and collect what the callers saw.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { renderChart } from '../../tools/pod-runtime/chart.ts';
import { memoryCgroupsAvailable } from '../../tools/pod-runtime/memory-cgroup.ts';
import type { LocalPod } from '../../tools/pod-runtime/pod.ts';
import { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import { podTemplateFrom, type PodTemplate } from '../../tools/pod-runtime/rendered-pod.ts';
import { ServiceProxy } from '../../tools/pod-runtime/service-proxy.ts';
import { sleep, waitFor } from '../../tools/pod-runtime/wait.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { Load, verifyWrites, WriteLedger, writeInitialKeys } from './load.ts';
import { figuresOf, type CaseFigures } from './summary.ts';

export const KEYS = 10_000;
/** The load runs this long before the fault. */
const LOAD_BEFORE_FAULT_MS = 2_000;
// The kubelet notices a container that exited at its next relist (PLEG, every second) and restarts it.
const KUBELET_RELIST_MS = 1_000;

export interface FaultBenchOptions {
  addressPrefix: string;
  replicas?: number;
  clients?: number;
  ratePerClient?: number;
}

export class FaultBench {
  readonly ledger = new WriteLedger();
  readonly keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);

  readonly template: PodTemplate;
  readonly pods: LocalPodSet;
  readonly proxy: ServiceProxy;
  private readonly options: Required<FaultBenchOptions>;

  // No parameter properties: Node runs this file (npm run chaos) by stripping types only.
  private constructor(template: PodTemplate, pods: LocalPodSet, proxy: ServiceProxy, options: Required<FaultBenchOptions>) {
    this.template = template;
    this.pods = pods;
    this.proxy = proxy;
    this.options = options;
  }

  static async start(name: string, given: FaultBenchOptions): Promise<FaultBench> {
    const options = { replicas: 3, clients: 4, ratePerClient: 20, ...given };
    const workDir = newWorkDir(name);
    const valuesFile = join(workDir, 'values.yaml');
    writeFileSync(valuesFile, stringify({ replicaCount: options.replicas }));
    const template = podTemplateFrom(await renderChart({ valuesFiles: [valuesFile] }));
    // Under their rendered memory limits where the machine can enforce them, as the other Pod tests.
    const pods = new LocalPodSet(template, { addressPrefix: options.addressPrefix, workDir, enforceMemoryLimits: memoryCgroupsAvailable() });
    const proxy = new ServiceProxy({ host: `${options.addressPrefix}.250`, port: 80, targetPort: 5000, pods: () => pods.pods });
    const bench = new FaultBench(template, pods, proxy, options);
    await pods.start(options.replicas);
    await proxy.listen();
    await writeInitialKeys(proxy.url, bench.keys, bench.ledger);
    return bench;
  }

  allReady(replicas: number): boolean {
    return this.pods.pods.length === replicas && this.pods.pods.every((pod) => pod.ready && !pod.terminating);
  }

  /**
   * Runs the load, then `fault` after a quiet start; waits until `replicas` Pods are Ready, lets the
   * load run on a little, and reads every acknowledged key back.
   */
  async runCase(name: string, fault: (bench: FaultBench) => Promise<void>, replicas = this.options.replicas): Promise<CaseFigures & { records: Load['records']; faultAt: number }> {
    const load = new Load(this.ledger, {
      url: this.proxy.url,
      clients: this.options.clients,
      ratePerClient: this.options.ratePerClient,
      keys: this.keys,
      maxDurationMs: 10 * 60_000,
    });
    load.start();
    await sleep(LOAD_BEFORE_FAULT_MS);
    const faultAt = Date.now();
    await fault(this);
    await waitFor(`${replicas} Pods Ready after ${name}`, async () => this.allReady(replicas), { timeoutMs: 180_000, intervalMs: 100 });
    const readyAgainAt = Date.now();
    await sleep(3_000);
    await load.stop();
    const verification = await verifyWrites(this.proxy.url, this.ledger);
    return { ...figuresOf(name, load.records, verification, { faultAt, readyAgainAt, wrongReads: load.wrongReads.length }), records: load.records, faultAt };
  }

  async stop(): Promise<void> {
    await this.proxy.close();
    for (const pod of this.pods.pods) {
      if (pod.member?.isRunning()) process.kill(pod.member.pid, 'SIGCONT');
    }
    await this.pods.stopAll();
  }
}

/** The container restarted as the kubelet restarts a crashed one (restartPolicy Always, first crash). */
export async function restartLikeKubelet(pod: LocalPod, container: 'member' | 'app', heldBackMs = 0): Promise<void> {
  await sleep(KUBELET_RELIST_MS + heldBackMs);
  if (container === 'member') pod.startMember();
  else pod.startApp();
}
