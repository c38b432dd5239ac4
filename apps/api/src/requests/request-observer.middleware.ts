import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { chooseRequestId, REQUEST_ID_HEADER, RequestLog } from '../logging/request-log';
import { HttpMetrics } from '../metrics/http-metrics';

// Probes and scrapes arrive every few seconds from the kubelet and Prometheus: timed in /metrics,
// not written to the log.
const UNLOGGED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Every request's one observation, when its response has been sent: timed into /metrics and
 * written as one log line, both by route pattern. The request id goes back in x-request-id.
 */
@Injectable()
export class RequestObserverMiddleware implements NestMiddleware {
  constructor(
    private readonly metrics: HttpMetrics,
    private readonly log: RequestLog,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = performance.now();
    const id = chooseRequestId(request);
    response.setHeader(REQUEST_ID_HEADER, id);
    response.once('finish', () => {
      const responseTimeMs = performance.now() - started;
      // Express sets request.route only when a route matched; the rest share one series.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const { statusCode } = response;
      this.metrics.record(request.method, route, statusCode, responseTimeMs / 1000);
      if (UNLOGGED_ROUTES.has(route)) return;
      const map = typeof request.params?.map === 'string' ? request.params.map : undefined;
      this.log.write({ id, method: request.method, route, map, statusCode, responseTimeMs });
    });
    next();
  }
}
