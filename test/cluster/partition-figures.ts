// What a partition test observed, turned into the figures issue 23 asks for: one row per case and
// side, printed as a Markdown table.

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
  /** The side's keys a read through the larger side found empty while cut. */
  readonly absentWhileCut: number;
  readonly readinessWhileCut: string;
  readonly secondsToOneCluster: number;
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
  ['keys absent on the larger side while cut', 'absentWhileCut'],
  ['not Ready while cut (s after the cut)', 'readinessWhileCut'],
  ['seconds to one cluster', 'secondsToOneCluster'],
];

export function partitionTable(rows: readonly SideFigures[]): string {
  const line = (cells: unknown[]) => `| ${cells.join(' | ')} |`;
  return [line(columns.map(([title]) => title)), line(columns.map(() => '---')), ...rows.map((row) => line(columns.map(([, key]) => row[key])))].join('\n');
}
