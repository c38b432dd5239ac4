// Pure functions of the benchmark: latency percentiles, the ratios the issue asks for, and the
// Markdown table. No I/O here, so stats.spec.ts checks them on fixed inputs.

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** What one case measured; latencies in milliseconds. */
export interface Measurement {
  requests: number;
  durationSeconds: number;
  rps: number;
  latency: LatencySummary;
  errors: number;
}

/** A growable list of latencies in milliseconds, kept as doubles: autocannon's own histogram rounds to whole ms. */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16);
  private size = 0;

  record(ms: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = ms;
  }

  get count(): number {
    return this.size;
  }

  summary(): LatencySummary {
    return summarizeLatencies(this.samples.subarray(0, this.size));
  }
}

/** Nearest-rank percentile (p in 0..100) of ascending samples. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarizeLatencies(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
}

export function measurement(requests: number, durationSeconds: number, latencies: LatencySummary, errors: number) {
  return { requests, durationSeconds, rps: requests / durationSeconds, latency: latencies, errors } satisfies Measurement;
}

/** a / b of throughput, and of p99 latency (lower is better there: a ratio above 1 means a is slower). */
export function ratio(a: Measurement, b: Measurement): { throughput: number; p99: number } {
  return { throughput: a.rps / b.rps, p99: a.latency.p99 / b.latency.p99 };
}

/** Peak resident set size in MiB from the text of /proc/<pid>/status (VmHWM), or undefined. */
export function peakRssMiB(procStatus: string): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(procStatus);
  return match ? Number(match[1]) / 1024 : undefined;
}

/** CPU seconds (user + system) from the text of /proc/<pid>/stat, given the clock ticks per second. */
export function cpuSeconds(procStat: string, ticksPerSecond = 100): number {
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = procStat.slice(procStat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

const fixed = (value: number | undefined, digits: number) =>
  value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

export const formatMs = (ms: number) => fixed(ms, ms < 10 ? 2 : 1);
export const formatRps = (rps: number) => Math.round(rps).toLocaleString('en-US');
export const formatRatio = (value: number | undefined) => fixed(value, 2);
export const formatPercent = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value * 100)}%`);

/** A Markdown table; cells are already formatted. The first `textColumns` are left-aligned, the rest right. */
export function markdownTable(header: string[], rows: string[][], textColumns = 1): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const align = header.map((_, index) => (index < textColumns ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}
