import { runChaos } from './chaos.ts';
import { FaultBench } from './fault-bench.ts';
import { appKill, memberKill, memberDownHeldBack, memberStop, rollingRestart, scaleDown, STOPPED_MS, type Fault } from './faults.ts';
import { expectCallersServed, expectOnlyRareDeadline503s, isDeadline503, MARGIN_MS, probeCatchUpMs } from './case-checks.ts';
import { markdownTable, type CaseFigures } from './summary.ts';
import type { CaseRun } from './under-load.ts';
import { writeFigures } from '../support/sidecar.ts';

// 3 Pods from the chart behind a Service, 10,000 keys, 4 callers at 20 req/s each through the
// Service; one fault a test, and what the callers saw. Goals (issue 22): no acknowledged write ever
// lost; rollouts and graceful scale-down without a failed request (asserted: none but the deadline's
// rare retryable 503s, docs/faults.md); crashes failing requests only
// until the kubelet's probes have taken the Pod out of the Service; no request waits past the deadline.
// A rolling restart of 3 Pods took 47 s on a quiet machine and over 3 minutes on a busy one.
const CASE_TIMEOUT_MS = 10 * 60_000;
let bench: FaultBench;
const rows: CaseFigures[] = [];

afterAll(async () => {
  await bench?.stop();
  const table = markdownTable(rows);
  console.log(table);
  writeFigures('fault-cases.md', table);
});

const deadlineMs = () => Number(bench.template.app.env.HAZELCAST_INVOCATION_TIMEOUT_MS);

// The proxy reads the endpoints every second.
const catchUpMs = () => {
  const probe = bench.template.app.readiness;
  if (!probe) throw new Error('the app has no readiness probe');
  return probeCatchUpMs(probe, 1_000);
};

async function runCase(fault: Fault): Promise<CaseRun> {
  const figures = await bench.runCase(fault.name, (it) => fault.apply(it), fault.replicasAfter(bench.pods.pods.length));
  rows.push(figures);
  expectCallersServed(figures, deadlineMs());
  return figures;
}

describe('faults and rollouts under load, 3 Pods behind a Service, 10,000 keys', () => {
  beforeAll(async () => {
    bench = await FaultBench.start('fault-cases', { addressPrefix: '127.0.12' });
  }, 300_000);

  it.each([memberKill, appKill, memberDownHeldBack])(
    '$name: no write lost, failures only until the probes catch up, or a deadline 503 while data migrates back',
    async (fault) => {
      const figures = await runCase(fault);
      const late = figures.records.filter((record) => record.outcome !== '2xx' && record.startedAt > figures.faultAt + catchUpMs() + MARGIN_MS);
      // A restarted member takes its partitions back; a call waiting on one longer than the deadline
      // gets its 503 (counted in the table's deadline column). Nothing else may fail that late.
      expect(late.filter((record) => !isDeadline503(record))).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it('a member stopped 10 s, then resumed: no write lost, every request answered within the deadline', async () => {
    const figures = await runCase(memberStop);
    // Keys whose owner is the stopped member fail from every Pod until it resumes.
    expect(figures.failingForMs ?? 0).toBeLessThan(STOPPED_MS + deadlineMs() + MARGIN_MS);
  }, CASE_TIMEOUT_MS);

  it.each([rollingRestart, scaleDown])(
    '$name: no request failed but rare deadline 503s, no write lost',
    async (fault) => {
      expectOnlyRareDeadline503s(await runCase(fault));
    },
    CASE_TIMEOUT_MS,
  );

  it('a minute of random faults, back at 3 Pods: every acknowledged write readable with its last value', async () => {
    await bench.pods.scaleUp();
    const seed = Math.floor(Math.random() * 2 ** 31);
    // The quick faults only: a rolling restart alone would take the minute (the cases above run it).
    const result = await runChaos(bench, { durationMs: 60_000, seed, faults: [memberKill, appKill, memberDownHeldBack, memberStop] });
    console.log(result.table);
    expect(result.verification.lost).toEqual([]);
    expect(result.wrongReads).toBe(0);
    expect(result.total.byOutcome.timeout ?? 0).toBe(0);
  }, CASE_TIMEOUT_MS);
});
