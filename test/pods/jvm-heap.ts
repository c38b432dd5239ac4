// The heap of a running member's JVM, read with the JDK's own jcmd and jstat (as an operator would
// with kubectl exec), in bytes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface HeapFigures {
  maxBytes: number;
  oldMaxBytes: number;
  usedBytes: number;
  oldUsedBytes: number;
}

async function jstatRow(option: string, pid: number): Promise<Record<string, number>> {
  const { stdout } = await run('jstat', [option, String(pid)]);
  const [header, values] = stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
  return Object.fromEntries(header.map((name, i) => [name, Number(values[i]) * 1024]));
}

/** The heap after a full collection: what the live data takes. */
export async function liveHeap(pid: number): Promise<HeapFigures> {
  await run('jcmd', [String(pid), 'GC.run']);
  const [usage, capacity] = await Promise.all([jstatRow('-gc', pid), jstatRow('-gccapacity', pid)]);
  return {
    maxBytes: capacity.NGCMX + capacity.OGCMX,
    oldMaxBytes: capacity.OGCMX,
    usedBytes: usage.S0U + usage.S1U + usage.EU + usage.OU,
    oldUsedBytes: usage.OU,
  };
}
