// Polling helpers: the processes we start report readiness only over HTTP or their exit.
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Thrown by a probe when waiting longer cannot help (the process it waits on has exited). */
export class GiveUp extends Error {}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result !== undefined && result !== false) return result;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
}

/** GET a URL and return its status, or undefined when nothing answers. Never throws. */
export async function httpStatus(url: string, timeoutMs = 1_000): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}
