import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HttpMetrics } from './http-metrics';

/**
 * Counts and times every request Express routes when its response has been sent. Probes and
 * scrapes are counted too, under their own routes, so they never blur the others.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = performance.now();
    response.once('finish', () => {
      // Express sets request.route only when a route matched; the rest share one series.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      this.metrics.record(request.method, route, response.statusCode, (performance.now() - started) / 1000);
    });
    next();
  }
}
