// The results file's shape, the targets judged on paired rounds, and the Markdown summary.
import {
  formatMs,
  formatPercent,
  formatRatio,
  formatRps,
  markdownTable,
  ratio,
  type Measurement,
} from './stats.ts';
import type { Operation, Target } from './workload.ts';

export interface Dataset {
  keys: number;
  valueBytes: number;
}

export interface CaseResult extends Measurement {
  dataset: Dataset;
  target: Target;
  operation: Operation;
  connections: number;
  /** Peak RSS of the process that answered: the API, the bare server, the member (member-rest), the client loop. */
  peakRssMiB?: number;
  /** Share of one core used during the case (warm-up included), by the answering process and by the member. */
  serverCpu?: number;
  memberCpu?: number;
  loadGeneratorCpu?: number;
}

export interface TopologyResult extends Measurement {
  target: 'api' | 'client';
  variant: string;
  operation: Operation;
  connections: number;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  java: string;
  hazelcast: string;
  autocannon: string;
}

/** The two targets of a paired round: the API as shipped and the minimal NestJS app. */
export type PairedTarget = 'api' | 'minimal-nest';

/**
 * How a paired round loads its targets: all connections as fast as they answer, one connection
 * (the latency of one call), or all connections held to a fixed total rate below saturation.
 */
export type PairedLoad = 'saturated' | 'one connection' | 'steady';

/** The API and the minimal NestJS app, measured back to back under the same load and operation. */
export interface PairedRound {
  round: number;
  load: PairedLoad;
  operation: 'get' | 'put';
  connections: number;
  /** Requests per second asked for, in all (steady load only). */
  rate?: number;
  /** Which of the two ran first: it alternates, so neither always follows the same case. */
  first: PairedTarget;
  api: Measurement;
  minimal: Measurement;
}

export interface BenchResults {
  startedAt: string;
  command: string;
  machine: Machine;
  settings: { connections: number; warmupSeconds: number; durationSeconds: number; roundSeconds: number; quick: boolean };
  /** The targets, judged: a single pair of cases moves by ±15% on a shared 2-core machine, so rounds. */
  rounds: PairedRound[];
  /** Every target once per operation and dataset, for reference. */
  cases: CaseResult[];
  topology: TopologyResult[];
  notes: string[];
}

export interface RatioRow {
  dataset: Dataset;
  operation: Operation;
  apiToMinimalNest?: { throughput: number; p99: number };
  apiToBare?: { throughput: number; p99: number };
  apiToMemberRest?: { throughput: number; p99: number };
  apiToClient?: { throughput: number; p99: number };
}

const sameDataset = (a: Dataset, b: Dataset) => a.keys === b.keys && a.valueBytes === b.valueBytes;

/** The member's REST API has one read, a GET of the entry: the API's /get and its REST read both compare to it. */
const memberRestOperation = (operation: Operation): Operation => (operation === 'put' ? 'put' : 'get');

/** The API's cases against each reference target's case of the same operation and dataset. */
export function ratios(cases: CaseResult[]): RatioRow[] {
  const find = (dataset: Dataset, target: Target, operation: Operation) =>
    cases.find((c) => sameDataset(c.dataset, dataset) && c.target === target && c.operation === operation);
  const against = (api: CaseResult, target: Target, operation = api.operation) => {
    const other = find(api.dataset, target, operation);
    return other && ratio(api, other);
  };
  return cases
    .filter((c) => c.target === 'api')
    .map((api) => ({
      dataset: api.dataset,
      operation: api.operation,
      apiToMinimalNest: against(api, 'minimal-nest'),
      apiToBare: against(api, 'bare'),
      apiToMemberRest: against(api, 'member-rest', memberRestOperation(api.operation)),
      apiToClient: against(api, 'client', memberRestOperation(api.operation)),
    }));
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The targets, each against the minimal NestJS app in the same rounds. */
export const TARGETS = {
  /** API throughput at least this share of the minimal app's, at saturation. */
  throughputRatio: 0.9,
  /** API median latency at one connection at most this far above the minimal app's, in ms. */
  oneConnectionP50Ms: 0.05,
  /** API p99 at a steady load at most this multiple of the minimal app's. */
  steadyP99Ratio: 1.5,
} as const;

export interface Verdict {
  /** What is judged, e.g. "GET /get, 64 connections". */
  subject: string;
  /** The median over the rounds of the paired figure, e.g. API / minimal NestJS throughput. */
  figure: string;
  target: string;
  met: boolean;
  rounds: number;
  errors: number;
}

const roundsOf = (rounds: PairedRound[], load: PairedLoad, operation: 'get' | 'put') =>
  rounds.filter((round) => round.load === load && round.operation === operation);
const apiErrors = (rounds: PairedRound[]) => rounds.reduce((sum, { api }) => sum + api.errors, 0);

/**
 * The targets over the paired rounds, by the median of each round's own comparison (a round's two
 * measurements ran within seconds of each other, while the machine's speed drifts over minutes).
 * Errors of the API's in any round fail its target.
 */
export function judgeRounds(rounds: PairedRound[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const operation of ['get', 'put'] as const) {
    const saturated = roundsOf(rounds, 'saturated', operation);
    if (saturated.length === 0) continue;
    const value = median(saturated.map(({ api, minimal }) => api.rps / minimal.rps));
    const errors = apiErrors(saturated);
    verdicts.push({
      subject: `GET /${operation}, ${saturated[0].connections} connections: API / minimal NestJS throughput`,
      figure: value.toFixed(3),
      target: `≥ ${TARGETS.throughputRatio}`,
      met: value >= TARGETS.throughputRatio && errors === 0,
      rounds: saturated.length,
      errors,
    });
  }
  const single = roundsOf(rounds, 'one connection', 'get');
  if (single.length > 0) {
    const value = median(single.map(({ api, minimal }) => api.latency.p50 - minimal.latency.p50));
    const errors = apiErrors(single);
    verdicts.push({
      subject: 'GET /get, 1 connection: API p50 − minimal NestJS p50',
      figure: `${Math.round(value * 1000)} µs`,
      target: `≤ ${TARGETS.oneConnectionP50Ms * 1000} µs`,
      met: value <= TARGETS.oneConnectionP50Ms && errors === 0,
      rounds: single.length,
      errors,
    });
  }
  const steady = roundsOf(rounds, 'steady', 'get');
  if (steady.length > 0) {
    const value = median(steady.map(({ api, minimal }) => api.latency.p99 / minimal.latency.p99));
    const errors = apiErrors(steady);
    verdicts.push({
      subject: `GET /get, ${formatRps(steady[0].rate ?? 0)} req/s over ${steady[0].connections} connections: API p99 / minimal NestJS p99`,
      figure: value.toFixed(2),
      target: `≤ ${TARGETS.steadyP99Ratio}`,
      met: value <= TARGETS.steadyP99Ratio && errors === 0,
      rounds: steady.length,
      errors,
    });
  }
  return verdicts;
}

export const formatBytes = (bytes: number) => (bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);
export const formatKeys = (keys: number) => keys.toLocaleString('en-US');
const targetLabel: Record<Target, string> = {
  api: 'API (NestJS)',
  'api-quiet': 'API, REQUEST_LOG=errors',
  'minimal-nest': 'minimal NestJS',
  bare: 'bare node:http',
  'member-rest': 'member REST',
  client: 'client alone',
};
const operationLabel = (target: Target, operation: Operation) => {
  if (target === 'client') return operation === 'put' ? 'map.put' : 'map.get';
  if (target === 'member-rest') return operation === 'put' ? 'POST /hazelcast/rest/maps/map/:key' : 'GET /hazelcast/rest/maps/map/:key';
  return { get: 'GET /get', put: 'GET /put', read: 'GET /maps/map/entries/:key' }[operation];
};

// Throughput, latency and errors of one measurement, as the case and topology tables show them.
const loadCells = (m: Measurement) => [formatRps(m.rps), formatMs(m.latency.p50), formatMs(m.latency.p99), formatMs(m.latency.max), String(m.errors)];

const pairedTable = (rounds: PairedRound[]) =>
  markdownTable(
    ['round', 'first', 'API req/s', 'minimal req/s', 'API / minimal', 'API p50 ms', 'minimal p50 ms', 'API p99 ms', 'minimal p99 ms', 'API errors'],
    rounds.map(({ round, first, api, minimal }) => [
      String(round),
      first === 'api' ? 'API' : 'minimal',
      formatRps(api.rps),
      formatRps(minimal.rps),
      formatRatio(api.rps / minimal.rps),
      formatMs(api.latency.p50),
      formatMs(minimal.latency.p50),
      formatMs(api.latency.p99),
      formatMs(minimal.latency.p99),
      String(api.errors),
    ]),
    2,
  );

const loadTitle = (sample: PairedRound) =>
  ({
    saturated: `GET /${sample.operation} at ${sample.connections} connections, as fast as each answers`,
    'one connection': `GET /${sample.operation} at 1 connection, one request at a time`,
    steady: `GET /${sample.operation} at ${formatRps(sample.rate ?? 0)} req/s in all over ${sample.connections} connections (open loop, below saturation)`,
  })[sample.load];

const VERDICTS_TITLE =
  'Targets, against the minimal NestJS app (the app\'s adapter, one controller, the same client call) in paired rounds, 1,000 keys × 100 B; medians over the rounds:';
const verdictTable = (verdicts: Verdict[]) =>
  markdownTable(
    ['measure', 'median', 'target', 'rounds', 'API errors', 'verdict'],
    verdicts.map((v) => [v.subject, v.figure, v.target, String(v.rounds), String(v.errors), v.met ? 'met' : 'not met']),
    1,
  );

/**
 * The README's share of a run: the verdicts and the reference cases' throughput at 1,000 keys ×
 * 100 B, with a pointer to the full report.
 */
export function renderSummary(results: BenchResults): string {
  const small = results.cases.filter((c) => c.dataset.keys === 1_000 && c.dataset.valueBytes === 100 && c.operation !== 'read');
  const targets = [...new Set(small.map((c) => c.target))];
  const cell = (target: Target, operation: Operation) => {
    const found = small.find((c) => c.target === target && c.operation === operation);
    return found ? `${formatRps(found.rps)} (p99 ${formatMs(found.latency.p99)} ms)` : '–';
  };
  return [
    `Run ${results.startedAt} on ${results.machine.cores} cores (${results.machine.cpuModel}) with \`${results.command}\`; the full report, every round and case, is [test/bench/results/latest.md](test/bench/results/latest.md).`,
    '',
    VERDICTS_TITLE,
    '',
    verdictTable(judgeRounds(results.rounds)),
    '',
    `One case each at ${results.settings.connections} connections, 1,000 keys × 100 B, req/s:`,
    '',
    markdownTable(['target', 'get', 'put'], targets.map((target) => [targetLabel[target], cell(target, 'get'), cell(target, 'put')]), 1),
    '',
  ].join('\n');
}

/** The verdicts first, then each load's rounds, then the reference cases, their ratios and the topology. */
export function renderMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const lines: string[] = [];
  lines.push(
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB; Node ${machine.node}, ` +
      `Java ${machine.java}, Hazelcast ${machine.hazelcast}, autocannon ${machine.autocannon}. ` +
      `Rounds of ${settings.roundSeconds} s per target, cases of ${settings.durationSeconds} s, each after ${settings.warmupSeconds} s of warm-up` +
      `${settings.quick ? ' (--quick: a smoke run, not a measurement)' : ''}; run ${results.startedAt} with \`${results.command}\`.`,
    '',
  );

  const verdicts = judgeRounds(results.rounds);
  if (verdicts.length > 0) {
    lines.push(VERDICTS_TITLE, '', verdictTable(verdicts), '');
    const seen = new Set<string>();
    for (const round of results.rounds) {
      const key = `${round.load} ${round.operation}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const same = results.rounds.filter((other) => other.load === round.load && other.operation === round.operation);
      lines.push(`${loadTitle(round)}:`, '', pairedTable(same), '');
    }
  }

  if (results.cases.length > 0) {
    lines.push(
      `Reference cases, one each, ${results.settings.connections} connections:`,
      '',
      markdownTable(
        ['keys', 'value', 'target', 'operation', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'peak RSS MiB', 'CPU server', 'CPU member', 'CPU load gen'],
        results.cases.map((c) => [
          formatKeys(c.dataset.keys),
          formatBytes(c.dataset.valueBytes),
          targetLabel[c.target],
          operationLabel(c.target, c.operation),
          ...loadCells(c),
          c.peakRssMiB === undefined ? '–' : Math.round(c.peakRssMiB).toString(),
          formatPercent(c.serverCpu),
          formatPercent(c.memberCpu),
          formatPercent(c.loadGeneratorCpu),
        ]),
        4,
      ),
      '',
      'The API\'s cases against the others (throughput, and p99 in brackets):',
      '',
      markdownTable(
        ['keys', 'value', 'operation', 'API / minimal NestJS', 'API / bare', 'API / member REST', 'API / client alone'],
        ratios(results.cases).map((row) => {
          const cell = (r?: { throughput: number; p99: number }) => (r ? `${formatRatio(r.throughput)} (p99 ×${formatRatio(r.p99)})` : '–');
          return [
            formatKeys(row.dataset.keys),
            formatBytes(row.dataset.valueBytes),
            operationLabel('api', row.operation),
            cell(row.apiToMinimalNest),
            cell(row.apiToBare),
            cell(row.apiToMemberRest),
            cell(row.apiToClient),
          ];
        }),
        3,
      ),
      '',
    );
  }

  if (results.topology.length > 0) {
    lines.push(
      'Topology, 3 members, the API beside member 1 (1,000 keys × 100 B):',
      '',
      markdownTable(
        ['target', 'client', 'operation', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors'],
        results.topology.map((t) => [
          targetLabel[t.target],
          t.variant,
          operationLabel(t.target, t.operation),
          ...loadCells(t),
        ]),
        3,
      ),
      '',
    );
  }

  if (results.notes.length > 0) lines.push(...results.notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}
