import type { Counter } from 'prom-client';

/** One labelled series of a DeferredCounter: counts in a plain number until the counter is read. */
export class DeferredCount {
  private pending = 0;

  constructor(private readonly series: Counter.Internal) {}

  inc(): void {
    this.pending++;
  }

  flush(): void {
    if (this.pending === 0) return;
    this.series.inc(this.pending);
    this.pending = 0;
  }
}

/**
 * A prom-client counter whose increments on the hot paths are summed apart and added to it when it
 * is read. prom-client's inc() builds the labels' hash string and looks it up on every call, even on
 * a labelled child: two to four of those a request were a few percent of the API's /get throughput
 * under load (npm run bench). The sums are added in the counter's collect hook, which prom-client
 * runs before every read (a scrape of /metrics, counter.get()), so a read sees every count.
 */
export class DeferredCounter {
  private readonly counts: DeferredCount[] = [];

  constructor(private readonly counter: Counter<string>) {
    // collect is a Counter option (prom-client's hook for values read at scrape time), kept on the
    // metric. The counter comes from the module's provider and is process-wide (prom-client's
    // global registry, shared by the apps of one test process), so the hook is chained on here.
    const metric = counter as Counter<string> & { collect?: () => unknown };
    const previous = metric.collect;
    const counts = this.counts;
    metric.collect = function (this: Counter<string>) {
      for (const count of counts) count.flush();
      return previous?.call(this);
    };
  }

  labels(labels: Record<string, string>): DeferredCount {
    const count = new DeferredCount(this.counter.labels(labels));
    this.counts.push(count);
    return count;
  }
}
