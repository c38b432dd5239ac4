import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { httpStatus, sleep } from '../../tools/pod-runtime/wait.ts';
import { waitForLogLines, type LogLine } from '../support/log-lines.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

// SIGTERM under load, with a client that behaves like a Service's endpoints: it sends only while
// the Pod reports ready. No request may fail: the app fails readiness first, serves on for the
// shutdown delay, and closes its listener only after the traffic has moved away.
const pod = podAt('127.0.2.7');
const workDir = newWorkDir('shutdown');
const SHUTDOWN_DELAY_MS = 1_000;
let member: MemberProcess;
let app: AppProcess;

beforeAll(async () => {
  member = startPodMember(pod, workDir);
  app = startPodApp(pod, workDir, { SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS), LOG_LEVEL: 'log' });
  await member.ready();
  await app.waitForStatus('/health/ready', 200);
});
afterAll(() => stopAll([app, member]));

async function put(i: number): Promise<string> {
  try {
    const response = await fetch(`${app.url}/put?key=k${i}&value=v${i}`);
    await response.text();
    return response.status === 200 ? 'ok' : `status ${response.status}`;
  } catch (error) {
    return `failed: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`;
  }
}

describe('graceful shutdown', () => {
  it('fails readiness on SIGTERM, serves and logs every request sent meanwhile, then exits', async () => {
    let endpointReady = true;
    const endpoints = setInterval(async () => {
      endpointReady = (await httpStatus(`${app.url}/health/ready`, 200)) === 200;
    }, 50);
    const outcomes: Promise<string>[] = [];
    const load = setInterval(() => {
      if (endpointReady) for (let burst = 0; burst < 10; burst++) outcomes.push(put(outcomes.length));
    }, 5);

    await sleep(300);
    const signalledAt = Date.now();
    const exited = app.stop(10_000);
    await sleep(SHUTDOWN_DELAY_MS / 2);
    const readyDuringDelay = await app.status('/health/ready');
    const exit = await exited;
    clearInterval(load);
    clearInterval(endpoints);
    const results = await Promise.all(outcomes);

    console.log(`requests ${results.length}, ok ${results.filter((r) => r === 'ok').length}; exit after ${Date.now() - signalledAt} ms`);
    expect(readyDuringDelay).toBe(503);
    expect(exit).toBe(0);
    expect(results.filter((result) => result !== 'ok')).toEqual([]);

    // The request log gathers lines into larger writes: none is lost, one for each request served.
    const putLines = (lines: LogLine[]) => lines.filter((line) => line.req?.route === '/put' && line.res?.statusCode === 200).length;
    const lines = await waitForLogLines(app, `a /put line for each of the ${results.length} requests`, (found) => putLines(found) >= results.length);
    expect(putLines(lines)).toBe(results.length);

    // Every acknowledged write is in the member.
    const reader = startPodApp(pod, workDir);
    try {
      await reader.waitForStatus('/health/ready', 200);
      const values = await Promise.all(results.map(async (_, i) => (await fetch(`${reader.url}/get?key=k${i}`)).text()));
      expect(values).toEqual(results.map((_, i) => `v${i}`));
    } finally {
      await reader.stop();
    }
  });
});
