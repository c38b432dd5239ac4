// Random faults from issue 22's list while the load runs, one after another (each waits until every
// Pod is Ready again), then every acknowledged write read back. Each fault's row counts the requests
// that started between it and the next fault.
import { sleep, waitFor } from '../../tools/pod-runtime/wait.ts';
import type { FaultBench } from './fault-bench.ts';
import { CHAOS_FAULTS, type Fault } from './faults.ts';
import { Load, verifyWrites, type Verification } from './load.ts';
import { figuresOf, markdownTable, type CaseFigures } from './summary.ts';

/** A small seeded generator (mulberry32), so a run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChaosResult {
  rows: CaseFigures[];
  total: CaseFigures;
  verification: Verification;
  wrongReads: number;
  table: string;
  /** The faults drawn, in order. */
  faults: string[];
}

export interface ChaosOptions {
  durationMs: number;
  seed: number;
  faults?: Fault[];
  /** Faults to run even when they take longer than durationMs, so a short run on a slow machine still draws several. */
  minFaults?: number;
}

export async function runChaos(bench: FaultBench, { durationMs, seed, faults = CHAOS_FAULTS, minFaults = 0 }: ChaosOptions): Promise<ChaosResult> {
  const random = seededRandom(seed);
  const replicas = bench.pods.pods.length;
  const load = new Load(bench.ledger, { url: bench.proxy.url, clients: 4, ratePerClient: 20, keys: bench.keys, maxDurationMs: durationMs + 10 * 60_000 });
  const started = Date.now();
  const happened: Array<{ fault: Fault; at: number; readyAt: number }> = [];
  load.start();
  try {
    await sleep(2_000);
    while (Date.now() < started + durationMs || happened.length < minFaults) {
      const fault = faults[Math.floor(random() * faults.length)];
      const at = Date.now();
      await fault.apply(bench);
      await waitFor(`${replicas} Pods Ready after ${fault.name}`, async () => bench.allReady(replicas), { timeoutMs: 180_000, intervalMs: 100 });
      happened.push({ fault, at, readyAt: Date.now() });
      await sleep(2_000 + random() * 3_000);
    }
  } finally {
    await load.stop();
  }
  const verification = await verifyWrites(bench.proxy.url, bench.ledger);
  const rows = happened.map(({ fault, at, readyAt }, i) => {
    const until = happened[i + 1]?.at ?? Number.MAX_SAFE_INTEGER;
    const records = load.records.filter((record) => record.startedAt >= at && record.startedAt < until);
    const name = `${((at - started) / 1000).toFixed(0)} s: ${fault.name}`;
    return figuresOf(name, records, undefined, { faultAt: at, readyAgainAt: readyAt, wrongReads: 0 });
  });
  const total = figuresOf(`all (${((Date.now() - started) / 60_000).toFixed(1)} min, ${happened.length} faults, seed ${seed})`, load.records, verification, {
    faultAt: started,
    wrongReads: load.wrongReads.length,
  });
  return { rows, total, verification, wrongReads: load.wrongReads.length, table: markdownTable([...rows, total]), faults: happened.map(({ fault }) => fault.name) };
}
