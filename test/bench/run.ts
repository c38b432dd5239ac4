// npm run bench: the API against the bare node:http floor, the member's own REST API and the client
// alone, on one member, in one run; then the topology comparison on three members. Every process
// binds to a 127.0.4.x address of its own and the load never leaves loopback; every case is bounded
// in time and connections. Writes test/bench/results/latest.{json,md} and prints the Markdown.
//
//   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON test/bench/run.ts [--quick]
//     [--connections=64] [--duration=10] [--warmup=2] [--rounds=24] [--round-duration=4] [--steady-rate=3000]
//     [--no-topology] [--no-large]
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
  renderMarkdown,
  roundOrder,
  type BenchResults,
  type CaseResult,
  type Dataset,
  type LightLoadResult,
  type RoundTarget,
  type SteadyLoadResult,
  type TargetRound,
  type TopologyResult,
} from './report.ts';
import { cpuSeconds, measurement, peakRssMiB, type Measurement } from './stats.ts';
import { BENCH_MAP, keyName, valueOfSize, type Operation, type Target } from './workload.ts';

interface Settings {
  quick: boolean;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  topology: boolean;
  large: boolean;
  rounds: number;
  roundSeconds: number;
  /** The total rate of the steady-load case: below what the API and the bare server answer at saturation here. */
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
  return {
    quick,
    connections: number('connections', 64),
    durationSeconds: number('duration', quick ? 2 : 10),
    warmupSeconds: number('warmup', quick ? 1 : 2),
    topology: !flag('no-topology'),
    rounds: Math.round(number('rounds', quick ? 1 : 24)),
    roundSeconds: number('round-duration', quick ? 2 : 4),
    steadyRate: number('steady-rate', 3_000),
    // The 1,000,000-key space needs about a minute to fill and a 2 GiB member heap.
    large: !quick && !flag('no-large'),
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
  { target: 'api-router', operation: 'get' },
  { target: 'bare', operation: 'get' },
  { target: 'member-rest', operation: 'get' },
  { target: 'client', operation: 'get' },
  { target: 'api', operation: 'read' },
  { target: 'bare', operation: 'read' },
  { target: 'api', operation: 'put' },
  { target: 'bare', operation: 'put' },
  { target: 'member-rest', operation: 'put' },
  { target: 'client', operation: 'put' },
];

const host = (last: number) => `127.0.4.${last}`;
const MEMBER_PORT = 5701;
const API_PORT = 5000;
const LIGHT_LOAD_CONNECTIONS = 1;
const BARE_PORT = 5001;
const NO_OP_PORT = 5002;

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
  apiRouter?: AppProcess;
  bare?: OwnedProcess & { url: string };
  noOp?: OwnedProcess & { url: string };
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
    'api-router': servers.apiRouter,
    bare: servers.bare,
    'no-op': servers.noOp,
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

/**
 * The API's /get and the bare server's, back to back, settings.rounds times (the target
 * check), with the API at REQUEST_LOG=errors in the same round. The order turns from round to round
 * (report.ts, ROUND_ORDERS), so that no target always runs just after the last case (populating
 * the map, or a warmer JIT or member) or always second. The API without its 2xx lines is in the
 * rounds rather than left to its single case: there, run after the API, it came out slower than
 * the API with every line in three runs out of three, while paired rounds put it ahead (median 0.91
 * against 0.81 of bare).
 * The rounds are short and many: this machine's speed drifts (the bare server alone went from 9,000
 * to 20,000 req/s within minutes), so a round's measurements must run close together, and the median
 * needs many rounds to settle (5 rounds of 10 s gave medians from 0.69 to 0.84 on one build; 12
 * rounds of 4 s still left the median a standard error of about 0.04, as much as a build's distance
 * from the 0.85 target: 24 rounds bring it to about 0.03, for about 4 more minutes).
 */
async function targetRounds(settings: Settings, servers: Servers, dataset: Dataset): Promise<TargetRound[]> {
  const rounds: TargetRound[] = [];
  const short = { ...settings, durationSeconds: settings.roundSeconds };
  for (let round = 1; round <= settings.rounds; round++) {
    // Only the measurement: the CPU and RSS columns belong to the cases' table.
    const only = async (target: RoundTarget) => {
      const measured = await runCase(short, servers, dataset, target, 'get');
      return measurement(measured.requests, measured.durationSeconds, measured.latency, measured.errors);
    };
    const order = roundOrder(round);
    const measured = {} as Record<RoundTarget, Measurement>;
    for (const target of order) measured[target] = await only(target);
    const { api, 'api-quiet': apiQuiet, bare } = measured;
    rounds.push({ round, order, api, bare, apiQuiet });
    log(
      `target check, round ${round}: API /get ${Math.round(api.rps)} req/s, errors-only log ${Math.round(apiQuiet.rps)} req/s, ` +
        `bare ${Math.round(bare.rps)} req/s, ratio ${(api.rps / bare.rps).toFixed(2)}`,
    );
  }
  return rounds;
}

/**
 * The API's /get, the bare server's and the no-op server's at one connection. At 64 connections
 * every server here is saturated and its latency is mostly queueing (64 requests in flight at
 * N req/s wait 64/N s on average): this shows what one call costs.
 */
async function lightLoad(settings: Settings, servers: Servers, dataset: Dataset): Promise<LightLoadResult[]> {
  return getAtLoad('light load', { ...settings, connections: LIGHT_LOAD_CONNECTIONS }, servers, dataset);
}

/**
 * The API's /get, the bare server's and the no-op server's at the full connection count, held to
 * settings.steadyRate in all: the latency 64 clients see when the server keeps up, which the
 * saturated cases cannot show.
 */
async function steadyLoad(settings: Settings, servers: Servers, dataset: Dataset): Promise<SteadyLoadResult[]> {
  const rate = settings.steadyRate;
  const results = await getAtLoad(`steady load (${rate} req/s)`, { ...settings, rate }, servers, dataset);
  return results.map((result) => ({ ...result, rate }));
}

async function getAtLoad(name: string, settings: Settings, servers: Servers, dataset: Dataset): Promise<LightLoadResult[]> {
  const results: LightLoadResult[] = [];
  for (const target of ['api', 'bare', 'no-op'] as const) results.push(await measureGet(name, settings, servers, dataset, target));
  return results;
}

/** One target's /get under the settings' load, logged under the name of that load. */
async function measureGet(
  name: string,
  settings: Settings,
  servers: Servers,
  dataset: Dataset,
  target: LightLoadResult['target'],
): Promise<LightLoadResult> {
  const { requests, durationSeconds, latency, errors } = await runCase(settings, servers, dataset, target, 'get');
  log(`${name}, ${target} /get: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`);
  return { target, connections: settings.connections, ...measurement(requests, durationSeconds, latency, errors) };
}

/**
 * The no-op server at the target check's load (all connections, unpaced, as long as a round): the
 * p99 of a server with nothing to do. At 64 connections every server here is saturated, and its p99
 * is what the load generator and the member, on the same two cores, leave it.
 */
function floor(settings: Settings, servers: Servers, dataset: Dataset): Promise<LightLoadResult> {
  return measureGet('machine floor', { ...settings, durationSeconds: settings.roundSeconds }, servers, dataset, 'no-op');
}

/**
 * A fresh member's JIT compiles its request paths under the first load it sees, and whichever case
 * ran first paid for it (seen: the member at 71% CPU for a third of the throughput it gave later).
 * So every HTTP target answers gets and puts once, unmeasured, before the first measured case.
 */
async function warmUp(settings: Settings, servers: Servers, dataset: Dataset): Promise<void> {
  const started = performance.now();
  const brief = { ...settings, warmupSeconds: 1, durationSeconds: settings.quick ? 2 : 5 };
  for (const target of ['bare', 'api', 'api-quiet', 'api-router', 'member-rest', 'no-op'] as const) {
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
const startNoOp = (noOpHost: string) => startBenchServer('no-op-server', noOpHost, NO_OP_PORT);

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
    servers.api = startBenchApi('bench-api', host(1), { LOG_LEVEL: 'log' });
    servers.apiQuiet = startBenchApi('bench-api-quiet', host(2), { LOG_LEVEL: 'log', REQUEST_LOG: 'errors' });
    servers.apiRouter = startBenchApi('bench-api-router', host(3), { LOG_LEVEL: 'log', FAST_PATH: 'false' });
    servers.bare = startBare(address, host(1));
    servers.noOp = startNoOp(host(1));
    const bareUrl = servers.bare.url;
    await servers.api.waitForStatus('/health/ready', 200);
    await servers.apiQuiet.waitForStatus('/health/ready', 200);
    await servers.apiRouter.waitForStatus('/health/ready', 200);
    await waitFor('the bare server', async () => (await httpStatus(`${bareUrl}/health/ready`)) === 200);
    const noOpUrl = servers.noOp.url;
    await waitFor('the no-op server', async () => (await httpStatus(noOpUrl)) === 200);
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
        results.floor = await floor(settings, servers, dataset);
        results.lightLoad = await lightLoad(settings, servers, dataset);
        results.steadyLoad = await steadyLoad(settings, servers, dataset);
      }
      for (const { target, operation } of CASES) {
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
    await Promise.all([servers.api?.stop(5_000), servers.apiQuiet?.stop(5_000), servers.apiRouter?.stop(5_000), servers.bare?.stop(5_000), servers.noOp?.stop(5_000), member.stop(10_000)]);
  }
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
        'writing lines only for requests answered 4xx or 5xx (none here), beside it in the same run; "API, no fast ' +
        'path" is the same build with FAST_PATH=false, every request through Express and Nest\'s router, as ' +
        'before the fast path. A single case moves by ±15% ' +
        'here; the target check\'s rounds pair each target with the bare server and are the figures to compare.',
      'Latency is measured by the load generator (from writing the request to the end of the response), so it ' +
        'includes the load generator\'s own event-loop delay; the client-alone rows measure the call in-process.',
      'At 64 connections every HTTP target is saturated, and its latency is mostly waiting in line: 64 requests in ' +
        'flight at N req/s spend 64/N s each on average (7 ms at 9,000 req/s). The light-load rows show one call ' +
        'alone, and the steady-load rows 64 connections at a rate the server keeps up with. The no-op rows are ' +
        'node:http answering at once with no map call: the least latency this machine gives any server.',
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

  // A smoke run must not replace the measured results that the README quotes.
  const outputDir = settings.quick ? workDir : resultsDir;
  mkdirSync(outputDir, { recursive: true });
  const markdown = renderMarkdown(results);
  writeFileSync(join(outputDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outputDir, 'latest.md'), markdown);
  console.log(`\n${markdown}`);
  log(`written to ${join(outputDir, 'latest.json')} and latest.md`);
  if (!settings.quick) {
    const readme = join(repoRoot, 'README.md');
    writeFileSync(readme, withBenchTable(readFileSync(readme, 'utf8'), markdown));
    log(`README.md: the table between ${README_START} and ${README_END} replaced`);
  }
}

// A signal would skip the 'exit' handler that kills our members and servers: turn it into an exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
