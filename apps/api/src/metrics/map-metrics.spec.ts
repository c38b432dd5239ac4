import { Counter } from 'prom-client';
import { ArrayHistogram } from './array-histogram';
import { MapMetrics } from './map-metrics';
import { LATENCY_BUCKETS, MAP_DURATION, MAP_OPERATIONS } from './metric-names';

describe('MapMetrics.measure', () => {
  let operations: Counter<string>;
  let duration: ArrayHistogram;
  let metrics: MapMetrics;

  beforeEach(() => {
    operations = new Counter({ name: MAP_OPERATIONS, help: 'h', labelNames: ['operation', 'outcome'], registers: [] });
    duration = new ArrayHistogram({ name: MAP_DURATION, help: 'h', labelNames: ['operation'], buckets: LATENCY_BUCKETS, registers: [] });
    metrics = new MapMetrics(operations, duration);
  });

  const count = async (outcome: string) => (await operations.get()).values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  const timed = async () => (await duration.get()).values.find((value) => value.metricName === `${MAP_DURATION}_count`)?.value ?? 0;

  it('passes the result on, counted as ok and timed', async () => {
    await expect(metrics.measure('get', () => Promise.resolve('v'))).resolves.toBe('v');
    expect([await count('ok'), await count('error'), await timed()]).toEqual([1, 0, 1]);
  });

  it('passes a rejection on, counted as an error and timed', async () => {
    const failure = new Error('member gone');
    await expect(metrics.measure('put', () => Promise.reject(failure))).rejects.toBe(failure);
    expect([await count('ok'), await count('error'), await timed()]).toEqual([0, 1, 1]);
  });

  it('turns a call that throws before returning a promise into a counted rejection', async () => {
    const failure = new Error('bad argument');
    const measured = metrics.measure('remove', () => {
      throw failure;
    });
    await expect(measured).rejects.toBe(failure);
    expect([await count('ok'), await count('error'), await timed()]).toEqual([0, 1, 1]);
  });
});
