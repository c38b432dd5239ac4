import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { LogLevel } from '../config/environment';

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

type RoutedRequest = IncomingMessage & { id?: string; route?: { path?: string }; originalUrl?: string };

/** A caller's id when it sends a usable one (so a trace spans services), else a new one. */
function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/**
 * pino-http's settings: one JSON line per request with its id, method, route pattern, status and
 * duration. Keys and values are user data: neither the query string nor a body is ever logged,
 * only the route's pattern and the path without its query.
 */
export function requestLogging(level: LogLevel): Params {
  return {
    pinoHttp: {
      level: PINO_LEVELS[level],
      genReqId: requestId,
      // pino-http asks for these when a request starts (no route is known yet: Nest's middleware
      // path) and again when it ends; only the second has the route pattern that matched.
      customProps: (request: IncomingMessage, response: ServerResponse) =>
        response.headersSent ? { route: (request as RoutedRequest).route?.path ?? 'unmatched' } : {},
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
      // 4xx is the caller's mistake, 5xx ours; both worth a level above info.
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url.split('?')[0],
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      // Probes and scrapes arrive every few seconds from the kubelet and Prometheus: counted in
      // /metrics, not written to the log.
      autoLogging: { ignore: (request) => /^\/(health\/|metrics)/.test(request.url ?? '') },
    },
  };
}
