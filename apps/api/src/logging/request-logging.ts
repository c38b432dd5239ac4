import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { LogLevel, RequestLog } from '../config/environment';
import { logDestination } from './log-destination';

export const REQUEST_ID_HEADER = 'x-request-id';

// Nest's level names to pino's.
const PINO_LEVELS: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

// Express sets the matched route on the request.
type RoutedRequest = IncomingMessage & { route?: { path?: string } };

/** A caller's id when it sends a usable one (so a trace spans services), else a new one. */
export function chooseRequestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** The request's id, echoed in the response's x-request-id header. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const id = chooseRequestId(request);
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

// The route pattern is known only once Express has matched it, so it joins the line when the
// response ends (customProps would cost two more child loggers a request: profiled, 12% of the CPU).
const routeOf = (request: IncomingMessage) => (request as RoutedRequest).route?.path ?? 'unmatched';
const withRoute = (request: IncomingMessage, _response: ServerResponse, line: object) => ({ ...line, route: routeOf(request) });

// 4xx is the caller's mistake, 5xx ours; both worth a level above info. With REQUEST_LOG=errors the
// rest get no line ('silent', which pino-http skips): under load the line can cost up to a tenth of
// the /get throughput (npm run bench, two runs: 0.88 of the bare server's with it both times, 0.99
// and 0.86 without), and /metrics counts every request anyway.
export const levelOf = (requestLog: RequestLog, status: number, error?: Error) =>
  error || status >= 500 ? 'error' : status >= 400 ? 'warn' : requestLog === 'errors' ? 'silent' : 'info';
export const SUCCESS_MESSAGE = 'request completed';
export const ERROR_MESSAGE = 'request failed';

// What a line says of the request and the response. Keys and values are user data: the path goes
// without its query string.
export const requestFields = (request: { id?: unknown; method?: string; url?: string }) => ({
  id: request.id,
  method: request.method,
  path: (request.url ?? '').split('?')[0],
});
export const responseFields = (response: { statusCode: number }) => ({ statusCode: response.statusCode });

/**
 * pino-http's settings: one JSON line per request (or, with REQUEST_LOG=errors, per request answered
 * 4xx or 5xx) with its id, method, route pattern, status and duration. Keys and values are user
 * data: neither the query string nor a body is ever logged, only the route's pattern and the path
 * without its query.
 */
export function requestLogging(level: LogLevel, requestLog: RequestLog): Params {
  const options: Options = {
    level: PINO_LEVELS[level],
    genReqId: requestId,
    customSuccessObject: withRoute,
    customErrorObject: withRoute,
    customSuccessMessage: () => SUCCESS_MESSAGE,
    customErrorMessage: () => ERROR_MESSAGE,
    customLogLevel: (_request, response, error) => levelOf(requestLog, response.statusCode, error),
    serializers: { req: requestFields, res: responseFields },
    // Probes and scrapes arrive every few seconds from the kubelet and Prometheus: counted in
    // /metrics, not written to the log.
    autoLogging: { ignore: (request) => /^\/(health\/|metrics)/.test(request.url ?? '') },
  };
  return { pinoHttp: [options, logDestination()] };
}
