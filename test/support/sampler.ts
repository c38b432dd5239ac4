// A watch beside a test's action: one sample at a time, each after the last has finished (a slow
// kubectl or probe never piles up), until the action is over.
import { sleep } from '../../tools/pod-runtime/wait.ts';

/** Runs `sample` every intervalMs until stop(), which resolves once the last sample has finished. */
export function sampleUntilStopped(sample: () => Promise<void>, intervalMs: number): { stop(): Promise<void> } {
  let sampling = true;
  const done = (async () => {
    while (sampling) {
      await sample();
      await sleep(intervalMs);
    }
  })();
  return {
    stop: () => {
      sampling = false;
      return done;
    },
  };
}
