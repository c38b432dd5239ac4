// What a partition test observed, turned into the figures issue 23 asks for: one row per case and
// side, printed as a Markdown table; and, for a write found missing, what was read against what
// its callers were told.
import type { LostWrite, WriteAttempt } from '../faults/load.ts';
import type { OwnerSnapshot } from './partition-owners.ts';

/** One look at a release while it is cut: each member's view of its cluster, each Pod's readiness. */
export interface Sample {
  readonly at: number;
  readonly sizes: ReadonlyArray<number | undefined>;
  readonly ready: readonly boolean[];
}

/** The spans in which Pod `index` was not Ready, in seconds after `from` (an open span ends with the samples). */
export function notReadySpans(samples: readonly Sample[], index: number, from: number): string[] {
  const spans: string[] = [];
  let start: number | undefined;
  const since = (at: number) => ((at - from) / 1000).toFixed(1);
  for (const sample of samples) {
    if (!sample.ready[index] && start === undefined) start = sample.at;
    if (sample.ready[index] && start !== undefined) {
      spans.push(`${since(start)}–${since(sample.at)} s`);
      start = undefined;
    }
  }
  if (start !== undefined) spans.push(`from ${since(start)} s`);
  return spans;
}

/** "3 SplitBrainProtectionError, 2 OperationTimeoutError": how often each value occurs, or 0. */
export const countBy = (values: string[]) =>
  Object.entries(values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {}))
    .map(([value, count]) => `${count} ${value}`)
    .join(', ') || '0';

export interface SideFigures {
  readonly case: string;
  readonly side: string;
  /** Writes answered 200. */
  readonly accepted: number;
  /** Of those, the ones sent after the cut and before the side's members saw only their side. */
  readonly acceptedBeforeNoticed: number;
  /** 503 answers, by the error they name. */
  readonly refused: string;
  readonly otherErrors: string;
  /** Keys whose last acknowledged value was read back after the heal, and those read with another. */
  readonly kept: number;
  readonly dropped: number;
  /** Keys no read after the heal could get (each retried): unavailable, not known lost, and not in `dropped`. */
  readonly unreadable: number;
  /** The side's keys a read through the larger side found empty while cut. */
  readonly absentWhileCut: number;
  /** The same, read as soon as every member reported one cluster again (before the merge may have ended). */
  readonly absentAfterOneCluster: number;
  readonly readinessWhileCut: string;
  readonly secondsToOneCluster: number;
  /** From the heal until every member of the smaller side logged the end of its merge. */
  readonly secondsToMerged: number;
}

const columns: Array<[string, keyof SideFigures]> = [
  ['case', 'case'],
  ['side', 'side'],
  ['writes accepted', 'accepted'],
  ['of them after the cut, before the side noticed', 'acceptedBeforeNoticed'],
  ['refused (503)', 'refused'],
  ['other errors', 'otherErrors'],
  ['keys kept', 'kept'],
  ['keys dropped', 'dropped'],
  ['keys unreadable after the heal', 'unreadable'],
  ['keys absent on the larger side while cut', 'absentWhileCut'],
  ['not Ready while cut (s after the cut)', 'readinessWhileCut'],
  ['seconds to one cluster', 'secondsToOneCluster'],
  ['keys absent on the larger side right after one cluster', 'absentAfterOneCluster'],
  ['seconds to the merge\'s end', 'secondsToMerged'],
];

const line = (cells: unknown[]) => `| ${cells.join(' | ')} |`;

export function partitionTable(rows: readonly SideFigures[]): string {
  return [line(columns.map(([title]) => title)), line(columns.map(() => '---')), ...rows.map((row) => line(columns.map(([, key]) => row[key])))].join('\n');
}

/** What a test knows of a split, for telling a lost write's story. */
export interface SplitTimeline {
  readonly cutAt: number;
  readonly healAt: number;
  /** Partition owners seen through a larger-side member before the cut, while cut (settled) and after the heal. */
  readonly owners: { readonly beforeCut: OwnerSnapshot; readonly whileCut: OwnerSnapshot; readonly afterHeal: OwnerSnapshot };
  /** key → what a read through the larger side found while cut ('' empty, undefined unreadable). */
  readonly readWhileCut: ReadonlyMap<string, string | undefined>;
}

const shown = (value: string | undefined, error?: string) => (value === undefined ? `unreadable${error ? ` (${error})` : ''}` : value === '' ? 'empty' : value);

/** One Markdown row per lost key: its partition's owners, the reads, and the writes around the value found. */
export function lostWritesTable(side: string, losses: readonly LostWrite[], history: ReadonlyMap<string, readonly WriteAttempt[]>, timeline: SplitTimeline): string {
  const at = (time: number) => `${((time - timeline.cutAt) / 1000).toFixed(1)}`;
  const attempt = (write: WriteAttempt | undefined) =>
    write ? `${write.value} ${write.acknowledged ? '200' : 'unknown'} (sent ${at(write.startedAt)}, answered ${at(write.answeredAt)})` : '';
  const owner = (snapshot: OwnerSnapshot, key: string) => snapshot.get(key)?.owner ?? '?';
  const rows = losses.map((loss) => {
    const writes = history.get(loss.key) ?? [];
    const lastAcknowledged = writes.filter((write) => write.acknowledged).at(-1);
    const foundWrite = writes.find((write) => write.value === loss.found);
    const later = foundWrite ? writes.slice(writes.indexOf(foundWrite) + 1) : [];
    return line([
      side,
      loss.key,
      timeline.owners.beforeCut.get(loss.key)?.partition ?? '?',
      `${owner(timeline.owners.beforeCut, loss.key)} → ${owner(timeline.owners.whileCut, loss.key)} → ${owner(timeline.owners.afterHeal, loss.key)}`,
      shown(loss.found, loss.readError),
      attempt(foundWrite) || (loss.found?.endsWith('@initial') ? 'the first write' : ''),
      attempt(lastAcknowledged) || shown(loss.acknowledged),
      later.length ? `${later.filter((write) => write.acknowledged).length} acknowledged, ${later.filter((write) => !write.acknowledged).length} unknown` : '',
      loss.uncertain.length,
      shown(timeline.readWhileCut.get(loss.key)),
    ]);
  });
  const titles = [
    'side',
    'key',
    'partition',
    'owner: before the cut → while cut → after the heal (Pod ordinal, seen through Pod 0)',
    'read after the heal',
    'that value\'s write (s after the cut)',
    'last acknowledged write (s after the cut)',
    'writes after the found one',
    'uncertain writes',
    'read through the larger side while cut',
  ];
  return [`Cut at ${new Date(timeline.cutAt).toISOString()}, healed ${at(timeline.healAt)} s later.`, line(titles), line(titles.map(() => '---')), ...rows].join('\n');
}
