import { Histogram } from 'prom-client';
import { MapMetrics } from './map-metrics';
import { LATENCY_BUCKETS, MAP_DURATION } from './metric-names';

describe('MapMetrics.measure', () => {
  let duration: Histogram<string>;
  let metrics: MapMetrics;

  beforeEach(() => {
    duration = new Histogram({ name: MAP_DURATION, help: 'h', labelNames: ['operation', 'outcome'], buckets: LATENCY_BUCKETS, registers: [] });
    metrics = new MapMetrics(duration);
  });

  const count = async (outcome: string) =>
    (await duration.get()).values.find((value) => value.metricName === `${MAP_DURATION}_count` && value.labels.outcome === outcome)?.value ?? 0;

  it('passes the result on, timed as ok', async () => {
    await expect(metrics.measure('get', () => Promise.resolve('v'))).resolves.toBe('v');
    expect([await count('ok'), await count('error')]).toEqual([1, 0]);
  });

  it('passes a rejection on, timed as an error', async () => {
    const failure = new Error('member gone');
    await expect(metrics.measure('put', () => Promise.reject(failure))).rejects.toBe(failure);
    expect([await count('ok'), await count('error')]).toEqual([0, 1]);
  });

  it('turns a call that throws before returning a promise into a timed rejection', async () => {
    const failure = new Error('bad argument');
    const measured = metrics.measure('remove', () => {
      throw failure;
    });
    await expect(measured).rejects.toBe(failure);
    expect([await count('ok'), await count('error')]).toEqual([0, 1]);
  });
});
