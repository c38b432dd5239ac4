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
import { sleep } from '../../tools/pod-runtime/wait.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { WriteLedger, writeInitialKeys } from './load.ts';
import { runUnderLoad, type CaseRun } from './under-load.ts';

export const KEYS = 10_000;
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

  /** `fault` under the load (runUnderLoad), until `replicas` Pods are Ready again. */
  runCase(name: string, fault: (bench: FaultBench) => Promise<void>, replicas = this.options.replicas): Promise<CaseRun> {
    const target = { url: this.proxy.url, ledger: this.ledger, keys: this.keys, clients: this.options.clients, ratePerClient: this.options.ratePerClient };
    return runUnderLoad(name, target, () => fault(this), async () => this.allReady(replicas));
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
