// One fault under the callers' steady load, wherever the Pods run (the pod runtime's proxy or a real
// NodePort): the load starts, the fault follows a quiet start, every Pod must be Ready again, the
// load runs on a little, and every acknowledged key is read back.
import { sleep, waitFor } from '../../tools/pod-runtime/wait.ts';
import { Load, verifyWrites, type RequestRecord, type WriteLedger } from './load.ts';
import { figuresOf, type CaseFigures } from './summary.ts';

/** The load runs this long before the fault. */
const LOAD_BEFORE_FAULT_MS = 2_000;
/** And this long after every Pod is Ready again. */
const LOAD_AFTER_READY_MS = 3_000;

export interface LoadTarget {
  /** The Service's URL, as callers reach it. */
  url: string;
  ledger: WriteLedger;
  keys: string[];
  clients: number;
  ratePerClient: number;
}

export type CaseRun = CaseFigures & { records: RequestRecord[]; faultAt: number };

export async function runUnderLoad(
  name: string,
  target: LoadTarget,
  fault: () => Promise<void>,
  allReady: () => Promise<boolean>,
  readyTimeoutMs = 180_000,
): Promise<CaseRun> {
  const { url, ledger, keys, clients, ratePerClient } = target;
  const load = new Load(ledger, { url, clients, ratePerClient, keys, maxDurationMs: 15 * 60_000 });
  load.start();
  let faultAt = Date.now();
  let readyAgainAt = faultAt;
  try {
    await sleep(LOAD_BEFORE_FAULT_MS);
    faultAt = Date.now();
    await fault();
    await waitFor(`every Pod Ready after ${name}`, async () => allReady(), { timeoutMs: readyTimeoutMs, intervalMs: 100 });
    readyAgainAt = Date.now();
    await sleep(LOAD_AFTER_READY_MS);
  } finally {
    await load.stop();
  }
  const verification = await verifyWrites(url, ledger);
  const figures = figuresOf(name, load.records, verification, { faultAt, readyAgainAt, wrongReads: load.wrongReads.length });
  return { ...figures, records: load.records, faultAt };
}
