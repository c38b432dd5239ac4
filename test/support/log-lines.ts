// The app's JSON log lines, as a log pipeline would read them from its stdout.
import { waitFor } from '../../tools/pod-runtime/wait.ts';

export type LogLine = Record<string, unknown> & {
  req?: { id: string; method: string; route: string; map?: string };
  res?: { statusCode: number };
};

/** Every JSON line the app has written so far; its other output (none is expected) is left out. */
export function logLines(app: { log(): string }): LogLine[] {
  return app
    .log()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/**
 * The app's lines once `enough` holds for them. A request's line is written when its response has
 * finished, the app gathers lines for up to 100 ms before writing them, and the test's pipe copies
 * them to the log file after that: waiting for a given line, rather than for a fixed time, is what
 * makes a check of "no such line" mean something. Throws, saying `what`, after 5 s.
 */
export function waitForLogLines(app: { log(): string }, what: string, enough: (lines: LogLine[]) => boolean): Promise<LogLine[]> {
  return waitFor(
    what,
    async () => {
      const lines = logLines(app);
      return enough(lines) && lines;
    },
    { timeoutMs: 5_000, intervalMs: 50 },
  );
}

/** The lines once the line of the request with this x-request-id is among them. */
export const waitForRequestLine = (app: { log(): string }, id: string): Promise<LogLine[]> =>
  waitForLogLines(app, `the log line of request ${id}`, (lines) => lines.some((line) => line.req?.id === id));
