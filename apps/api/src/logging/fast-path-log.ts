import { symbols, type Logger } from 'pino';
import type { RequestLog } from '../config/environment';
import { ERROR_MESSAGE, levelOf, requestFields, responseFields, SUCCESS_MESSAGE } from './request-logging';

/** A request the fast path answered, as its log line tells it. */
export interface FastPathExchange {
  id: string;
  method: string;
  /** The request's URL; the line keeps its path, without the query. */
  url: string;
  /** The route's pattern, as Express names it. */
  route: string;
  status: number;
  /** Milliseconds, rounded, as pino-http gives it. */
  responseTime: number;
}

type Destination = { write(chunk: string): unknown };
// pino keeps a logger's destination and its serialized bindings (pid, hostname) under these
// symbols, which it exports for libraries that write for it (pino's API docs: pino.symbols).
type LoggerInternals = { [symbols.streamSym]: Destination; [symbols.chindingsSym]: string };

/**
 * The lines of one destination, gathered while the event loop runs one callback (a read from the
 * member's connection settles many requests at once) and its promise continuations, then handed
 * over as one piece. They reach the destination before the event loop turns again, so every later
 * way out of the process (SIGTERM's drain, process.exit) finds them there, and pino flushes them.
 */
class LineBatch {
  private lines: string[] = [];

  constructor(private readonly destination: Destination) {}

  add(line: string): void {
    if (this.lines.push(line) === 1) process.nextTick(this.flush);
  }

  private readonly flush = () => {
    const lines = this.lines;
    this.lines = [];
    this.destination.write(lines.join(''));
  };
}

const batches = new WeakMap<Logger, LineBatch>();
const batchOf = (logger: Logger) => {
  let batch = batches.get(logger);
  if (!batch) batches.set(logger, (batch = new LineBatch((logger as unknown as LoggerInternals)[symbols.streamSym])));
  return batch;
};

// The 5xx line carries an error, which pino serializes (type, message, stack): it goes through
// pino, by a child whose req/res serializers pass the already logged form through.
const passThrough = <T>(value: T) => value;
const errorLoggers = new WeakMap<Logger, Logger>();
const errorLoggerOf = (logger: Logger) => {
  let child = errorLoggers.get(logger);
  if (!child) errorLoggers.set(logger, (child = logger.child({}, { serializers: { req: passThrough, res: passThrough } })));
  return child;
};

/**
 * The line pino-http writes when a response has finished, for requests that never pass through it
 * (maps/fast-path.ts): the same logger and destination, fields, levels and messages.
 *
 * Below 500, the line is built here rather than by pino: pino's envelope (level, time, the
 * logger's bindings, msg; none of them configured otherwise in request-logging.ts) around the
 * fields' JSON, and lines written a batch at a time. Under load pino's per-call work and a write
 * to sonic-boom a line (which measures the whole pending chunk on each write) cost the API about a
 * tenth of its /get throughput, against a bare node:http server (npm run bench). A test holds the
 * line to pino's own for the same fields (fast-path-log.spec.ts).
 */
export function logRequest(logger: Logger, requestLog: RequestLog, exchange: FastPathExchange): void {
  const { status, responseTime, route } = exchange;
  const level = levelOf(requestLog, status);
  if (level === 'silent' || !logger.isLevelEnabled(level)) return;
  const fields = { req: requestFields(exchange), res: responseFields({ statusCode: status }), responseTime, route };
  if (status >= 500) {
    errorLoggerOf(logger).error({ ...fields, err: new Error(`failed with status code ${status}`) }, ERROR_MESSAGE);
    return;
  }
  const bindings = (logger as unknown as LoggerInternals)[symbols.chindingsSym];
  const body = JSON.stringify(fields);
  batchOf(logger).add(
    `{"level":${logger.levels.values[level]},"time":${Date.now()}${bindings},${body.slice(1, -1)},"msg":"${SUCCESS_MESSAGE}"}\n`,
  );
}
