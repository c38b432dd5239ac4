// Rolling restarts on the local cluster under the callers' load, two member settings side by side:
// two 3-Pod releases installed at once, restarted in turn (A, B, A, B ...) while only the restarted
// one is loaded through its NodePort. Per restart: requests, failures, and the slowest answers.
//
//   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON test/bench/rollout-tail.ts [--rounds=4]
//     [--b='hazelcast.config.properties.hazelcast\.invocation\.retry\.pause\.millis=100']
import { parseArgs } from 'node:util';
import { sleep } from '../../tools/pod-runtime/wait.ts';
import { helm, installChart, kubectl, startLocalCluster } from '../cluster/cluster-fixture.ts';
import { Load, WriteLedger, writeInitialKeys, type RequestRecord } from '../faults/load.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '4' }, b: { type: 'string', multiple: true, default: [] } } });
const rounds = Number(values.rounds);
const smallRequests = ['--set', 'app.resources.requests.cpu=50m', '--set', 'hazelcast.resources.requests.cpu=100m'];
const keys = Array.from({ length: 10_000 }, (_, i) => `key-${i}`);

interface Release {
  readonly name: string;
  readonly settings: string[];
  url: string;
  ledger: WriteLedger;
}

const row = (release: Release, round: number, restartSeconds: number, records: RequestRecord[]) => {
  const served = records.filter((r) => r.outcome === '2xx').map((r) => r.latencyMs).sort((a, b) => a - b);
  const failed = records.filter((r) => r.outcome !== '2xx');
  const kinds = failed.map((r) => `${r.status ?? r.outcome} ${r.errorKind ?? ''}`.trim());
  return `| ${release.name} | ${round} | ${restartSeconds.toFixed(1)} | ${records.length} | ${failed.length} ${kinds.join(', ')} | ${percentile(served, 99)} | ${percentile(served, 99.9)} | ${served.at(-1)} | ${served.filter((ms) => ms > 500).length} |`;
};

async function main(): Promise<void> {
  const { plane, stop } = await startLocalCluster();
  try {
    const releases: Release[] = [
      { name: 'a', settings: [], url: '', ledger: new WriteLedger() },
      { name: 'b', settings: values.b.flatMap((setting) => ['--set', setting]), url: '', ledger: new WriteLedger() },
    ];
    for (const release of releases) {
      // Two releases on the one node: smaller CPU requests, or the sixth Pod would not be scheduled.
      await installChart(plane, release.name, `tail-${release.name}`, ['--set', 'replicaCount=3', ...smallRequests, ...release.settings]);
      const port = (await kubectl(plane, ['get', 'service', `${release.name}-hazelcast-sidecar`, '--namespace', `tail-${release.name}`, '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout;
      release.url = `http://${plane.node.nodeAddress}:${port}`;
      await writeInitialKeys(release.url, keys, release.ledger);
    }
    console.log(`b: ${values.b.join(' ') || '(the defaults)'}`);
    console.log('| release | round | restart s | requests | failed | p99 ms | p99.9 ms | max ms | over 500 ms |\n| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
    for (let round = 1; round <= rounds; round++) {
      for (const release of releases) {
        const namespace = `tail-${release.name}`;
        const load = new Load(release.ledger, { url: release.url, clients: 4, ratePerClient: 20, keys, maxDurationMs: 15 * 60_000 });
        load.start();
        await sleep(2_000);
        const started = Date.now();
        const statefulSet = `statefulset/${release.name}-hazelcast-sidecar`;
        await kubectl(plane, ['rollout', 'restart', statefulSet, '--namespace', namespace]);
        const status = await kubectl(plane, ['rollout', 'status', statefulSet, '--namespace', namespace, '--timeout', '10m'], 660_000);
        const restartSeconds = (Date.now() - started) / 1000;
        await sleep(3_000);
        await load.stop();
        if (status.code !== 0) throw new Error(`rollout of ${release.name}: ${status.stderr}`);
        console.log(row(release, round, restartSeconds, load.records));
        const slow = load.records.filter((r) => r.latencyMs > 500 || r.outcome !== '2xx');
        if (slow.length) console.log(`    slow or failed (s from the restart): ${slow.map((r) => `${((r.startedAt - started) / 1000).toFixed(1)} ${r.operation} ${r.latencyMs} ms ${r.outcome}${r.errorKind ? ` ${r.errorKind}` : ''}`).join('; ')}`);
      }
    }
    for (const release of releases) await helm(plane, ['uninstall', release.name, '--namespace', `tail-${release.name}`, '--wait']);
  } finally {
    await stop();
  }
}

main().catch((error: Error) => {
  console.error(`rollout bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
