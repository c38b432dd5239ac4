import { runChaos } from './chaos.ts';
import { FaultBench } from './fault-bench.ts';
import { appKill, memberKill, memberDownHeldBack, memberStop, rollingRestart, scaleDown, STOPPED_MS, victim, type Fault } from './faults.ts';
import { expectCallersServed, expectOnlyRareDeadline503s, isDeadline503, MARGIN_MS, probeCatchUpMs } from './case-checks.ts';
import { markdownTable, type CaseFigures } from './summary.ts';
import type { CaseRun } from './under-load.ts';
import { writeFigures } from '../support/sidecar.ts';
import type { LocalPod } from '../../tools/pod-runtime/pod.ts';
import { sampleUntilStopped } from '../support/sampler.ts';

// 3 Pods from the chart behind a Service, 10,000 keys, 4 callers at 20 req/s each through the
// Service; one fault a test, and what the callers saw. Goals (issue 22): no acknowledged write ever
// lost; rollouts and graceful scale-down without a failed request (asserted: none but the deadline's
// rare retryable 503s, docs/faults.md); crashes failing requests only
// until the kubelet's probes have taken the Pod out of the Service; no request waits past the deadline.
// Issue 4's checks ride along: a Pod whose member is down is not ready but live, and a rolling
// restart keeps a Pod ready at every moment (its 3 -> 1 scale-down is test/pods/data-safety.spec.ts).
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

/** Failures that started after the probes must have taken the Pod out: only the deadline's 503 while a restarted member takes its partitions back. */
function expectOnlyDeadline503sOnceProbesCaughtUp(figures: CaseRun): void {
  const late = figures.records.filter((record) => record.outcome !== '2xx' && record.startedAt > figures.faultAt + catchUpMs() + MARGIN_MS);
  expect(late.filter((record) => !isDeadline503(record))).toEqual([]);
}

/** A Pod's app answering its probes' paths every 250 ms (what the kubelet asks), until stop(). */
function probeAnswers(pod: LocalPod): { stop(): Promise<Array<{ ready?: number; live?: number }>> } {
  const answers: Array<{ ready?: number; live?: number }> = [];
  const sampler = sampleUntilStopped(async () => {
    const [ready, live] = await Promise.all([pod.app?.status('/health/ready'), pod.app?.status('/health/live')]);
    answers.push({ ready, live });
  }, 250);
  return { stop: () => sampler.stop().then(() => answers) };
}

/** The fewest Pods ready at once, sampled every 50 ms until stop(). */
function fewestReady(): { stop(): number } {
  let fewest = bench.pods.readyCount();
  const sampler = setInterval(() => (fewest = Math.min(fewest, bench.pods.readyCount())), 50);
  return {
    stop: () => {
      clearInterval(sampler);
      return fewest;
    },
  };
}

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

  it.each([memberKill, appKill])(
    '$name: no write lost, failures only until the probes catch up, or a deadline 503 while data migrates back',
    async (fault) => {
      // A restarted member takes its partitions back; a call waiting on one longer than the deadline
      // gets its 503 (counted in the table's deadline column). Nothing else may fail that late.
      expectOnlyDeadline503sOnceProbesCaughtUp(await runCase(fault));
    },
    CASE_TIMEOUT_MS,
  );

  it(`${memberDownHeldBack.name}: no write lost, failures only until the probes catch up or a deadline 503; that Pod not ready but live while its member is down, then ready again`, async () => {
    const pod = victim(bench);
    const probes = probeAnswers(pod);
    const figures = await runCase(memberDownHeldBack).finally(() => probes.stop());
    const answers = await probes.stop();
    expectOnlyDeadline503sOnceProbesCaughtUp(figures);
    // Liveness must not depend on the member (issue 2): the kubelet would restart a healthy app. A
    // probe left unanswered on a loaded machine is no failure on its own (the kubelet wants several).
    expect(answers.some(({ ready, live }) => ready === 503 && live === 200)).toBe(true);
    expect(answers.filter(({ live }) => live !== undefined && live !== 200)).toEqual([]);
    // Ready again as the kubelet probes it (the case waited for every Pod Ready).
    expect(pod.ready).toBe(true);
  }, CASE_TIMEOUT_MS);

  it('a member stopped 10 s, then resumed: no write lost, every request answered within the deadline, failures only retryable 503s until it resumes', async () => {
    const figures = await runCase(memberStop);
    // Keys whose owner is the stopped member fail from every Pod until it resumes, each after the
    // deadline with a 503 a caller may retry (Retry-After), never a hang or another error.
    const failures = figures.records.filter((record) => record.outcome !== '2xx');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((record) => record.status !== 503 || record.retryAfter !== '1')).toEqual([]);
    expect(figures.failingForMs ?? 0).toBeLessThan(STOPPED_MS + deadlineMs() + MARGIN_MS);
  }, CASE_TIMEOUT_MS);

  it.each([rollingRestart, scaleDown])(
    '$name: no request failed but rare deadline 503s, no write lost, a Pod ready at every moment',
    async (fault) => {
      const ready = fewestReady();
      const figures = await runCase(fault).finally(() => ready.stop());
      expectOnlyRareDeadline503s(figures);
      expect(ready.stop()).toBeGreaterThanOrEqual(1);
    },
    CASE_TIMEOUT_MS,
  );

  it('30 s of random faults (at least 3, a fixed seed drawing 3 different ones), back at 3 Pods: every acknowledged write readable with its last value', async () => {
    await bench.pods.scaleUp();
    // The quick faults only (the cases above run the rolling restart); seed 19 draws a member's
    // SIGKILL, an app's SIGKILL, then a member stopped. npm run chaos runs long random ones.
    const result = await runChaos(bench, { durationMs: 30_000, minFaults: 3, seed: 19, faults: [memberKill, appKill, memberDownHeldBack, memberStop] });
    console.log(result.table);
    expect(new Set(result.faults).size).toBeGreaterThanOrEqual(3);
    expect(result.verification.lost).toEqual([]);
    expect(result.wrongReads).toBe(0);
    expect(result.total.byOutcome.timeout ?? 0).toBe(0);
  }, CASE_TIMEOUT_MS);
});
