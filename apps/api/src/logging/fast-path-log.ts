import { symbols, type Logger } from 'pino';
import type { RequestLog } from '../config/environment';
import { ERROR_MESSAGE, levelOf, requestFields, responseFields, SUCCESS_MESSAGE } from './request-logging';

/** A request the fast path answered, as its log line tells it. */
export interface FastPathExchange {
  id: string;
  method: string;
  /** The request's path, without its query (which is user data, never logged). */
  path: string;
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

  /** Hands what is gathered to the destination now: before a line that goes there another way. */
  readonly flush = () => {
    if (this.lines.length === 0) return;
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

// Printable ASCII but '"' and '\': text that JSON.stringify gives back in quotes, unchanged.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify of a string, without its general path for the usual plain id, path or route. */
const jsonString = (text: string) => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * The line pino-http writes when a response has finished, for requests that never pass through it
 * (maps/fast-path.ts): the same logger and destination, fields, levels and messages.
 *
 * Below 500, the line is built here rather than by pino: pino's envelope (level, time, the
 * logger's bindings, msg; none of them configured otherwise in request-logging.ts) around the
 * fields of requestFields and responseFields, spelled out as one template, and lines written a
 * batch at a time. Under load, pino's per-call work and a write to sonic-boom a line (which
 * measures the whole pending chunk on each write) cost the API about a tenth of its /get
 * throughput against a bare node:http server (npm run bench). JSON.stringify of the fields as an
 * object, then sliced into the envelope, cost a few percent more (the template against it, paired
 * rounds: median 1.05 and 1.01; the committed bench's median went from 0.79 to 0.85 of bare).
 * A test holds the line to pino's own, byte for byte, for the same fields (fast-path-log.spec.ts).
 */
export function logRequest(logger: Logger, requestLog: RequestLog, exchange: FastPathExchange): void {
  const { id, method, path, status, responseTime, route } = exchange;
  const level = levelOf(requestLog, status);
  if (level === 'silent' || !logger.isLevelEnabled(level)) return;
  if (status >= 500) {
    // pino writes this line at once: the lines of requests that ended before it go first.
    batches.get(logger)?.flush();
    const fields = { req: requestFields({ id, method, url: path }), res: responseFields({ statusCode: status }), responseTime, route };
    errorLoggerOf(logger).error({ ...fields, err: new Error(`failed with status code ${status}`) }, ERROR_MESSAGE);
    return;
  }
  const bindings = (logger as unknown as LoggerInternals)[symbols.chindingsSym];
  batchOf(logger).add(
    `{"level":${logger.levels.values[level]},"time":${Date.now()}${bindings},` +
      `"req":{"id":${jsonString(id)},"method":${jsonString(method)},"path":${jsonString(path)}},"res":{"statusCode":${status}},` +
      `"responseTime":${responseTime},"route":${jsonString(route)},"msg":"${SUCCESS_MESSAGE}"}\n`,
  );
}
