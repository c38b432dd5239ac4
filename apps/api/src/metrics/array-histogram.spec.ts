import { Histogram, Registry } from 'prom-client';
import { ArrayHistogram } from './array-histogram';
import { LATENCY_BUCKETS } from './metric-names';

describe('ArrayHistogram', () => {
  const options = { name: 'request_seconds', help: 'Request duration', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS };
  // On the bounds, between them, above the last, zero: every way a value is filed.
  const observations: Array<[Record<string, string>, number]> = [
    ...[0, 0.0005, 0.0007, 0.001, 0.003, 0.02, 2.5, 9.9, 10, 11, 0.25].map((value): [Record<string, string>, number] => [
      { method: 'GET', route: '/get', status: '200' },
      value,
    ]),
    [{ route: '/maps/:map/entries/:key', method: 'GET', status: '404' }, 0.0042],
    [{ method: 'GET', route: '/maps/:map/entries/:key', status: '404' }, 0.05],
  ];

  function both() {
    const [ours, theirs] = [new Registry(), new Registry()];
    const histogram = new ArrayHistogram({ ...options, registers: [ours] });
    const reference = new Histogram({ ...options, buckets: [...LATENCY_BUCKETS], labelNames: [...options.labelNames], registers: [theirs] });
    for (const [labels, value] of observations) {
      histogram.labels(labels).observe(value);
      reference.labels(labels).observe(value);
    }
    return { histogram, ours, theirs };
  }

  it("reads out exactly as prom-client's Histogram fed the same observations", async () => {
    const { ours, theirs } = both();
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('request_seconds_bucket{le="0.001",method="GET",route="/get",status="200"} 4');
    expect(text).toContain('request_seconds_count{route="/maps/:map/entries/:key",method="GET",status="404"} 2');
  });

  it('gives the same series for the same labels in any order, and refuses labels it does not have', () => {
    const histogram = new ArrayHistogram({ ...options, registers: [] });
    const series = histogram.labels({ method: 'GET', route: '/get', status: '200' });
    expect(histogram.labels({ status: '200', route: '/get', method: 'GET' })).toBe(series);
    expect(() => histogram.labels({ method: 'GET', route: '/get' })).toThrow(/not the histogram's method, route, status/);
    expect(() => series.observe(Number.NaN)).toThrow(TypeError);
  });

  it('zeroes on reset, and the series handed out go on counting', async () => {
    const { histogram, ours } = both();
    const series = histogram.labels({ method: 'GET', route: '/get', status: '200' });
    ours.resetMetrics();
    expect(await ours.metrics()).not.toContain('request_seconds_count');
    series.observe(0.002);
    expect(await ours.metrics()).toContain('request_seconds_count{method="GET",route="/get",status="200"} 1');
  });
});
