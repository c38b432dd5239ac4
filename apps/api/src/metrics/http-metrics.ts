import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { ArrayHistogram, HistogramSeries } from './array-histogram';
import { DeferredCounter, type DeferredCount } from './deferred-counter';
import { HTTP_DURATION, HTTP_REQUESTS } from './metric-names';

type Series = { count: DeferredCount; duration: HistogramSeries };

/**
 * Records one finished request by route pattern (`/maps/:map/entries/:key`, never the raw URL: one
 * series per route, whatever the keys) and status. The labelled children are kept per series, so
 * no label object is built per request: the counts are added when the counter is read
 * (DeferredCounter), and the durations go into an ArrayHistogram's series.
 */
@Injectable()
export class HttpMetrics {
  private readonly series = new Map<string, Series>();
  private readonly requests: DeferredCounter;

  constructor(
    @InjectMetric(HTTP_REQUESTS) requests: Counter<string>,
    @InjectMetric(HTTP_DURATION) private readonly duration: ArrayHistogram,
  ) {
    this.requests = new DeferredCounter(requests);
  }

  record(method: string, route: string, status: number, seconds: number): void {
    const id = `${method} ${status} ${route}`;
    let found = this.series.get(id);
    if (!found) {
      const labels = { method, route, status: String(status) };
      found = { count: this.requests.labels(labels), duration: this.duration.labels(labels) };
      this.series.set(id, found);
    }
    found.count.inc();
    found.duration.observe(seconds);
  }
}
