// The faults of issue 22, each as it happens to a Pod in a cluster, and the Pods each leaves behind.
import { sleep } from '../../tools/pod-runtime/wait.ts';
import { restartLikeKubelet, type FaultBench } from './fault-bench.ts';

export interface Fault {
  name: string;
  /** How many Pods the fault leaves (after it, all of them must be Ready again). */
  replicasAfter(replicas: number): number;
  apply(bench: FaultBench): Promise<void>;
}

export const STOPPED_MS = 10_000;
// CrashLoopBackOff's first back-off: a container that crashed again waits this long for its restart.
const CRASH_LOOP_BACKOFF_MS = 10_000;

// The middle Pod: neither the first (the StatefulSet's oldest) nor the one a scale-down removes.
export const victim = (bench: FaultBench) => bench.pods.pods[Math.floor(bench.pods.pods.length / 2)];
const same = (replicas: number) => replicas;

/** A container killed (SIGKILL) and restarted by the kubelet, after heldBackMs more when crashes repeat. */
function crashOf(name: string, container: 'member' | 'app', heldBackMs = 0): Fault {
  return {
    name,
    replicasAfter: same,
    async apply(bench) {
      const pod = victim(bench);
      if (container === 'member') await pod.killMember();
      else await pod.app?.kill();
      await restartLikeKubelet(pod, container, heldBackMs);
    },
  };
}

export const memberKill = crashOf('SIGKILL of one member', 'member');
export const appKill = crashOf('SIGKILL of one app', 'app');
// Gone from the cluster and nothing listening on its port until the restart: the app's reconnections
// are refused. The port refusing a live member's app is a firewall rule on the cluster (test/cluster).
export const memberDownHeldBack = crashOf('member killed, its restart held back 10 s (CrashLoopBackOff)', 'member', CRASH_LOOP_BACKOFF_MS);

export const memberStop: Fault = {
  name: 'member stopped 10 s (SIGSTOP), resumed',
  replicasAfter: same,
  async apply(bench) {
    const pid = victim(bench).member?.pid ?? -1;
    process.kill(pid, 'SIGSTOP');
    try {
      await sleep(STOPPED_MS);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  },
};

export const rollingRestart: Fault = {
  name: 'rolling restart (graceful, one Pod at a time)',
  replicasAfter: same,
  apply: (bench) => bench.pods.rollingRestart(),
};

export const scaleDown: Fault = {
  name: 'graceful scale-down by one',
  replicasAfter: (replicas) => replicas - 1,
  apply: (bench) => bench.pods.scaleDown(),
};

/** For chaos runs, which go on with the same number of Pods: down by one, then up again. */
export const scaleDownAndUp: Fault = {
  name: 'graceful scale-down by one, then up again',
  replicasAfter: same,
  async apply(bench) {
    await bench.pods.scaleDown();
    await bench.pods.scaleUp();
  },
};

export const CHAOS_FAULTS: Fault[] = [memberKill, appKill, memberStop, memberDownHeldBack, rollingRestart, scaleDownAndUp];
