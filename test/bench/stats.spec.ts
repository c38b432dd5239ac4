// The harness's arithmetic on fixed inputs; the benchmark itself never runs in the test command.
import { judgeRounds, ratios, renderMarkdown, renderSummary, type BenchResults, type CaseResult, type PairedRound } from './report.ts';
import { cpuSeconds, LatencyRecorder, markdownTable, measurement, peakRssMiB, percentile, summarizeLatencies } from './stats.ts';
import { README_END, README_START, withBenchTable } from './readme-table.ts';
import { httpRequest, valueOfSize } from './workload.ts';

const dataset = { keys: 1_000, valueBytes: 100 };
const result = (target: CaseResult['target'], operation: CaseResult['operation'], rps: number, p99: number, errors = 0) =>
  ({
    dataset,
    target,
    operation,
    connections: 64,
    requests: rps * 10,
    durationSeconds: 10,
    rps,
    latency: { p50: p99 / 4, p99, max: p99 * 2, mean: p99 / 3 },
    errors,
  }) satisfies CaseResult;

// A run on this machine with nothing measured but what `measured` gives.
const benchResults = (measured: Partial<BenchResults>): BenchResults => ({
  startedAt: '2026-11-26T00:00:00.000Z',
  command: 'npm run bench',
  machine: { cores: 2, cpuModel: 'AMD EPYC', memoryGiB: 24, node: 'v24.21.0', java: '17.0.15', hazelcast: '5.7.0', autocannon: '9.0.0' },
  settings: { connections: 64, warmupSeconds: 2, durationSeconds: 6, roundSeconds: 4, quick: false },
  rounds: [],
  cases: [],
  topology: [],
  notes: [],
  ...measured,
});

// A paired round: the API's and the minimal NestJS app's measurement under one load.
const paired = (
  round: number,
  load: PairedRound['load'],
  operation: PairedRound['operation'],
  api: { rps: number; p50: number; p99: number; errors?: number },
  minimal: { rps: number; p50: number; p99: number },
): PairedRound => {
  const of = ({ rps, p50, p99, errors = 0 }: { rps: number; p50: number; p99: number; errors?: number }) =>
    measurement(rps * 4, 4, { p50, p99, max: p99 * 2, mean: p50 }, errors);
  return {
    round,
    load,
    operation,
    connections: load === 'one connection' ? 1 : 64,
    ...(load === 'steady' ? { rate: 3_000 } : {}),
    first: round % 2 === 1 ? 'api' : 'minimal-nest',
    api: of(api),
    minimal: of(minimal),
  };
};
// A round at saturation against a minimal NestJS app at 10,000 req/s.
const saturated = (round: number, operation: PairedRound['operation'], apiRps: number, errors = 0) =>
  paired(round, 'saturated', operation, { rps: apiRps, p50: 5, p99: 9, errors }, { rps: 10_000, p50: 5, p99: 9 });

describe('the benchmark statistics', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(summarizeLatencies(samples)).toEqual({ p50: 50, p99: 99, max: 100, mean: 50.5 });
    expect(percentile([], 50)).toBeNaN();
  });

  it('keeps every latency it records, past its first buffer', () => {
    const recorder = new LatencyRecorder();
    for (let index = 1; index <= 100_000; index++) recorder.record(index / 1000);
    expect(recorder.count).toBe(100_000);
    expect(recorder.summary()).toMatchObject({ p50: 50, max: 100 });
  });

  it('reads peak RSS and CPU time from /proc text', () => {
    expect(peakRssMiB('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n')).toBe(200);
    expect(peakRssMiB('Name:\tnode\n')).toBeUndefined();
    const stat = `42 (node main (x)) S ${'0 '.repeat(10)}250 150 0 0`;
    expect(cpuSeconds(stat, 100)).toBe(4);
  });

  it('compares the API with the minimal NestJS app, the bare server, the member REST API and the client alone', () => {
    const cases = [
      result('api', 'get', 9_000, 4),
      result('minimal-nest', 'get', 10_000, 4),
      result('bare', 'get', 10_000, 2),
      result('member-rest', 'get', 6_000, 8),
      result('client', 'get', 45_000, 1),
      result('api', 'read', 8_000, 4),
    ];
    const [get, read] = ratios(cases);
    expect(get.apiToMinimalNest).toEqual({ throughput: 0.9, p99: 1 });
    expect(get.apiToBare).toEqual({ throughput: 0.9, p99: 2 });
    expect(get.apiToMemberRest).toEqual({ throughput: 1.5, p99: 0.5 });
    expect(get.apiToClient?.throughput).toBeCloseTo(0.2);
    // The member's REST API has one read: the API's REST read compares to its GET too.
    expect(read.apiToMemberRest?.throughput).toBeCloseTo(8_000 / 6_000);
    expect(read.apiToBare).toBeUndefined();
  });

  it('judges throughput at saturation by the median of the rounds\' ratios, for /get and /put apart', () => {
    const rounds = [
      saturated(1, 'get', 9_500),
      saturated(2, 'get', 6_000),
      saturated(3, 'get', 9_100),
      saturated(1, 'put', 8_000),
    ];
    const [get, put] = judgeRounds(rounds);
    expect(get).toMatchObject({ figure: '0.910', met: true, rounds: 3, errors: 0 });
    expect(get.subject).toBe('GET /get, 64 connections: API / minimal NestJS throughput');
    expect(put).toMatchObject({ figure: '0.800', met: false, rounds: 1 });
  });

  it('does not round a ratio just under 0.9 up to it, and fails a target on any API error', () => {
    const under = judgeRounds([saturated(1, 'get', 8_996)]);
    expect(under[0]).toMatchObject({ figure: '0.900', met: false });
    const failing = judgeRounds([saturated(1, 'get', 9_500, 2)]);
    expect(failing[0]).toMatchObject({ met: false, errors: 2 });
  });

  it('judges one connection by the median p50 difference, and the steady load by the median p99 ratio', () => {
    const rounds = [
      paired(1, 'one connection', 'get', { rps: 3_000, p50: 0.3, p99: 1 }, { rps: 3_300, p50: 0.26, p99: 1 }),
      paired(2, 'one connection', 'get', { rps: 3_000, p50: 0.33, p99: 1 }, { rps: 3_300, p50: 0.26, p99: 1 }),
      paired(3, 'one connection', 'get', { rps: 3_000, p50: 0.3, p99: 1 }, { rps: 3_300, p50: 0.27, p99: 1 }),
      paired(1, 'steady', 'get', { rps: 3_000, p50: 0.5, p99: 3 }, { rps: 3_000, p50: 0.5, p99: 2.5 }),
      paired(2, 'steady', 'get', { rps: 3_000, p50: 0.5, p99: 4 }, { rps: 3_000, p50: 0.5, p99: 2 }),
    ];
    const [single, steady] = judgeRounds(rounds);
    expect(single).toMatchObject({ figure: '40 µs', target: '≤ 50 µs', met: true, rounds: 3 });
    expect(steady).toMatchObject({ figure: '1.60', target: '≤ 1.5', met: false, rounds: 2 });
    expect(steady.subject).toBe('GET /get, 3,000 req/s over 64 connections: API p99 / minimal NestJS p99');
  });

  it('renders the verdicts, each load\'s rounds, every case and the ratios as Markdown', () => {
    const results = benchResults({
      rounds: [
        paired(1, 'saturated', 'get', { rps: 9_500, p50: 5, p99: 9 }, { rps: 10_000, p50: 5, p99: 8 }),
        paired(1, 'one connection', 'get', { rps: 3_000, p50: 0.3, p99: 1 }, { rps: 3_300, p50: 0.26, p99: 1 }),
      ],
      cases: [result('api', 'get', 9_000, 4), result('minimal-nest', 'get', 10_000, 4), result('bare', 'get', 10_000, 2)],
    });
    const markdown = renderMarkdown(results);
    expect(markdown).toContain('| GET /get, 64 connections: API / minimal NestJS throughput | 0.950 | ≥ 0.9 | 1 | 0 | met |');
    expect(markdown).toContain('| GET /get, 1 connection: API p50 − minimal NestJS p50 | 40 µs | ≤ 50 µs | 1 | 0 | met |');
    expect(markdown).toContain('GET /get at 64 connections, as fast as each answers:');
    expect(markdown).toContain('| 1 | API | 9,500 | 10,000 | 0.95 | 5.00 | 5.00 | 9.00 | 8.00 | 0 |');
    expect(markdown).toContain('GET /get at 1 connection, one request at a time:');
    expect(markdown).toContain('2 cores (AMD EPYC)');
    expect(markdown).toContain('| 1,000 | 100 B | minimal NestJS | GET /get | 10,000 | 1.00 | 4.00 | 8.00 | 0 |');
    expect(markdown).toContain('| 1,000 | 100 B | GET /get | 0.90 (p99 ×1.00) | 0.90 (p99 ×2.00) | – | – |');
  });

  it("gives the README the verdicts and each reference target's get and put, and points to the full report", () => {
    const summary = renderSummary(
      benchResults({
        rounds: [saturated(1, 'get', 9_500)],
        cases: [result('api', 'get', 9_000, 4), result('api', 'put', 7_000, 5), result('client', 'get', 40_000, 1), result('api', 'read', 8_000, 4)],
      }),
    );
    expect(summary).toContain('[test/bench/results/latest.md](test/bench/results/latest.md)');
    expect(summary).toContain('| GET /get, 64 connections: API / minimal NestJS throughput | 0.950 | ≥ 0.9 | 1 | 0 | met |');
    expect(summary).toContain('| API (NestJS) | 9,000 (p99 4.00 ms) | 7,000 (p99 5.00 ms) |');
    expect(summary).toContain('| client alone | 40,000 (p99 1.00 ms) | – |');
    expect(summary).not.toContain('GET /get at 64 connections, as fast as each answers');
  });

  it('draws Markdown tables with text columns left and numbers right', () => {
    expect(markdownTable(['a', 'b'], [['x', '1']])).toBe('| a | b |\n| --- | ---: |\n| x | 1 |');
  });
});

describe('the benchmark workload', () => {
  it('asks every HTTP target for the same map operation', () => {
    const value = valueOfSize(10);
    expect(value).toHaveLength(10);
    expect(httpRequest('api', 'get', 'k1', value)).toEqual({ method: 'GET', path: '/get?key=k1' });
    expect(httpRequest('api-quiet', 'get', 'k1', value)).toEqual(httpRequest('api', 'get', 'k1', value));
    expect(httpRequest('minimal-nest', 'get', 'k1', value)).toEqual(httpRequest('api', 'get', 'k1', value));
    expect(httpRequest('bare', 'put', 'k1', value).path).toBe(`/put?key=k1&value=${value}`);
    expect(httpRequest('api', 'read', 'k1', value).path).toBe('/maps/map/entries/k1');
    expect(httpRequest('member-rest', 'read', 'k1', value)).toEqual({ method: 'GET', path: '/hazelcast/rest/maps/map/k1' });
    expect(httpRequest('member-rest', 'put', 'k1', value)).toMatchObject({ method: 'POST', body: value });
  });
});

describe("the README's benchmark section", () => {
  it('replaces the last table between its markers and leaves the rest of the README alone', () => {
    const readme = `# Title\n\n${README_START}\nold table\n${README_END}\n\n## Next`;
    const updated = withBenchTable(withBenchTable(readme, '| a |\n'), '| b |\n');
    expect(updated).toBe(`# Title\n\n${README_START}\n| b |\n${README_END}\n\n## Next`);
  });

  it('refuses a README without the markers rather than append somewhere', () => {
    expect(() => withBenchTable('# Title\n', '| a |')).toThrow(/no "<!-- bench:start/);
  });
});
