// A container's probe, run as the kubelet runs it: every periodSeconds after initialDelaySeconds,
// each attempt bounded by timeoutSeconds, the state flipping only after successThreshold successes
// or failureThreshold failures in a row.
import { httpStatus } from './wait.ts';
import type { Probe } from './rendered-pod.ts';

export class ProbeLoop {
  private passing = false;
  private successes = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly probe: Probe;
  private readonly host: string;
  private readonly onChange: (passing: boolean) => void;

  private readonly initiallyPassing: boolean;

  /** Readiness starts failing until proven; liveness starts passing until disproven (initiallyPassing). */
  constructor(
    probe: Probe,
    host: string,
    { initiallyPassing = false, onChange }: { initiallyPassing?: boolean; onChange?: (passing: boolean) => void } = {},
  ) {
    this.probe = probe;
    this.host = host;
    this.onChange = onChange ?? (() => undefined);
    this.initiallyPassing = initiallyPassing;
  }

  get isPassing(): boolean {
    return this.passing;
  }

  start(): void {
    this.stop();
    this.passing = this.initiallyPassing;
    this.successes = 0;
    this.failures = 0;
    this.timer = setTimeout(() => void this.tick(), this.probe.initialDelaySeconds * 1000);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    const { path, port, timeoutSeconds, periodSeconds, successThreshold, failureThreshold } = this.probe;
    const status = await httpStatus(`http://${this.host}:${port}${path}`, timeoutSeconds * 1000);
    if (this.timer === undefined) return;
    // The kubelet counts any status from 200 to 399 as a success.
    if (status !== undefined && status >= 200 && status < 400) {
      this.failures = 0;
      if (++this.successes >= successThreshold && !this.passing) this.flip(true);
    } else {
      this.successes = 0;
      if (++this.failures >= failureThreshold && this.passing) this.flip(false);
    }
    this.timer = setTimeout(() => void this.tick(), periodSeconds * 1000);
  }

  private flip(passing: boolean): void {
    this.passing = passing;
    this.onChange(passing);
  }
}
