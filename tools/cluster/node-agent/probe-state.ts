// A probe's result as the kubelet's prober worker keeps it (pkg/kubelet/prober/worker.go): the
// result flips only after successThreshold successes or failureThreshold failures in a row, and no
// attempt is made before initialDelaySeconds.
import type { V1Probe } from '@kubernetes/client-node';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** The API's defaults (a period of 10 s, a timeout of 1 s, 1 success, 3 failures). */
export function probeTiming(probe: V1Probe): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

export class ProbeState {
  private successes = 0;
  private failures = 0;
  private result: boolean;
  readonly kind: ProbeKind;
  private readonly timing: ProbeTiming;

  /** Readiness and startup start failing until proven; liveness starts passing until disproven. */
  constructor(kind: ProbeKind, timing: ProbeTiming) {
    this.kind = kind;
    this.timing = timing;
    this.result = kind === 'liveness';
  }

  get passing(): boolean {
    return this.result;
  }

  /** Records one attempt; returns true when the result changed. */
  record(success: boolean): boolean {
    // The kubelet stops running a startup probe once it has passed.
    if (this.kind === 'startup' && this.result) return false;
    if (success) {
      this.failures = 0;
      this.successes++;
      if (!this.result && this.successes >= this.timing.successThreshold) return this.flip(true);
    } else {
      this.successes = 0;
      this.failures++;
      if (this.result && this.failures >= this.timing.failureThreshold) return this.flip(false);
      // A startup probe that never passed fails the container once its failures run out.
      if (this.kind === 'startup' && this.failures >= this.timing.failureThreshold) return true;
    }
    return false;
  }

  /** The startup probe gave up: the kubelet kills the container. */
  get exhausted(): boolean {
    return this.kind === 'startup' && !this.result && this.failures >= this.timing.failureThreshold;
  }

  private flip(to: boolean): boolean {
    this.result = to;
    return true;
  }
}
