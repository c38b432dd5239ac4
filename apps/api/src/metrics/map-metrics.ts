import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';
import { MAP_DURATION } from './metric-names';

export type MapOperation = 'get' | 'put' | 'remove' | 'size';

type Series = ReturnType<Histogram<string>['labels']>;
type Outcomes = { ok: Series; error: Series };

/** Times and classifies (ok or error) every map call the API makes; `_count` counts them. */
@Injectable()
export class MapMetrics {
  // Labelled children kept per operation: no label object is built per call.
  private readonly series = new Map<MapOperation, Outcomes>();

  constructor(@InjectMetric(MAP_DURATION) private readonly duration: Histogram<string>) {}

  /** The call's promise, timed when it settles under its outcome. */
  measure<T>(operation: MapOperation, call: () => Promise<T>): Promise<T> {
    const outcomes = this.outcomesOf(operation);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      // A call that throws before it returns a promise is a failed call too, and rejects likewise.
      pending = Promise.reject(error);
    }
    return pending.then(
      (result) => {
        outcomes.ok.observe(seconds());
        return result;
      },
      (error: unknown) => {
        outcomes.error.observe(seconds());
        throw error;
      },
    );
  }

  private outcomesOf(operation: MapOperation): Outcomes {
    let found = this.series.get(operation);
    if (!found) {
      found = { ok: this.duration.labels({ operation, outcome: 'ok' }), error: this.duration.labels({ operation, outcome: 'error' }) };
      this.series.set(operation, found);
    }
    return found;
  }
}
