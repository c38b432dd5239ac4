import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { MAP_DURATION, MAP_OPERATIONS } from './metric-names';

export type MapOperation = 'get' | 'put' | 'remove' | 'size';

/** Counts, times and classifies (ok or error) every map call the API makes. */
@Injectable()
export class MapMetrics {
  constructor(
    @InjectMetric(MAP_OPERATIONS) private readonly operations: Counter<string>,
    @InjectMetric(MAP_DURATION) private readonly duration: Histogram<string>,
  ) {}

  async measure<T>(operation: MapOperation, call: () => Promise<T>): Promise<T> {
    const stopTimer = this.duration.startTimer({ operation });
    try {
      const result = await call();
      this.operations.inc({ operation, outcome: 'ok' });
      return result;
    } catch (error) {
      this.operations.inc({ operation, outcome: 'error' });
      throw error;
    } finally {
      stopTimer();
    }
  }
}
