// `node tools/cluster/control-plane/cli.ts`: the control plane alone, in the foreground, until Ctrl-C.
import { startControlPlane } from './control-plane.ts';

async function main(): Promise<void> {
  const plane = await startControlPlane({ handleSignals: false });
  console.log(`Kubernetes ${plane.version} control plane ready in ${plane.startMs} ms (node ${plane.node.name}, InternalIP ${plane.node.nodeAddress})`);
  console.log(`export KUBECONFIG=${plane.kubeconfigPath}`);
  console.log(`node agent credentials: ${plane.node.kubeconfigPath}; logs in ${plane.dir}; Ctrl-C stops it`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('stopping the control plane');
      void plane.stop().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
