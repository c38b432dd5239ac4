// `npm run cluster`: the local cluster in the foreground, the control plane and the node agent, until
// Ctrl-C, which stops the Pods in the kubelet's order, then the control plane, and leaves nothing.
import { toolsBinDir } from '../pod-runtime/paths.ts';
import { kubernetesBinDir } from './control-plane/binaries.ts';
import { startControlPlane } from './control-plane/control-plane.ts';
import { startNodeAgent, type NodeAgent } from './node-agent/agent.ts';

async function main(): Promise<void> {
  const plane = await startControlPlane({ handleSignals: false });
  let stopping = false;
  const stopPlane = () => plane.stop().then(() => process.exit(0));
  // The handlers are in place before the agent starts, so an early Ctrl-C still cleans up.
  const started: { agent?: NodeAgent } = {};
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('stopping the Pods, the node agent and the control plane ...');
      void (started.agent?.stop() ?? Promise.resolve()).finally(stopPlane);
    });
  }
  started.agent = await startNodeAgent({
    nodeName: plane.node.name,
    kubeconfigPath: plane.node.kubeconfigPath,
    network: plane.node,
    clusterDomain: plane.clusterDomain,
    clusterDNS: plane.dnsServer,
    log: (message) => console.log(`node-agent: ${message}`),
  });
  console.log(`Kubernetes ${plane.version}: control plane ready in ${plane.startMs} ms, node ${plane.node.name} at ${plane.node.nodeAddress}`);
  console.log(`logs in ${plane.dir}; Ctrl-C stops everything. In another shell:\n`);
  console.log(`export KUBECONFIG=${plane.kubeconfigPath}`);
  console.log(`export PATH=${kubernetesBinDir}:${toolsBinDir}:$PATH   # kubectl and helm of the pinned versions, if you have none`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
