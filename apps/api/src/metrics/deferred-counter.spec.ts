import { Counter, Registry } from 'prom-client';
import { DeferredCounter } from './deferred-counter';

describe('DeferredCounter', () => {
  const counterIn = (registry: Registry) =>
    new Counter({ name: 'requests_total', help: 'h', labelNames: ['route', 'status'], registers: [registry] });
  const valueOf = async (counter: Counter<string>, status: string) =>
    (await counter.get()).values.find((value) => value.labels.status === status)?.value ?? 0;

  it('adds every count to the counter by the time it is read, series by series', async () => {
    const counter = counterIn(new Registry());
    const deferred = new DeferredCounter(counter);
    const ok = deferred.labels({ route: '/get', status: '200' });
    const missing = deferred.labels({ route: '/get', status: '404' });
    for (let i = 0; i < 5; i++) ok.inc();
    missing.inc();
    expect([await valueOf(counter, '200'), await valueOf(counter, '404')]).toEqual([5, 1]);
    ok.inc();
    expect([await valueOf(counter, '200'), await valueOf(counter, '404')]).toEqual([6, 1]);
  });

  it('shows the counts in a scrape of the registry, and keeps a collect hook the counter had', async () => {
    const registry = new Registry();
    const seen: string[] = [];
    const counter = new Counter({ name: 'calls_total', help: 'h', labelNames: ['kind'], registers: [registry], collect: () => void seen.push('own hook') });
    const first = new DeferredCounter(counter).labels({ kind: 'a' });
    // A second app in the same process, over the same process-wide counter.
    const second = new DeferredCounter(counter).labels({ kind: 'a' });
    first.inc();
    second.inc();
    second.inc();
    expect(await registry.metrics()).toContain('calls_total{kind="a"} 3');
    expect(seen).toEqual(['own hook']);
  });
});
