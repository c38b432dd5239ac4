// Each Pod's network, as a CNI bridge plugin makes it: a network namespace of its own (its
// containers share its localhost), a veth pair whose other end joins the node's bridge, an address
// from the node's Pod range, and the bridge as default gateway.
import { execFileSync } from 'node:child_process';

/** What the control plane's node network gives the agent (tools/cluster/README.md). */
export interface NodeNetworkInfo {
  readonly netns: string;
  readonly bridge: string;
  readonly bridgeAddress: string;
  readonly podPrefixLength: number;
  readonly podAddresses: { readonly first: string; readonly last: string };
  readonly nodeAddress: string;
}

const toNumber = (address: string) => address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
const toAddress = (value: number) => [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');

/** The node's host-local IPAM: the lowest free address of the range, handed back on release. */
export class PodAddresses {
  private readonly inUse = new Set<string>();
  private readonly range: { first: string; last: string };

  constructor(range: { first: string; last: string }) {
    this.range = range;
  }

  allocate(): string {
    for (let value = toNumber(this.range.first); value <= toNumber(this.range.last); value++) {
      const address = toAddress(value);
      if (!this.inUse.has(address)) {
        this.inUse.add(address);
        return address;
      }
    }
    throw new Error(`no free Pod address left in ${this.range.first}-${this.range.last}`);
  }

  release(address: string): void {
    this.inUse.delete(address);
  }
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

export interface PodNetwork {
  readonly netns: string;
  readonly address: string;
  remove(): void;
}

/** A Pod's namespace name: under the node's own, so a stale one is found by its prefix. */
export const podNetnsPrefix = (node: NodeNetworkInfo) => `${node.netns}-pod-`;

const podId = (podUid: string) => podUid.replace(/-/g, '').slice(0, 8);

/** The network namespace of the Pod with this UID (tests enter it to shape that Pod's traffic). */
export const podNetnsName = (node: NodeNetworkInfo, podUid: string) => `${podNetnsPrefix(node)}${podId(podUid)}`;

export function createPodNetwork(node: NodeNetworkInfo, podUid: string, address: string): PodNetwork {
  const id = podId(podUid);
  const netns = podNetnsName(node, podUid);
  // Interface names have at most 15 characters.
  const bridgeEnd = `hzb${id}`;
  const podEnd = `hzp${id}`;
  const remove = () => {
    try {
      ip('netns', 'del', netns);
    } catch {
      // Already gone; the veth pair goes with the namespace.
    }
  };
  try {
    ip('netns', 'add', netns);
    ip('link', 'add', bridgeEnd, 'type', 'veth', 'peer', 'name', podEnd);
    ip('link', 'set', podEnd, 'netns', netns);
    ip('link', 'set', bridgeEnd, 'netns', node.netns);
    ip('-n', node.netns, 'link', 'set', bridgeEnd, 'master', node.bridge, 'up');
    ip('-n', netns, 'link', 'set', podEnd, 'name', 'eth0');
    ip('-n', netns, 'addr', 'add', `${address}/${node.podPrefixLength}`, 'dev', 'eth0');
    ip('-n', netns, 'link', 'set', 'eth0', 'up');
    ip('-n', netns, 'link', 'set', 'lo', 'up');
    ip('-n', netns, 'route', 'add', 'default', 'via', node.bridgeAddress);
  } catch (error) {
    remove();
    try {
      ip('link', 'del', bridgeEnd);
    } catch {
      // It was moved or never made.
    }
    throw new Error(`setting up the network of Pod ${podUid}: ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? error}`);
  }
  return { netns, address, remove };
}

/** Namespaces of Pods a killed agent left behind on this node. */
export function removeStalePodNetworks(node: NodeNetworkInfo): string[] {
  const names = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(podNetnsPrefix(node)));
  for (const name of names) ip('netns', 'del', name);
  return names;
}
