import { MAX_BACKOFF_MS, RestartBackoff } from './backoff.ts';

describe('RestartBackoff', () => {
  it('restarts at once after the first exit, then waits 10 s doubling up to 5 minutes', () => {
    const backoff = new RestartBackoff();
    const waits = Array.from({ length: 8 }, () => backoff.next(1_000));
    expect(waits).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });

  it('starts over once a run lasted 10 minutes', () => {
    const backoff = new RestartBackoff();
    backoff.next(1_000);
    backoff.next(1_000);
    expect(backoff.next(1_000)).toBe(20_000);
    expect(backoff.next(600_000)).toBe(0);
    expect(backoff.next(1_000)).toBe(10_000);
  });
});
