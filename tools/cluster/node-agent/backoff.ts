// The kubelet's crash-loop back-off (kuberuntime doBackOff with flowcontrol.Backoff): the first exit
// restarts at once, later ones wait 10 s, then twice as long each time up to 5 minutes, counted
// from the exit; a container that ran for 10 minutes starts over.
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
export const BACKOFF_RESET_MS = 600_000;

export class RestartBackoff {
  private delayMs: number | undefined;

  /** How long after its exit to start the container again, given how long its last run lasted. */
  next(ranForMs: number): number {
    if (ranForMs >= BACKOFF_RESET_MS) this.delayMs = undefined;
    const wait = this.delayMs ?? 0;
    this.delayMs = this.delayMs === undefined ? INITIAL_BACKOFF_MS : Math.min(this.delayMs * 2, MAX_BACKOFF_MS);
    return wait;
  }
}
