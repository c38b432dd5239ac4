import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { ArrayHistogram, HistogramSeries } from './array-histogram';
import { DeferredCounter, type DeferredCount } from './deferred-counter';
import { MAP_DURATION, MAP_OPERATIONS } from './metric-names';

export type MapOperation = 'get' | 'put' | 'remove' | 'size';

type Series = { ok: DeferredCount; error: DeferredCount; duration: HistogramSeries };

/** Counts, times and classifies (ok or error) every map call the API makes. */
@Injectable()
export class MapMetrics {
  // Labelled children kept per operation: no label object is built per call. The counts are added
  // when the counter is read (DeferredCounter).
  private readonly series = new Map<MapOperation, Series>();
  private readonly operations: DeferredCounter;

  constructor(
    @InjectMetric(MAP_OPERATIONS) operations: Counter<string>,
    @InjectMetric(MAP_DURATION) private readonly duration: ArrayHistogram,
  ) {
    this.operations = new DeferredCounter(operations);
  }

  /**
   * The call's promise, counted and timed when it settles. Written with then rather than as an
   * async function: on the hot paths, an async frame around the call is one more promise and one
   * more microtask a request.
   */
  measure<T>(operation: MapOperation, call: () => Promise<T>): Promise<T> {
    const series = this.seriesOf(operation);
    const started = performance.now();
    const timed = () => series.duration.observe((performance.now() - started) / 1000);
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      // A call that throws before it returns a promise is a failed call too, and rejects likewise.
      pending = Promise.reject(error);
    }
    return pending.then(
      (result) => {
        series.ok.inc();
        timed();
        return result;
      },
      (error: unknown) => {
        series.error.inc();
        timed();
        throw error;
      },
    );
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
