// The harness's arithmetic on fixed inputs; the benchmark itself never runs in the test command.
import { checkTargets, judgeRounds, ratios, renderMarkdown, roundOrder, type BenchResults, type CaseResult, type TargetRound } from './report.ts';
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
  settings: { connections: 64, warmupSeconds: 2, durationSeconds: 10, quick: false },
  cases: [],
  topology: [],
  notes: [],
  ...measured,
});
// A run that measured only the target check's rounds.
const roundsOnly = (rounds: TargetRound[]) => benchResults({ rounds });

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

  it('compares the API with the bare server, the member REST API and the client alone', () => {
    const cases = [
      result('api', 'get', 9_000, 4),
      result('bare', 'get', 10_000, 2),
      result('member-rest', 'get', 6_000, 8),
      result('client', 'get', 45_000, 1),
      result('api', 'read', 8_000, 4),
    ];
    const [get, read] = ratios(cases);
    expect(get.apiToBare).toEqual({ throughput: 0.9, p99: 2 });
    expect(get.apiToMemberRest).toEqual({ throughput: 1.5, p99: 0.5 });
    expect(get.apiToClient?.throughput).toBeCloseTo(0.2);
    // The member's REST API has one read: the API's REST read compares to its GET too.
    expect(read.apiToMemberRest?.throughput).toBeCloseTo(8_000 / 6_000);
    expect(read.apiToBare).toBeUndefined();
  });

  it('checks the issue targets for /get: 0.85 of bare, p99 under 5 ms, no errors', () => {
    expect(checkTargets([result('api', 'get', 9_000, 4), result('bare', 'get', 10_000, 2)])).toEqual([
      { dataset, target: 'api', met: true, reasons: [] },
    ]);
    const [missed] = checkTargets([result('api', 'get', 8_000, 6, 3), result('bare', 'get', 10_000, 2)]);
    expect(missed.reasons).toEqual(['throughput 0.800 of bare < 0.85', 'p99 6.00 ms ≥ 5 ms', '3 errors']);
  });

  it('checks the API with REQUEST_LOG=errors apart from the API as shipped, and never the API without its fast path', () => {
    const checks = checkTargets([
      result('api', 'get', 6_000, 9),
      result('api-quiet', 'get', 9_000, 4),
      result('api-router', 'get', 3_000, 20),
      result('bare', 'get', 10_000, 2),
    ]);
    expect(checks.map(({ target, met }) => ({ target, met }))).toEqual([
      { target: 'api', met: false },
      { target: 'api-quiet', met: true },
    ]);
  });

  it('judges the target check by the median of its rounds, not by its best or worst', () => {
    const round = (n: number, apiRps: number, apiP99: number, errors = 0) => ({
      round: n,
      api: { ...result('api', 'get', apiRps, apiP99, errors) },
      bare: { ...result('bare', 'get', 10_000, 2) },
    });
    const rounds = [round(1, 9_500, 4), round(2, 6_000, 9), round(3, 8_700, 4.5)];
    expect(judgeRounds(rounds)).toEqual({ medianRatio: 0.87, medianApiP99: 4.5, errors: 0, met: true, reasons: [] });
    expect(judgeRounds([...rounds, round(4, 7_000, 6)]).medianRatio).toBeCloseTo(0.785);
    expect(judgeRounds([round(1, 9_000, 3, 2)])).toMatchObject({ met: false, reasons: ['2 errors'] });
  });

  it('says which target a verdict misses, with a ratio just under 0.85 not rounded up to it', () => {
    const round = (n: number, apiRps: number) => ({ round: n, api: result('api', 'get', apiRps, 23.7), bare: result('bare', 'get', 10_000, 2) });
    expect(judgeRounds([round(1, 8_300), round(2, 8_647), round(3, 9_000)]).reasons).toEqual(['p99 23.7 ms ≥ 5 ms']);
    const rounds = [round(1, 8_300), round(2, 8_470), round(3, 9_000)];
    expect(judgeRounds(rounds).reasons).toEqual(['throughput 0.847 of bare < 0.85', 'p99 23.7 ms ≥ 5 ms']);
    expect(renderMarkdown(roundsOnly(rounds))).toContain('target (≥ 0.85, < 5 ms, none) not met (throughput 0.847 of bare < 0.85; p99 23.7 ms ≥ 5 ms).');
  });

  it('turns the order of the rounds: over six rounds each target runs in each place twice, and the API before bare in three', () => {
    const orders = [1, 2, 3, 4, 5, 6].map(roundOrder);
    expect(new Set(orders.map((order) => order.join())).size).toBe(6);
    for (const target of ['api', 'api-quiet', 'bare'] as const) {
      for (const place of [0, 1, 2]) expect(orders.filter((order) => order[place] === target)).toHaveLength(2);
    }
    expect(orders.filter((order) => order.indexOf('api') < order.indexOf('bare'))).toHaveLength(3);
    expect(roundOrder(7)).toEqual(roundOrder(1));
  });

  it('renders each round with the order it ran in, and results from before the order turned as they were', () => {
    const round = (n: number) => ({
      round: n,
      api: result('api', 'get', 8_000, 12),
      apiQuiet: result('api-quiet', 'get', 9_000, 10),
      bare: result('bare', 'get', 10_000, 11),
    });
    const turned = renderMarkdown(roundsOnly([{ ...round(1), order: roundOrder(1) }, { ...round(2), order: roundOrder(2) }]));
    expect(turned).toContain('the three in each of their six orders in turn');
    expect(turned).toContain('| 1 | API, errors-only, bare | 8,000 | 9,000 | 10,000 | 0.80 | 0.90 | 12.0 | 11.0 | 0 |');
    expect(turned).toContain('| 2 | bare, errors-only, API | 8,000 |');
    const before = renderMarkdown(roundsOnly([round(1)]));
    expect(before).toContain('API first in odd rounds, bare first in even ones');
    expect(before).toContain('| 1 | 8,000 | 9,000 | 10,000 | 0.80 | 0.90 | 12.0 | 11.0 | 0 |');
  });

  it('reports the API with REQUEST_LOG=errors beside the verdict, which stays the API as shipped', () => {
    const round = (n: number, apiRps: number, quietRps?: number) => ({
      round: n,
      api: result('api', 'get', apiRps, 9),
      bare: result('bare', 'get', 10_000, 2),
      ...(quietRps === undefined ? {} : { apiQuiet: result('api-quiet', 'get', quietRps, 4) }),
    });
    const verdict = judgeRounds([round(1, 7_000, 9_000), round(2, 8_000, 8_600), round(3, 7_500, 9_200)]);
    expect(verdict).toMatchObject({ medianRatio: 0.75, medianQuietRatio: 0.9, met: false });
    // Results written before the log-off API joined the rounds, or a round without it: no median for it.
    expect(judgeRounds([round(1, 7_000, 9_000), round(2, 8_000)]).medianQuietRatio).toBeUndefined();
  });

  it('renders the machine, every case and the ratios as Markdown', () => {
    const results = benchResults({
      startedAt: '2026-11-24T00:00:00.000Z',
      cases: [result('api', 'get', 9_000, 4), result('bare', 'get', 10_000, 2)],
      lightLoad: [{ target: 'api', connections: 1, ...measurement(30_000, 10, { p50: 0.3, p99: 1.25, max: 9, mean: 0.33 }, 0) }],
      steadyLoad: [{ target: 'bare', connections: 64, rate: 3_000, ...measurement(29_990, 10, { p50: 0.4, p99: 2.5, max: 12, mean: 0.5 }, 0) }],
      rounds: [{ round: 1, api: result('api', 'get', 8_000, 12), apiQuiet: result('api-quiet', 'get', 9_000, 10), bare: result('bare', 'get', 10_000, 11) }],
      floor: { target: 'no-op', connections: 64, ...measurement(150_000, 10, { p50: 2.5, p99: 8.25, max: 30, mean: 3 }, 0) },
    });
    const markdown = renderMarkdown(results);
    expect(markdown).toContain('At a steady load: 3,000 req/s in all over 64 connections');
    expect(markdown).toContain('| bare node:http | GET /get | 2,999 | 0.40 | 2.50 | 12.0 | 0 |');
    expect(markdown).toContain('| 1 | 8,000 | 9,000 | 10,000 | 0.80 | 0.90 | 12.0 | 11.0 | 0 |');
    expect(markdown).toContain('Median API / bare 0.80 (with REQUEST_LOG=errors: 0.90), median API p99 12.0 ms');
    expect(markdown).toContain("The machine's own floor at 64 connections: node:http answering every request at once, with no map call, gave 15,000 req/s at a p99 of 8.25 ms");
    expect(markdown).toContain('At light load: 1 connection');
    expect(markdown).toContain('| API (NestJS) | GET /get | 3,000 | 0.30 | 1.25 | 9.00 | 0 |');
    expect(markdown).toContain('2 cores (AMD EPYC)');
    expect(markdown).toContain('| 1,000 | 100 B | API (NestJS) | GET /get | 9,000 | 1.00 | 4.00 | 8.00 | 0 |');
    expect(markdown).toContain('| 1,000 | 100 B | API (NestJS) | GET /get | 0.90 (p99 ×2.00) | – | – |');
    expect(markdown).toContain('- API (NestJS), 1,000 keys × 100 B: met');
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
