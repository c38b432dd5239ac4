import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';
import { HTTP_DURATION } from './metric-names';

type Series = ReturnType<Histogram<string>['labels']>;

/**
 * Times one finished request by route pattern (`/maps/:map/entries/:key`, never the raw URL: one
 * series per route, whatever the keys) and status; the histogram's `_count` is the request count.
 * The labelled children are kept per series, so no label object is built per request.
 */
@Injectable()
export class HttpMetrics {
  private readonly series = new Map<string, Series>();

  constructor(@InjectMetric(HTTP_DURATION) private readonly duration: Histogram<string>) {}

  record(method: string, route: string, status: number, seconds: number): void {
    const id = `${method} ${status} ${route}`;
    let found = this.series.get(id);
    if (!found) {
      found = this.duration.labels({ method, route, status: String(status) });
      this.series.set(id, found);
    }
    found.observe(seconds);
  }
}
