// The node's network: a network namespace of its own holding the Pod bridge, joined to the root
// namespace by a veth pair. The API server listens on the root end; the node end is the Node's
// InternalIP. kube-proxy's rules (and anything else a node programs) then stay inside that namespace,
// never in the host's iptables, and deleting the namespace removes the bridge and every Pod's link.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NodeNetwork {
  /** Which cluster on this machine: 0 for the first, so several can run side by side. */
  readonly index: number;
  readonly netns: string;
  readonly bridge: string;
  /** The Pods' gateway, on the bridge. */
  readonly bridgeAddress: string;
  readonly podPrefixLength: number;
  readonly podAddresses: { readonly first: string; readonly last: string };
  /** The root namespace's end of the link: the API server binds here. */
  readonly hostAddress: string;
  /** The node namespace's end: the Node's InternalIP. */
  readonly nodeAddress: string;
  remove(): void;
}

const maxClusters = 63;
const ownersDir = '/run/hazelcast-sidecar';
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const namespaceName = (index: number) => `hzsc-node${index}`;
const hostLink = (index: number) => `hzsc${index}h`;
const nodeLink = (index: number) => `hzsc${index}n`;
const ownerFile = (index: number) => join(ownersDir, `cluster-${index}.pid`);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The node's namespace, the Pod namespaces the agent named after it (a crashed agent's), the link. */
function removeNetwork(index: number): void {
  const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`${namespaceName(index)}-pod-`));
  const removals = [...namespaces, namespaceName(index)].map((name) => ['netns', 'del', name]);
  for (const args of [...removals, ['link', 'del', hostLink(index)]]) {
    try {
      ip(...args);
    } catch {
      // Already gone: the veth pair disappears with the namespace.
    }
  }
  rmSync(ownerFile(index), { force: true });
}

/** A namespace whose owner died without cleaning up (SIGKILL) is taken back. */
function removeIfStale(index: number): void {
  let owner: number;
  try {
    owner = Number(readFileSync(ownerFile(index), 'utf8'));
  } catch {
    return;
  }
  if (!isAlive(owner)) removeNetwork(index);
}

function claimIndex(): number {
  mkdirSync(ownersDir, { recursive: true });
  for (let index = 0; index < maxClusters; index++) {
    removeIfStale(index);
    try {
      ip('netns', 'add', namespaceName(index));
    } catch {
      continue;
    }
    writeFileSync(ownerFile(index), String(process.pid));
    return index;
  }
  throw new Error(`all ${maxClusters} node network namespaces (hzsc-node*) are in use`);
}

export function createNodeNetwork(): NodeNetwork {
  const index = claimIndex();
  const netns = namespaceName(index);
  const bridge = 'hzsc0';
  const hostAddress = `10.244.255.${4 * index + 1}`;
  const nodeAddress = `10.244.255.${4 * index + 2}`;
  const bridgeAddress = `10.244.${index}.254`;
  try {
    ip('link', 'add', hostLink(index), 'type', 'veth', 'peer', 'name', nodeLink(index), 'netns', netns);
    ip('addr', 'add', `${hostAddress}/30`, 'dev', hostLink(index));
    ip('link', 'set', hostLink(index), 'up');
    ip('-n', netns, 'link', 'set', 'lo', 'up');
    ip('-n', netns, 'addr', 'add', `${nodeAddress}/30`, 'dev', nodeLink(index));
    ip('-n', netns, 'link', 'set', nodeLink(index), 'up');
    ip('-n', netns, 'link', 'add', bridge, 'type', 'bridge');
    ip('-n', netns, 'addr', 'add', `${bridgeAddress}/24`, 'dev', bridge);
    ip('-n', netns, 'link', 'set', bridge, 'up');
    // The node namespace routes between the Pods and the API server; forwarding is per namespace.
    execFileSync('ip', ['netns', 'exec', netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    ip('route', 'add', `10.244.${index}.0/24`, 'via', nodeAddress, 'dev', hostLink(index));
  } catch (error) {
    removeNetwork(index);
    throw error;
  }
  return {
    index,
    netns,
    bridge,
    bridgeAddress,
    podPrefixLength: 24,
    podAddresses: { first: `10.244.${index}.1`, last: `10.244.${index}.200` },
    hostAddress,
    nodeAddress,
    remove: () => removeNetwork(index),
  };
}
