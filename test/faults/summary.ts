// What the callers saw during a fault, in the figures issue 22 asks for, and as a Markdown row.
import type { Outcome, RequestRecord, Verification } from './load.ts';

export interface CaseFigures {
  name: string;
  sent: number;
  failed: number;
  byOutcome: Partial<Record<Outcome, number>>;
  /** 503s of requests the member did not answer within the deadline (OperationTimeoutError). */
  deadline503: number;
  longestWaitMs: number;
  /** From the fault to the last failed request's start, when any failed. */
  failingForMs?: number;
  /** From the fault until every Pod was Ready again. */
  readyAgainMs?: number;
  /** Undefined for a window of a longer run, whose keys are read back once at its end. */
  lost?: number;
  uncertainApplied?: number;
  wrongReads: number;
}

export function figuresOf(
  name: string,
  records: RequestRecord[],
  verification: Verification | undefined,
  { faultAt, readyAgainAt, wrongReads }: { faultAt: number; readyAgainAt?: number; wrongReads: number },
): CaseFigures {
  const byOutcome: Partial<Record<Outcome, number>> = {};
  for (const record of records) byOutcome[record.outcome] = (byOutcome[record.outcome] ?? 0) + 1;
  const failures = records.filter((record) => record.outcome !== '2xx');
  const lastFailure = Math.max(...failures.map((record) => record.startedAt));
  return {
    name,
    sent: records.length,
    failed: failures.length,
    byOutcome,
    deadline503: records.filter((record) => record.errorKind === 'OperationTimeoutError').length,
    longestWaitMs: Math.max(0, ...records.map((record) => record.latencyMs)),
    failingForMs: failures.length > 0 ? Math.max(0, lastFailure - faultAt) : undefined,
    readyAgainMs: readyAgainAt === undefined ? undefined : readyAgainAt - faultAt,
    lost: verification?.lost.length,
    uncertainApplied: verification?.uncertainApplied,
    wrongReads,
  };
}

const FAILURE_KINDS: Outcome[] = ['5xx', '4xx', 'reset', 'refused', 'timeout', 'other'];
const secondsText = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));

export const TABLE_HEADER = [
  '| case | requests | failed | 5xx | of which deadline | 4xx | reset | refused | timeout | longest wait s | failing for s | all Ready after s | acknowledged writes lost | uncertain writes found | wrong reads |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

export function tableRow(figures: CaseFigures): string {
  const [fivexx, ...kinds] = FAILURE_KINDS.filter((kind) => kind !== 'other').map((kind) => figures.byOutcome[kind] ?? 0);
  return `| ${[
    figures.name,
    figures.sent,
    figures.failed,
    fivexx,
    figures.deadline503,
    ...kinds,
    secondsText(figures.longestWaitMs),
    secondsText(figures.failingForMs),
    secondsText(figures.readyAgainMs),
    figures.lost ?? '–',
    figures.uncertainApplied ?? '–',
    figures.wrongReads,
  ].join(' | ')} |`;
}

export const markdownTable = (rows: CaseFigures[]) => [...TABLE_HEADER, ...rows.map(tableRow)].join('\n');
