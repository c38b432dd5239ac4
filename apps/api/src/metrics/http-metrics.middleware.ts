import { Injectable, type NestMiddleware } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import type { Counter, Histogram } from 'prom-client';
import { HTTP_DURATION, HTTP_REQUESTS } from './metric-names';

/**
 * Counts and times every request when its response has been sent, labelled by the route's pattern
 * (`/maps/:map/entries/:key`, never the raw URL: one series per route, whatever the keys) and
 * status. Probes and scrapes are counted too, under their own routes, so they never blur the others.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    @InjectMetric(HTTP_REQUESTS) private readonly requests: Counter<string>,
    @InjectMetric(HTTP_DURATION) private readonly duration: Histogram<string>,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stopTimer = this.duration.startTimer();
    response.once('finish', () => {
      // Express sets request.route only when a route matched; the rest share one series.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const labels = { method: request.method, route, status: String(response.statusCode) };
      this.requests.inc(labels);
      stopTimer(labels);
    });
    next();
  }
}
