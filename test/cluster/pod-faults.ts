// Faults done to one Pod of a release on the local cluster as they would be done on its node: a
// firewall rule inside the Pod's network namespace, a container's process killed. Nothing here
// touches the machine's own iptables; a rule goes with the Pod's namespace.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { podNetnsName } from '../../tools/cluster/node-agent/pod-network.ts';
import { sleep } from '../../tools/pod-runtime/wait.ts';
import { getJson } from './cluster-fixture.ts';

export interface PodStatusView {
  metadata: { uid: string };
  status: {
    conditions?: Array<{ type: string; status: string }>;
    initContainerStatuses?: Array<{ name: string; restartCount: number }>;
    containerStatuses?: Array<{ name: string; restartCount: number }>;
  };
}

export const getPod = (plane: ControlPlane, namespace: string, name: string) => getJson<PodStatusView>(plane, ['pod', name, '--namespace', namespace]);

export const isReady = (pod: PodStatusView) => pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

export function restartsOf(pod: PodStatusView, container: string): number {
  const statuses = [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])];
  return statuses.find((status) => status.name === container)?.restartCount ?? 0;
}

export async function podNetns(plane: ControlPlane, namespace: string, name: string): Promise<string> {
  return podNetnsName(plane.node, (await getPod(plane, namespace, name)).metadata.uid);
}

/** iptables inside one Pod's network namespace (-w: waits for the xtables lock other Pods' rules may hold). */
export const iptables = (netns: string, args: string[]) => execFileSync('ip', ['netns', 'exec', netns, 'iptables', '-w', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Every TCP segment arriving on `device` for `port` inside the Pod's namespace answered with a
 * reset, for `forMs`: new connections refused, established ones reset at their next segment.
 */
export async function refusePort(netns: string, { port, device, forMs }: { port: number; device: string; forMs: number }): Promise<void> {
  const rule = ['INPUT', '-i', device, '-p', 'tcp', '--dport', String(port), '-j', 'REJECT', '--reject-with', 'tcp-reset'];
  iptables(netns, ['-I', ...rule]);
  try {
    await sleep(forMs);
  } finally {
    iptables(netns, ['-D', ...rule]);
  }
}

/** SIGKILL to the one process named `command` in the Pod's namespace (its containers share no PID namespace here). */
export function killInPod(netns: string, command: string): number {
  const pids = execFileSync('ip', ['netns', 'pids', netns], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const commandOf = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const matching = pids.filter((pid) => commandOf(pid) === command);
  if (matching.length !== 1) throw new Error(`expected one ${command} in ${netns}, found ${matching.length} (pids ${pids.join(' ')})`);
  process.kill(Number(matching[0]), 'SIGKILL');
  return Number(matching[0]);
}

/** Established connections to `port` inside the Pod's namespace from `peer` (the node's address callers are masqueraded to). */
export function connectionsFrom(netns: string, port: number, peer: string): number {
  const lines = execFileSync('ip', ['netns', 'exec', netns, 'ss', '-Htn', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.split(/\s+/).at(-1)?.startsWith(`${peer}:`) ?? false).length;
}
