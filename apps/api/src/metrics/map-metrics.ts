import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { MAP_DURATION, MAP_OPERATIONS } from './metric-names';

export type MapOperation = 'get' | 'put' | 'remove' | 'size';

type Series = { ok: Counter.Internal; error: Counter.Internal; duration: Histogram.Internal<string> };

/** Counts, times and classifies (ok or error) every map call the API makes. */
@Injectable()
export class MapMetrics {
  // Labelled children kept per operation: prom-client would otherwise hash the labels on every call.
  private readonly series = new Map<MapOperation, Series>();

  constructor(
    @InjectMetric(MAP_OPERATIONS) private readonly operations: Counter<string>,
    @InjectMetric(MAP_DURATION) private readonly duration: Histogram<string>,
  ) {}

  async measure<T>(operation: MapOperation, call: () => Promise<T>): Promise<T> {
    const series = this.seriesOf(operation);
    const started = performance.now();
    try {
      const result = await call();
      series.ok.inc();
      return result;
    } catch (error) {
      series.error.inc();
      throw error;
    } finally {
      series.duration.observe((performance.now() - started) / 1000);
    }
  }

  private seriesOf(operation: MapOperation): Series {
    let found = this.series.get(operation);
    if (!found) {
      found = {
        ok: this.operations.labels({ operation, outcome: 'ok' }),
        error: this.operations.labels({ operation, outcome: 'error' }),
        duration: this.duration.labels({ operation }),
      };
      this.series.set(operation, found);
    }
    return found;
  }
}
