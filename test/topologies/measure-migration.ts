// Measures how long a cluster takes to be safe again after one of its members shuts down
// gracefully: 3 real members on loopback with the chart's hazelcast.yaml, 10,000 keys, SIGTERM to
// one, then the survivors' /hazelcast/health polled until clusterSafe and no migration is queued.
// The HPA's scale-down window and the PDB in values.yaml are derived from this figure.
//   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON test/topologies/measure-migration.ts [runs]
import { Client } from 'hazelcast-client';
import { renderChart } from '../../tools/pod-runtime/chart.ts';
import { startMember, type MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { podTemplateFrom } from '../../tools/pod-runtime/rendered-pod.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { memberHealth } from '../support/member-health.ts';
import { newWorkDir } from '../support/sidecar.ts';

const KEYS = 10_000;
const runs = Number(process.argv[2] ?? 3);
const hosts = ['127.0.9.1', '127.0.9.2', '127.0.9.3'];

const health = (member: MemberProcess) => memberHealth(member.address);

async function once(run: number): Promise<{ shutdownSeconds: number; safeSeconds: number }> {
  const template = podTemplateFrom(await renderChart({ set: { replicaCount: 3 } }));
  const workDir = newWorkDir(`migration-${run}`);
  const peers = hosts.map((host) => ({ host, port: 5701 }));
  // The chart's config; JVM options of the runner (small heaps): the rendered ones size the heap from a cgroup limit.
  const members = peers.map((self, i) => startMember({ name: `m${i}`, self, peers, config: template.member.config, workDir }));
  try {
    await Promise.all(members.map((member) => member.ready(120_000)));
    await waitFor('3 members', async () => (await health(members[0])).clusterSize === 3, { timeoutMs: 60_000 });
    const client = await Client.newHazelcastClient({
      clusterName: template.member.config.hazelcast['cluster-name'],
      network: { clusterMembers: peers.map((peer) => `${peer.host}:5701`) },
      properties: { 'hazelcast.logging.level': 'OFF' },
    });
    const map = await client.getMap<string, string>('migration');
    for (let i = 0; i < KEYS; i += 500) {
      await map.putAll(Array.from({ length: 500 }, (_, j) => [`key-${i + j}`, `value-${i + j}-${'x'.repeat(32)}`] as [string, string]));
    }
    await waitFor('a safe cluster before the shutdown', async () => (await health(members[0])).clusterSafe, { timeoutMs: 60_000 });
    const started = Date.now();
    const stopping = members[2].stop(120_000);
    let shutdownSeconds = 0;
    void stopping.then(() => (shutdownSeconds = (Date.now() - started) / 1000));
    await waitFor(
      'the survivors to be safe with 2 members',
      async () => {
        const states = await Promise.all(members.slice(0, 2).map(health));
        return states.every((state) => state.clusterSize === 2 && state.clusterSafe && state.migrationQueueSize === 0);
      },
      { timeoutMs: 120_000, intervalMs: 50 },
    );
    const safeSeconds = (Date.now() - started) / 1000;
    await stopping;
    const size = await map.size();
    await client.shutdown();
    if (size !== KEYS) throw new Error(`lost keys: ${KEYS - size}`);
    return { shutdownSeconds, safeSeconds };
  } finally {
    await Promise.all(members.map((member) => (member.isRunning() ? member.kill() : undefined)));
  }
}

async function main(): Promise<void> {
  for (let run = 1; run <= runs; run++) {
    const { shutdownSeconds, safeSeconds } = await once(run);
    console.log(`run ${run}: SIGTERM to exit ${shutdownSeconds.toFixed(2)} s, SIGTERM to cluster safe (2 members, no migration queued) ${safeSeconds.toFixed(2)} s, 0 keys lost`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
