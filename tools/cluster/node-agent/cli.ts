// The node agent in the foreground: `node tools/cluster/node-agent/cli.ts --node-name N --kubeconfig F`
// plus the node network the control plane made (tools/cluster/README.md); Ctrl-C stops every Pod
// in the kubelet's order and leaves nothing behind.
import { parseArgs } from 'node:util';
import { startNodeAgent } from './agent.ts';

const { values } = parseArgs({
  options: {
    'node-name': { type: 'string' },
    kubeconfig: { type: 'string' },
    netns: { type: 'string', default: 'hzsc-node0' },
    bridge: { type: 'string', default: 'hzsc0' },
    'bridge-address': { type: 'string', default: '10.244.0.254' },
    'pod-prefix-length': { type: 'string', default: '24' },
    'pod-addresses': { type: 'string', default: '10.244.0.1-10.244.0.200' },
    'node-address': { type: 'string', default: '10.244.255.2' },
    'cluster-domain': { type: 'string', default: 'cluster.local' },
    'cluster-dns': { type: 'string' },
  },
});

const required = (name: 'node-name' | 'kubeconfig') => {
  const value = values[name];
  if (!value) {
    console.error(`node-agent: --${name} is required\nusage: cli.ts --node-name NAME --kubeconfig FILE [--netns NS --bridge BR --bridge-address IP --pod-addresses FIRST-LAST --node-address IP]`);
    process.exit(2);
  }
  return value;
};

async function main(): Promise<void> {
  const [first, last] = values['pod-addresses']!.split('-');
  const agent = await startNodeAgent({
    nodeName: required('node-name'),
    kubeconfigPath: required('kubeconfig'),
    clusterDomain: values['cluster-domain'],
    clusterDNS: values['cluster-dns'],
    network: {
      netns: values.netns!,
      bridge: values.bridge!,
      bridgeAddress: values['bridge-address']!,
      podPrefixLength: Number(values['pod-prefix-length']),
      podAddresses: { first, last },
      nodeAddress: values['node-address']!,
    },
  });

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('node-agent: stopping every Pod on this node ...');
      void agent.stop().then(() => process.exit(0));
    });
}
}

main().catch((error: unknown) => {
  console.error(`node-agent: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
