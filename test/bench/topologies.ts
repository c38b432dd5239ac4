// What the sidecar buys (issue 20.4): /get and /put latency of the same built app in four set-ups
// on one cluster of 3 real members, in one run: sidecar (bound to its local member), sidecar with
// smart routing, sidecar with a near cache, and client/server (no member at the app's address).
// Each call's key is known, and the partition table (a separate smart client's PartitionService)
// says which member owns it: the share of calls that left the local member is counted per call.
// On loopback there is no network cost: a hop here costs a socket round trip, not a wire.
//   npm run build && node_modules/.bin/node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON test/bench/topologies.ts
import { Client } from 'hazelcast-client';
import { Agent, request } from 'node:http';
import { startApp, type AppProcess } from '../../tools/pod-runtime/app-process.ts';
import { defaultMemberConfig, startMember, type MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { pacedLoad } from './paced-load.ts';
import { formatMs, LatencyRecorder, markdownTable } from './stats.ts';
import { BENCH_MAP, httpRequest, keyName, type HttpRequest } from './workload.ts';

const KEYS = 1_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP_SECONDS = 3;
const STEADY = { rate: 300, connections: 8 };
const VALUE = 'v'.repeat(100);
const LOCAL = '127.0.48.1';
const memberHosts = [LOCAL, '127.0.48.2', '127.0.48.3'];

interface Case {
  name: string;
  host: string;
  port: number;
  env: Record<string, string>;
  /** Whether a call of this key leaves the local member; `gets` counts earlier gets of the key by this app. */
  leaves: (ownedLocally: boolean, operation: 'get' | 'put', earlierGets: number) => boolean;
}

const allMembers = memberHosts.map((host) => `${host}:5701`).join(',');
const smart = { HAZELCAST_SMART_ROUTING: 'true', HAZELCAST_ASYNC_START: 'false' };
const cases: Case[] = [
  // Bound to its member: a key owned elsewhere is forwarded by the local member.
  { name: 'sidecar (bound to the local member)', host: LOCAL, port: 5101, env: { HAZELCAST_CLUSTER_MEMBERS: `${LOCAL}:5701` }, leaves: (local) => !local },
  // Straight to the owner: a key owned elsewhere goes from the app to that member.
  { name: 'sidecar + smart routing', host: LOCAL, port: 5102, env: { HAZELCAST_CLUSTER_MEMBERS: `${LOCAL}:5701`, ...smart }, leaves: (local) => !local },
  // Reads of a key read before (no write since: puts run first) are served in-process.
  {
    name: 'sidecar + near cache',
    host: LOCAL,
    port: 5103,
    env: { HAZELCAST_CLUSTER_MEMBERS: `${LOCAL}:5701`, HAZELCAST_NEAR_CACHE_MAPS: BENCH_MAP },
    leaves: (local, operation, earlierGets) => !local && (operation === 'put' || earlierGets === 0),
  },
  // No member at the app's address: every call goes to a remote member.
  { name: 'client/server', host: '127.0.48.10', port: 5104, env: { HAZELCAST_CLUSTER_MEMBERS: allMembers, ...smart }, leaves: () => true },
];

type Operation = 'get' | 'put';
interface Row {
  name: string;
  operation: Operation;
  single: string[];
  steady: string[];
  calls: number;
  left: number;
}

let seed = 1;
/** A fixed pseudo-random key sequence, the same for every case. */
const nextKey = () => keyName((seed = (seed * 48271) % 2147483647) % KEYS);

/** One connection, one call at a time (closed loop) for `seconds`. */
async function oneConnection(url: string, next: () => HttpRequest, recorder: LatencyRecorder, seconds = SECONDS) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const { method, path } = next();
    const started = process.hrtime.bigint();
    await new Promise<void>((done, fail) => {
      const sent = request({ agent, hostname: target.hostname, port: target.port, method, path }, (response) => {
        if (response.statusCode !== 200) fail(new Error(`${path}: ${response.statusCode}`));
        response.resume();
        response.on('end', done);
      });
      sent.on('error', fail);
      sent.end();
    });
    recorder.record(Number(process.hrtime.bigint() - started) / 1e6);
  }
  agent.destroy();
}

async function main(): Promise<void> {
  const workDir = newWorkDir('bench-topologies');
  const peers = memberHosts.map((host) => ({ host, port: 5701 }));
  const members: MemberProcess[] = peers.map((self, i) => startMember({ name: `member-${i}`, self, peers, config: defaultMemberConfig(), workDir }));
  const apps: AppProcess[] = [];
  let owners: Client | undefined;
  try {
    await Promise.all(members.map((member) => member.ready(180_000)));
    owners = await Client.newHazelcastClient({ clusterName: 'dev', network: { clusterMembers: [allMembers.split(',')[0]] }, properties: { 'hazelcast.logging.level': 'OFF' } });
    const map = await owners.getMap<string, string>(BENCH_MAP);
    await map.putAll(Array.from({ length: KEYS }, (_, i) => [keyName(i), VALUE] as [string, string]));
    const localUuid = owners.getCluster().getMembers().find((member) => member.address.host === LOCAL)?.uuid.toString();
    const partitions = owners.getPartitionService();
    const ownedLocally = (key: string) => partitions.getPartitionOwner(partitions.getPartitionId(key))?.toString() === localUuid;

    for (const { name, host, port, env } of cases) {
      apps.push(startApp({ name: name.replace(/\W+/g, '-'), host, port, env: { ...env, REQUEST_LOG: 'errors' }, workDir }));
    }
    await Promise.all(apps.map((app) => app.waitForStatus('/health/ready', 200, 180_000)));

    // Warm-up, not recorded: the first case measured would otherwise pay for V8's and the JVM's JIT.
    for (const app of apps) {
      for (const operation of ['put', 'get'] as const) {
        await oneConnection(app.url, () => httpRequest('api', operation, keyName(Math.floor(Math.random() * KEYS)), VALUE), new LatencyRecorder(), WARM_UP_SECONDS);
      }
    }
    const rows: Row[] = [];
    // Puts first, then gets: the near cache then sees no write while it is read.
    for (const operation of ['put', 'get'] as const) {
      for (const [index, testCase] of cases.entries()) {
        const gets = new Map<string, number>();
        let calls = 0;
        let left = 0;
        const next = () => {
          const key = nextKey();
          const earlier = gets.get(key) ?? 0;
          if (operation === 'get') gets.set(key, earlier + 1);
          calls++;
          if (testCase.leaves(ownedLocally(key), operation, earlier)) left++;
          return httpRequest('api', operation, key, VALUE);
        };
        const url = apps[index].url;
        const single = new LatencyRecorder();
        await oneConnection(url, next, single);
        const steady = new LatencyRecorder();
        await pacedLoad({ url, ...STEADY, seconds: SECONDS, next }, steady);
        const [a, b] = [single.summary(), steady.summary()];
        rows.push({ name: testCase.name, operation, single: [formatMs(a.p50), formatMs(a.p99)], steady: [formatMs(b.p50), formatMs(b.p99)], calls, left });
        console.error(`${testCase.name} ${operation}: done`);
      }
    }
    const header = ['set-up', 'call', 'p50 1 conn (ms)', 'p99 1 conn (ms)', `p50 ${STEADY.rate}/s (ms)`, `p99 ${STEADY.rate}/s (ms)`, 'calls', 'left the local member'];
    const table = rows.map((row) => [row.name, `/${row.operation}`, ...row.single, ...row.steady, String(row.calls), `${row.left} (${Math.round((100 * row.left) / row.calls)}%)`]);
    console.log(markdownTable(header, table, 2));
  } finally {
    await owners?.shutdown();
    await Promise.all([...apps, ...members].map((process) => (process.isRunning() ? process.kill() : undefined)));
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
