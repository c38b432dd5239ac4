import { ProbeState, probeTiming } from './probe-state.ts';

const timing = probeTiming({ periodSeconds: 5, failureThreshold: 2, successThreshold: 2, timeoutSeconds: 2 });

describe('probeTiming', () => {
  it('takes the API defaults for what the probe leaves out', () => {
    expect(probeTiming({})).toEqual({
      initialDelayMs: 0,
      periodMs: 10_000,
      timeoutMs: 1_000,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(timing).toMatchObject({ periodMs: 5_000, timeoutMs: 2_000, failureThreshold: 2 });
  });
});

describe('ProbeState', () => {
  it('makes readiness pass only after successThreshold successes in a row', () => {
    const readiness = new ProbeState('readiness', timing);
    expect(readiness.passing).toBe(false);
    readiness.record(true);
    readiness.record(false);
    readiness.record(true);
    expect(readiness.passing).toBe(false);
    expect(readiness.record(true)).toBe(true);
    expect(readiness.passing).toBe(true);
  });

  it('keeps liveness passing until failureThreshold failures in a row', () => {
    const liveness = new ProbeState('liveness', timing);
    expect(liveness.passing).toBe(true);
    liveness.record(false);
    liveness.record(true);
    liveness.record(false);
    expect(liveness.passing).toBe(true);
    liveness.record(false);
    expect(liveness.passing).toBe(false);
  });

  it('exhausts a startup probe that fails failureThreshold times before passing once', () => {
    const startup = new ProbeState('startup', { ...timing, successThreshold: 1 });
    startup.record(false);
    expect(startup.exhausted).toBe(false);
    startup.record(false);
    expect(startup.exhausted).toBe(true);
  });

  it('never exhausts a startup probe that has passed', () => {
    const startup = new ProbeState('startup', { ...timing, successThreshold: 1 });
    startup.record(true);
    startup.record(false);
    startup.record(false);
    expect(startup.exhausted).toBe(false);
  });
});
