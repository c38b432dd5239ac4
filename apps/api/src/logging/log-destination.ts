import { destination } from 'pino';

/**
 * How the log's lines are gathered before they are written: into writes of 16 KiB or more, and
 * whatever is gathered goes out at least every 100 ms. pino flushes what is gathered when the
 * process exits (SIGTERM included); only a SIGKILL can lose the last 100 ms of lines.
 *
 * Each write is a round trip through libuv's thread pool and a wake-up of whoever reads the pipe:
 * one a line would cost more than the line itself (figures in docs/benchmarks.md).
 */
export const LOG_BATCHING = { minLength: 16 * 1024, maxWrite: 64 * 1024, periodicFlush: 100 };

/** What pino writes to. */
export interface LogDestination {
  write(text: string): boolean;
  flush(callback?: (error?: Error) => unknown): void;
  flushSync(): void;
}

/**
 * A sonic-boom destination (pino's own, with its flush at exit) on a file descriptor (stdout by
 * default) or the file at a path, that keeps what it gathers as bytes.
 *
 * Given strings, sonic-boom 4.2 and 5.0 take Buffer.byteLength of the whole pending string on each
 * write (copying it flat), encode it again for write(2), and once more when the write completes:
 * the cost of a line would grow with the batch. Given Buffers, it keeps their lengths and joins
 * them once a write. So each piece of text is encoded once, here.
 */
export function logDestination(dest: number | string = 1): LogDestination {
  const boom = destination({ dest, sync: false, contentMode: 'buffer', ...LOG_BATCHING });
  // sonic-boom's typings list write(string) only; in contentMode 'buffer' it takes Buffers. Its
  // write is looked up on each call: pino replaces it with a no-op when the pipe breaks (EPIPE).
  const bytes = boom as unknown as { write(bytes: Buffer): boolean };
  return {
    write: (text) => bytes.write(Buffer.from(text)),
    flush: (callback) => boom.flush(callback),
    flushSync: () => boom.flushSync(),
  };
}
