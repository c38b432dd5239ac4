// npm run bench: the API against the minimal NestJS app in paired rounds (the targets),
// then one case each of the API, the minimal NestJS app, the bare node:http floor, the member's own
// REST API and the client alone, on one member; then the topology comparison on three members.
// Every process binds to a 127.0.4.x address of its own and the load never leaves loopback; every
// case is bounded in time and connections. Writes test/bench/results/latest.{json,md} and prints the
// Markdown. --rounds-only runs the paired rounds alone (a quick A/B of a change), into tmp/bench.
//
//   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON test/bench/run.ts [--quick] [--rounds-only]
//     [--connections=64] [--duration=6] [--warmup=2] [--rounds=10] [--latency-rounds=5]
//     [--round-duration=4] [--steady-rate=3000] [--no-topology] [--large]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Client, IMap } from 'hazelcast-client';
import { startApp, type AppProcess } from '../../tools/pod-runtime/app-process.ts';
import { startProcess, type OwnedProcess } from '../../tools/pod-runtime/child-process.ts';
import {
  defaultMemberConfig,
  formatAddress,
  startMember,
  type MemberAddress,
  type MemberProcess,
} from '../../tools/pod-runtime/member-process.ts';
import { hazelcastVersion, repoRoot } from '../../tools/pod-runtime/paths.ts';
import { httpStatus, waitFor } from '../../tools/pod-runtime/wait.ts';
import { connectBenchClient } from './bench-client.ts';
import type { ClientLoopSpec } from './client-loop.ts';
import type { LoadSpec } from './load-worker.ts';
import { README_END, README_START, withBenchTable } from './readme-table.ts';
import {
  judgeRounds,
  renderMarkdown,
  renderSummary,
  type BenchResults,
  type CaseResult,
  type Dataset,
  type PairedLoad,
  type PairedRound,
  type PairedTarget,
  type TopologyResult,
} from './report.ts';
import { cpuSeconds, measurement, peakRssMiB, type Measurement } from './stats.ts';
import { BENCH_MAP, keyName, valueOfSize, type Operation, type Target } from './workload.ts';

interface Settings {
  quick: boolean;
  roundsOnly: boolean;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  topology: boolean;
  large: boolean;
  /** Paired rounds at saturation, each of /get and /put. */
  rounds: number;
  /** Paired rounds at one connection and at the steady rate. */
  latencyRounds: number;
  roundSeconds: number;
  /** The total rate of the steady-load rounds: below what the API and the minimal app answer at saturation here. */
  steadyRate: number;
  /** The total rate the load generator holds a case to; unset: as fast as the target answers. */
  rate?: number;
}

function parseSettings(argv: string[]): Settings {
  const flag = (name: string) => argv.includes(`--${name}`);
  const number = (name: string, fallback: number) => {
    const given = argv.find((arg) => arg.startsWith(`--${name}=`));
    const value = given ? Number(given.split('=')[1]) : fallback;
    if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const quick = flag('quick');
  const roundsOnly = flag('rounds-only');
  return {
    quick,
    roundsOnly,
    connections: number('connections', 64),
    durationSeconds: number('duration', quick ? 2 : 6),
    warmupSeconds: number('warmup', quick ? 1 : 2),
    topology: !flag('no-topology') && !roundsOnly,
    rounds: Math.round(number('rounds', quick ? 1 : 10)),
    latencyRounds: Math.round(number('latency-rounds', quick ? 1 : 5)),
    roundSeconds: number('round-duration', quick ? 2 : 4),
    steadyRate: number('steady-rate', 3_000),
    // The 1,000,000-key space needs about a minute to fill and a 2 GiB member heap: asked for only.
    large: flag('large') && !quick && !roundsOnly,
  };
}

const scriptsDir = join(repoRoot, 'test', 'bench');
const resultsDir = join(scriptsDir, 'results');
const workDir = join(repoRoot, 'tmp', 'bench');
const nodeArgs = ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'];
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

// 1M values of 10 KiB would be 10 GiB of heap on a 24 GiB machine shared by everything else: the
// 10 KiB values are measured with the 1,000-key space only.
const SMALL_VALUE = 100;
const LARGE_VALUE = 10 * 1024;
const datasets = (settings: Settings): Dataset[] => [
  { keys: 1_000, valueBytes: SMALL_VALUE },
  ...(settings.quick ? [] : [{ keys: 1_000, valueBytes: LARGE_VALUE }]),
  ...(settings.large ? [{ keys: 1_000_000, valueBytes: SMALL_VALUE }] : []),
];

// Which target answers which operation; the member's REST API and the client have no "read" of their own.
const CASES: Array<{ target: Target; operation: Operation }> = [
  { target: 'api', operation: 'get' },
  { target: 'api-quiet', operation: 'get' },
  { target: 'minimal-nest', operation: 'get' },
  { target: 'bare', operation: 'get' },
  { target: 'member-rest', operation: 'get' },
  { target: 'client', operation: 'get' },
  { target: 'api', operation: 'read' },
  { target: 'bare', operation: 'read' },
  { target: 'api', operation: 'put' },
  { target: 'minimal-nest', operation: 'put' },
  { target: 'bare', operation: 'put' },
  { target: 'member-rest', operation: 'put' },
  { target: 'client', operation: 'put' },
];
// The larger datasets change what the map call costs, not what the HTTP side does: the API against
// its floors is enough there, and keeps the run short.
const LARGER_DATASET_TARGETS: readonly Target[] = ['api', 'minimal-nest', 'bare', 'client'];
const casesOf = (index: number) => (index === 0 ? CASES : CASES.filter(({ target, operation }) => operation !== 'read' && LARGER_DATASET_TARGETS.includes(target)));

const host = (last: number) => `127.0.4.${last}`;
const MEMBER_PORT = 5701;
const API_PORT = 5000;
const BARE_PORT = 5001;
const MINIMAL_NEST_PORT = 5002;

/** The legacy REST data endpoints (/hazelcast/rest/maps), for the benchmark's members only. */
function benchMemberConfig() {
  const config = defaultMemberConfig();
  config.hazelcast.network['rest-api']['endpoint-groups'].DATA = { enabled: true };
  return config;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Resets the process's peak RSS (VmHWM) to its current RSS, so each case reports its own peak. */
function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted (another user's process, an old kernel): the peak then covers the process's life.
  }
}

const processCpu = (pid: number) => {
  const stat = readProc(pid, 'stat');
  return stat ? cpuSeconds(stat, CLOCK_TICKS) : Number.NaN;
};

async function runWorker(name: string, script: string, spec: object & { out: string }): Promise<OwnedProcess> {
  const worker = startProcess(name, process.execPath, [...nodeArgs, join(scriptsDir, script), JSON.stringify(spec)], {
    env: process.env,
    logFile: join(workDir, 'logs', `${name}.log`),
  });
  const code = await worker.exited;
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${worker.log()}`);
  return worker;
}

let caseNumber = 0;

interface Servers {
  member: MemberProcess;
  api?: AppProcess;
  apiQuiet?: AppProcess;
  minimalNest?: OwnedProcess & { url: string };
  bare?: OwnedProcess & { url: string };
}

async function runCase(
  settings: Settings,
  servers: Servers,
  dataset: Dataset,
  target: Target,
  operation: Operation,
  clientOptions: Partial<ClientLoopSpec> = {},
): Promise<Omit<CaseResult, 'dataset' | 'target' | 'operation' | 'connections'>> {
  const out = join(workDir, `case-${++caseNumber}.json`);
  const common = {
    operation,
    keys: dataset.keys,
    valueBytes: dataset.valueBytes,
    warmupSeconds: settings.warmupSeconds,
    durationSeconds: settings.durationSeconds,
    out,
  };
  const memberPid = servers.member.pid;
  const started = performance.now();
  const memberCpuBefore = processCpu(memberPid);

  if (target === 'client') {
    const spec: ClientLoopSpec = {
      members: [formatAddress(servers.member.address)],
      concurrency: settings.connections,
      ...clientOptions,
      ...common,
    };
    await runWorker(`client-loop-${caseNumber}`, 'client-loop.ts', spec);
    const wall = (performance.now() - started) / 1000;
    const result = JSON.parse(readFileSync(out, 'utf8')) as Measurement & { cpuSeconds: number; peakRssMiB?: number };
    return {
      ...result,
      serverCpu: result.cpuSeconds / result.durationSeconds,
      memberCpu: (processCpu(memberPid) - memberCpuBefore) / wall,
    };
  }

  const server = {
    api: servers.api,
    'api-quiet': servers.apiQuiet,
    'minimal-nest': servers.minimalNest,
    bare: servers.bare,
    'member-rest': undefined,
  }[target];
  const url = server?.url ?? `http://${formatAddress(servers.member.address)}`;
  const serverPid = server?.pid ?? memberPid;
  resetPeakRss(serverPid);
  const serverCpuBefore = processCpu(serverPid);
  const spec: LoadSpec = { url, target, connections: settings.connections, rate: settings.rate, ...common };
  await runWorker(`load-${caseNumber}`, 'load-worker.ts', spec);
  const wall = (performance.now() - started) / 1000;
  const result = JSON.parse(readFileSync(out, 'utf8')) as Measurement & { loadGeneratorCpuSeconds: number };
  const status = readProc(serverPid, 'status');
  return {
    ...result,
    peakRssMiB: status ? peakRssMiB(status) : undefined,
    serverCpu: (processCpu(serverPid) - serverCpuBefore) / wall,
    memberCpu: server ? (processCpu(memberPid) - memberCpuBefore) / wall : undefined,
    loadGeneratorCpu: result.loadGeneratorCpuSeconds / result.durationSeconds,
  };
}

const PAIRED_ORDERS: readonly (readonly PairedTarget[])[] = [
  ['api', 'minimal-nest'],
  ['minimal-nest', 'api'],
];

/**
 * The API and the minimal NestJS app back to back under one load; which runs first alternates from
 * round to round. This machine's speed drifts (another process's load moves a target's throughput
 * by half within minutes), so a round's two measurements run within seconds of each other, and the
 * verdicts take the median of many rounds' own comparisons.
 */
async function pairedRound(
  round: number,
  load: PairedLoad,
  operation: 'get' | 'put',
  settings: Settings,
  servers: Servers,
  dataset: Dataset,
): Promise<PairedRound> {
  const order = PAIRED_ORDERS[(round - 1) % PAIRED_ORDERS.length];
  const measured = {} as Record<PairedTarget, Measurement>;
  for (const target of order) {
    const { requests, durationSeconds, latency, errors } = await runCase(settings, servers, dataset, target, operation);
    measured[target] = measurement(requests, durationSeconds, latency, errors);
  }
  const { api, 'minimal-nest': minimal } = measured;
  log(
    `${load} /${operation}, round ${round}: API ${Math.round(api.rps)} req/s (p50 ${api.latency.p50.toFixed(3)}, p99 ${api.latency.p99.toFixed(2)} ms), ` +
      `minimal NestJS ${Math.round(minimal.rps)} req/s (p50 ${minimal.latency.p50.toFixed(3)}, p99 ${minimal.latency.p99.toFixed(2)} ms), ratio ${(api.rps / minimal.rps).toFixed(2)}`,
  );
  return { round, load, operation, connections: settings.connections, rate: settings.rate, first: order[0], api, minimal };
}

/**
 * The targets: /get and /put at saturation (their rounds interleaved, so neither operation
 * has the machine's quieter minutes to itself), then /get at one connection (what one call costs,
 * without queueing) and at a steady rate below saturation (the latency many clients see when the
 * server keeps up).
 */
async function targetRounds(settings: Settings, servers: Servers, dataset: Dataset): Promise<PairedRound[]> {
  const short = { ...settings, durationSeconds: settings.roundSeconds, warmupSeconds: 1 };
  const rounds: PairedRound[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const operation of ['get', 'put'] as const) rounds.push(await pairedRound(round, 'saturated', operation, short, servers, dataset));
  }
  for (let round = 1; round <= settings.latencyRounds; round++) {
    rounds.push(await pairedRound(round, 'one connection', 'get', { ...short, connections: 1 }, servers, dataset));
    rounds.push(await pairedRound(round, 'steady', 'get', { ...short, rate: settings.steadyRate }, servers, dataset));
  }
  return rounds;
}

/**
 * A fresh member's JIT compiles its request paths under the first load it sees, and whichever case
 * ran first paid for it (the member busy for a fraction of the throughput it gave later).
 * So every HTTP target answers gets and puts once, unmeasured, before the first measured case.
 */
async function warmUp(settings: Settings, servers: Servers, dataset: Dataset): Promise<void> {
  const started = performance.now();
  const brief = { ...settings, warmupSeconds: 1, durationSeconds: settings.quick ? 2 : 3 };
  const targets: Target[] = settings.roundsOnly ? ['api', 'minimal-nest'] : ['bare', 'api', 'api-quiet', 'minimal-nest', 'member-rest'];
  for (const target of targets) {
    for (const operation of ['get', 'put'] as const) await runCase(brief, servers, dataset, target, operation);
  }
  log(`warmed up the member and servers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Empties the map and fills it with `keys` entries, in putAll batches, a few in flight. */
async function populate(map: IMap<string, string>, { keys, valueBytes }: Dataset): Promise<void> {
  await map.clear();
  const value = valueOfSize(valueBytes);
  const batchSize = 5_000;
  let next = 0;
  const fill = async () => {
    while (next < keys) {
      const from = next;
      next = Math.min(keys, next + batchSize);
      const batch: Array<[string, string]> = [];
      for (let index = from; index < next; index++) batch.push([keyName(index), value]);
      await map.putAll(batch);
    }
  };
  await Promise.all(Array.from({ length: 4 }, fill));
  const size = await map.size();
  if (size !== keys) throw new Error(`populated ${size} entries instead of ${keys}`);
}

/** One of the bench's own node:http servers (test/bench/<name>.ts), configured by HOST and PORT. */
function startBenchServer(name: string, serverHost: string, port: number, env: Record<string, string> = {}): OwnedProcess & { url: string } {
  const server = startProcess(name, process.execPath, [...nodeArgs, join(scriptsDir, `${name}.ts`)], {
    env: { ...process.env, HOST: serverHost, PORT: String(port), ...env },
    logFile: join(workDir, 'logs', `${name}.log`),
  });
  return { ...server, url: `http://${serverHost}:${port}` };
}

const startBare = (address: MemberAddress, bareHost: string) =>
  startBenchServer('bare-server', bareHost, BARE_PORT, { HAZELCAST_CLUSTER_MEMBERS: formatAddress(address) });
const startMinimalNest = (address: MemberAddress, nestHost: string) =>
  startBenchServer('minimal-nest-server', nestHost, MINIMAL_NEST_PORT, { HAZELCAST_CLUSTER_MEMBERS: formatAddress(address) });

const log = (message: string) => console.log(`[bench] ${message}`);
const label = (dataset: Dataset) => `${dataset.keys} keys × ${dataset.valueBytes} B`;

async function singleMember(settings: Settings, results: BenchResults): Promise<void> {
  const address = { host: host(1), port: MEMBER_PORT };
  // 1M entries of 100 B take a few hundred MiB of heap; 2 GiB leaves room for the 10 KiB puts.
  const member = startMember({
    name: 'bench-member',
    self: address,
    config: benchMemberConfig(),
    workDir: join(workDir, 'logs'),
    javaOptions: ['-Xms1g', '-Xmx2g', '-Djava.net.preferIPv4Stack=true'],
  });
  let client: Client | undefined;
  const servers: Servers = { member };
  try {
    await member.ready();
    // The API as the chart runs it (LOG_LEVEL=log: a JSON line per request), and beside it the same
    // build with REQUEST_LOG=errors (no line for a 2xx), to show what the request log costs.
    const startBenchApi = (name: string, apiHost: string, env: Record<string, string>) =>
      startApp({ name, host: apiHost, port: API_PORT, workDir: join(workDir, 'logs'), env: { HAZELCAST_CLUSTER_MEMBERS: formatAddress(address), ...env } });
    // LOG_LEVEL given each time: startApp's default is warn, to keep the tests' logs short.
    servers.api = startBenchApi('bench-api', host(1), { LOG_LEVEL: 'log', ...apiEnvironment() });
    if (!settings.roundsOnly) servers.apiQuiet = startBenchApi('bench-api-quiet', host(2), { LOG_LEVEL: 'log', REQUEST_LOG: 'errors' });
    servers.minimalNest = startMinimalNest(address, host(1));
    if (!settings.roundsOnly) servers.bare = startBare(address, host(1));
    await servers.api.waitForStatus('/health/ready', 200);
    await servers.apiQuiet?.waitForStatus('/health/ready', 200);
    for (const server of [servers.minimalNest, servers.bare]) {
      if (server) await waitFor(server.name, async () => (await httpStatus(`${server.url}/health/ready`)) === 200);
    }
    client = await connectBenchClient({ members: [formatAddress(address)] });
    const map = await client.getMap<string, string>(BENCH_MAP);

    for (const [index, dataset] of datasets(settings).entries()) {
      // Before populate: the member REST API's puts store RestValue objects, which populate replaces.
      if (index === 0) await warmUp(settings, servers, dataset);
      const filling = performance.now();
      await populate(map, dataset);
      log(`${label(dataset)}: populated in ${((performance.now() - filling) / 1000).toFixed(1)} s`);
      // Before the cases: the member REST API's puts among them store RestValues under the keys.
      if (index === 0) {
        results.rounds = await targetRounds(settings, servers, dataset);
        if (settings.roundsOnly) return;
      }
      for (const { target, operation } of casesOf(index)) {
        const measured = await runCase(settings, servers, dataset, target, operation);
        results.cases.push({ dataset, target, operation, connections: settings.connections, ...measured });
        log(
          `${label(dataset)} ${target} ${operation}: ${Math.round(measured.rps)} req/s, ` +
            `p50 ${measured.latency.p50.toFixed(2)} ms, p99 ${measured.latency.p99.toFixed(2)} ms, ${measured.errors} errors`,
        );
      }
    }
  } finally {
    await client?.shutdown();
    await Promise.all([servers.api?.stop(5_000), servers.apiQuiet?.stop(5_000), servers.minimalNest?.stop(5_000), servers.bare?.stop(5_000), member.stop(10_000)]);
  }
}

/**
 * Extra settings for the measured API, from BENCH_API_ENV (NAME=value,NAME=value): an A/B of a
 * setting, or a component turned off to see its cost, in the same paired rounds.
 */
function apiEnvironment(): Record<string, string> {
  const given = process.env.BENCH_API_ENV ?? '';
  return Object.fromEntries(given.split(',').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

const TOPOLOGY_VARIANTS: Array<{ variant: string; env: Record<string, string> }> = [
  { variant: 'local member only (default)', env: {} },
  { variant: 'smart routing', env: { HAZELCAST_SMART_ROUTING: 'true' } },
  { variant: 'local member + near cache', env: { HAZELCAST_NEAR_CACHE_MAPS: BENCH_MAP } },
];

// The client alone shows what smart routing would give once every member is connected (see
// BenchClientOptions.connectAllMembers): the app's client, as configured, is not.
const TOPOLOGY_CLIENT_VARIANTS: Array<{ variant: string; options: Partial<ClientLoopSpec> }> = [
  { variant: 'local member only (default)', options: {} },
  { variant: 'smart routing, all members connected', options: { smartRouting: true, connectAllMembers: true } },
];

async function topology(settings: Settings, results: BenchResults): Promise<void> {
  const addresses = [11, 12, 13].map((last) => ({ host: host(last), port: MEMBER_PORT }));
  const members = addresses.map((self, index) =>
    startMember({
      name: `bench-topology-member-${index + 1}`,
      self,
      peers: addresses,
      workDir: join(workDir, 'logs'),
      javaOptions: ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-Djava.net.preferIPv4Stack=true'],
    }),
  );
  let client: Client | undefined;
  const record = (row: TopologyResult) => {
    results.topology.push(row);
    log(`topology ${row.target} ${row.variant} ${row.operation}: ${Math.round(row.rps)} req/s, p99 ${row.latency.p99.toFixed(2)} ms`);
  };
  try {
    await Promise.all(members.map((member) => member.ready()));
    await waitFor('a cluster of 3', async () => (await members[0].clusterSize()) === 3, { timeoutMs: 60_000 });
    const local = formatAddress(addresses[0]);
    client = await connectBenchClient({ members: [local] });
    const dataset = { keys: 1_000, valueBytes: SMALL_VALUE };
    await populate(await client.getMap<string, string>(BENCH_MAP), dataset);
    const connections = settings.connections;

    for (const [index, { variant, env }] of TOPOLOGY_VARIANTS.entries()) {
      const api = startApp({
        name: `bench-topology-api-${index + 1}`,
        host: addresses[0].host,
        port: API_PORT,
        workDir: join(workDir, 'logs'),
        env: { HAZELCAST_CLUSTER_MEMBERS: local, LOG_LEVEL: 'log', ...env },
      });
      try {
        await api.waitForStatus('/health/ready', 200);
        for (const operation of ['get', 'put'] as const) {
          const measured = await runCase(settings, { member: members[0], api }, dataset, 'api', operation);
          record({ target: 'api', variant, operation, connections, ...measured });
        }
      } finally {
        await api.stop(5_000);
      }
    }
    for (const { variant, options } of TOPOLOGY_CLIENT_VARIANTS) {
      for (const operation of ['get', 'put'] as const) {
        const measured = await runCase(settings, { member: members[0] }, dataset, 'client', operation, options);
        record({ target: 'client', variant, operation, connections, ...measured });
      }
    }
  } finally {
    await client?.shutdown();
    await Promise.all(members.map((member) => member.stop(10_000)));
  }
}

function machine(): BenchResults['machine'] {
  // java -version prints to stderr.
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr ?? '';
  const java = (/version "([^"]+)"/.exec(javaVersion) ?? [])[1] ?? 'unknown';
  const autocannon = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'autocannon', 'package.json'), 'utf8'));
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    java,
    hazelcast: hazelcastVersion,
    autocannon: autocannon.version,
  };
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  // This run's logs only: the processes append to them, and a run's request lines fill gigabytes.
  rmSync(join(workDir, 'logs'), { recursive: true, force: true });
  mkdirSync(join(workDir, 'logs'), { recursive: true });
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: machine(),
    settings: {
      connections: settings.connections,
      warmupSeconds: settings.warmupSeconds,
      durationSeconds: settings.durationSeconds,
      roundSeconds: settings.roundSeconds,
      quick: settings.quick,
    },
    cases: [],
    topology: [],
    rounds: [],
    notes: [
      'The load generator (autocannon, one Node process), the server and the member share the machine\'s cores; ' +
        'the CPU columns show each one\'s share of a core. On 2 cores the load generator takes 20-60% of one (the ' +
        'faster the server, the more), and the server and member together most of the rest: a fast server is ' +
        'held back by its own load more than a slow one, so the ratios to the bare server and the client alone ' +
        'understate the gap a bigger machine would show, and absolute figures are lower than there.',
      'The API rows run the app as the chart does: LOG_LEVEL=log, a JSON line per request on stdout, which the ' +
        'harness copies to a file as a container runtime would. "API, REQUEST_LOG=errors" is the same build ' +
        'writing lines only for requests answered 4xx or 5xx (none here). "minimal NestJS" is NestJS on the same ' +
        'Express adapter with one controller making the same client calls and nothing else (test/bench/' +
        'minimal-nest-server.ts): the framework\'s floor, which the targets compare the API with. A single case ' +
        'moves by ±15% here; the paired rounds are the figures to compare.',
      'Retired target: a p99 under 5 ms at 64 connections, because at saturation a request\'s latency is mostly its ' +
        'wait in line (64 requests in flight at N req/s wait 64/N s on average), which no server that calls the ' +
        'member meets on two shared cores, the minimal NestJS app and bare node:http included.',
      'Latency is measured by the load generator (from writing the request to the end of the response), so it ' +
        'includes the load generator\'s own event-loop delay; the client-alone rows measure the call in-process.',
      '10 KiB values are measured with the 1,000-key space only: 1,000,000 × 10 KiB would need ~10 GiB of member heap.',
      'Peak RSS is VmHWM of the process that answered (reset before each case): for member REST it is the member\'s JVM.',
      'Smart routing in the app (HAZELCAST_SMART_ROUTING=true): hazelcast-client 5.7.0 started with asyncStart: true ' +
        'was seen to stay on the member it first reached; the client-alone rows connect every member by hand to show ' +
        'what smart routing would give. The app turns backup acks to the client off (backupAckToClientEnabled: false): ' +
        'with them on, each backed-up /put of a smart client waited out the 5 s backup-ack timeout (12 puts/s).',
    ],
  };
  log(`logs in ${workDir}/logs; ${JSON.stringify(settings)}`);
  await singleMember(settings, results);
  if (settings.topology) await topology(settings, results);
  for (const verdict of judgeRounds(results.rounds)) {
    log(`${verdict.subject}: ${verdict.figure} (target ${verdict.target}, ${verdict.rounds} rounds): ${verdict.met ? 'met' : 'not met'}`);
  }

  // A smoke run or an A/B must not replace the measured results that the README quotes.
  const partial = settings.quick || settings.roundsOnly;
  const outputDir = partial ? workDir : resultsDir;
  mkdirSync(outputDir, { recursive: true });
  const markdown = renderMarkdown(results);
  writeFileSync(join(outputDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outputDir, 'latest.md'), markdown);
  console.log(`\n${markdown}`);
  log(`written to ${join(outputDir, 'latest.json')} and latest.md`);
  if (!partial) {
    const readme = join(repoRoot, 'README.md');
    writeFileSync(readme, withBenchTable(readFileSync(readme, 'utf8'), renderSummary(results)));
    log(`README.md: the table between ${README_START} and ${README_END} replaced`);
  }
}

// A signal would skip the 'exit' handler that kills our members and servers: turn it into an exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
