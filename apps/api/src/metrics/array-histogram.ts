import { register, type Metric, type MetricValueWithName, type Registry } from 'prom-client';

type Labels = Record<string, string>;

/** One label set of an ArrayHistogram: its count in each bucket (not cumulative), sum and count. */
export class HistogramSeries {
  private readonly inBucket: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(
    readonly labels: Readonly<Labels>,
    private readonly bounds: readonly number[],
  ) {
    this.inBucket = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    // The first bucket whose bound is at least the value, as prom-client files it; above the last
    // bound, only +Inf (the count).
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]) bucket++;
    if (bucket < bounds.length) this.inBucket[bucket]++;
    this.sum += value;
    this.count++;
  }

  /** prom-client's values for the series: each bucket's cumulative count, +Inf, sum and count. */
  values(name: string): MetricValueWithName<string>[] {
    if (this.count === 0) return [];
    let cumulative = 0;
    const buckets = this.bounds.map((le, bucket) => {
      cumulative += this.inBucket[bucket];
      return { labels: { le, ...this.labels }, value: cumulative, metricName: `${name}_bucket` };
    });
    return [
      ...buckets,
      { labels: { le: '+Inf', ...this.labels }, value: this.count, metricName: `${name}_bucket` },
      { labels: { ...this.labels }, value: this.sum, metricName: `${name}_sum` },
      { labels: { ...this.labels }, value: this.count, metricName: `${name}_count` },
    ];
  }

  reset(): void {
    this.inBucket.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

export interface ArrayHistogramOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  buckets: readonly number[];
  registers?: Registry[];
}

/**
 * A Prometheus histogram for the hot paths, read out exactly as prom-client's Histogram is. A
 * series is looked up once for its labels (labels()), and an observation then costs a few array
 * operations. prom-client's observe() builds an object and a hash string of the labels, looks the
 * hash up and stores the entry again, and files the value under its bound turned into a string key,
 * on every call: the two histograms a request feeds cost the API several percent of its /get
 * throughput under load (npm run bench). array-histogram.spec.ts holds the output to prom-client's.
 */
export class ArrayHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  readonly name: string;
  readonly help: string;
  private readonly labelNames: readonly string[];
  private readonly bounds: readonly number[];
  private readonly series = new Map<string, HistogramSeries>();

  constructor({ name, help, labelNames, buckets, registers = [register] }: ArrayHistogramOptions) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
    this.bounds = [...buckets].sort((a, b) => a - b);
    // The registry reads a metric's name, help, type and aggregator and calls get() and reset();
    // its type names prom-client's own classes only.
    for (const registry of registers) registry.registerMetric(this as unknown as Metric<string>);
  }

  /** The series of these labels (every label name given, no other). */
  labels(labels: Labels): HistogramSeries {
    const given = Object.keys(labels);
    if (given.length !== this.labelNames.length || !given.every((label) => this.labelNames.includes(label))) {
      throw new Error(`Labels ${given.join(', ')} are not the histogram's ${this.labelNames.join(', ')}`);
    }
    const key = JSON.stringify(this.labelNames.map((label) => labels[label]));
    let found = this.series.get(key);
    if (!found) this.series.set(key, (found = new HistogramSeries({ ...labels }, this.bounds)));
    return found;
  }

  /** What prom-client's Histogram.get() gives: the registry writes /metrics from it. */
  async get() {
    const values = [...this.series.values()].flatMap((series) => series.values(this.name));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Zeroes every series in place: the series handed out stay the ones read. */
  reset(): void {
    for (const series of this.series.values()) series.reset();
  }
}
