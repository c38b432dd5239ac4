// A network split between two groups of a release's Pods on the local cluster. Packets to and from
// the other side are dropped inside each Pod's own network namespace on one side: a partition gives
// no answer (DROP, not REJECT), and the API server, DNS, the probes and the test still reach every Pod.
import type { ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { podNetnsName } from '../../tools/cluster/node-agent/pod-network.ts';
import { memberHealth } from '../support/member-health.ts';
import { getJson } from './cluster-fixture.ts';
import { iptables } from './pod-faults.ts';

export interface ReleasePod {
  readonly name: string;
  readonly ordinal: number;
  readonly ip: string;
  readonly netns: string;
}

interface PodList {
  items: Array<{ metadata: { name: string; uid: string; labels: Record<string, string> }; status: { podIP?: string } }>;
}

/** The namespace's Pods by StatefulSet ordinal, with the addresses and network namespaces the node agent gave them. */
export async function releasePods(plane: ControlPlane, namespace: string): Promise<ReleasePod[]> {
  const pods = await getJson<PodList>(plane, ['pods', '--namespace', namespace]);
  return pods.items
    .map((pod) => ({
      name: pod.metadata.name,
      ordinal: Number(pod.metadata.labels['apps.kubernetes.io/pod-index']),
      ip: pod.status.podIP ?? '',
      netns: podNetnsName(plane.node, pod.metadata.uid),
    }))
    .sort((a, b) => a.ordinal - b.ordinal);
}

/** What the member in a Pod reports as its cluster's size (its /hazelcast/health), or undefined when it does not answer. */
export function memberClusterSize(pod: ReleasePod): Promise<number | undefined> {
  return memberHealth({ host: pod.ip, port: 5701 }).then(
    (health) => health.clusterSize,
    () => undefined,
  );
}

const rules = (other: ReleasePod) => [
  ['INPUT', '-s', other.ip, '-j', 'DROP'],
  ['OUTPUT', '-d', other.ip, '-j', 'DROP'],
];

export class Partition {
  private cut = false;

  constructor(
    private readonly side: ReleasePod[],
    private readonly others: ReleasePod[],
  ) {}

  /** Drops every packet between the two sides. */
  apply(): void {
    this.cut = true;
    this.forEachRule('-A');
  }

  /** Removes the rules; safe to call again, and after the Pods (with their namespaces) are gone. */
  heal(): void {
    if (!this.cut) return;
    this.cut = false;
    this.forEachRule('-D', true);
  }

  private forEachRule(action: '-A' | '-D', ignoreErrors = false): void {
    for (const pod of this.side) {
      for (const other of this.others) {
        for (const [chain, ...rule] of rules(other)) {
          try {
            iptables(pod.netns, [action, chain, ...rule]);
          } catch (error) {
            if (!ignoreErrors) throw error;
          }
        }
      }
    }
  }
}
