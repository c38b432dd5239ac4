import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { waitForRequestLine } from '../support/log-lines.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

// The app must tolerate its member being late, gone and back, without a restart of its own:
// the kubelet restarts an app only when /health/live fails, and that must never be for the member.
const pod = podAt('127.0.2.4');
const workDir = newWorkDir('faults');
let member: MemberProcess | undefined;
let app: AppProcess;

afterAll(() => stopAll([app, member]));

const secondsSince = (start: number) => ((Date.now() - start) / 1000).toFixed(1);

describe('the app and its member going away and coming back', () => {
  it('starts before any member: live 200, ready 503, then ready 200 once the member is up', async () => {
    app = startPodApp(pod, workDir);
    await app.waitForStatus('/health/live', 200);
    expect(await app.status('/health/ready')).toBe(503);
    expect((await fetch(`${app.url}/get?key=k`)).status).toBe(503);

    const memberStart = Date.now();
    member = startPodMember(pod, workDir);
    await app.waitForStatus('/health/ready', 200, 60_000);
    console.log(`member start to app ready: ${secondsSince(memberStart)} s`);
    expect((await fetch(`${app.url}/put?key=k&value=v1`)).status).toBe(200);
  });

  it('a killed member makes ready 503 within seconds, live stays 200, calls answer 503 at once', async () => {
    const killedAt = Date.now();
    await member?.kill();
    await app.waitForStatus('/health/ready', 503, 10_000);
    console.log(`member killed to app not ready: ${secondsSince(killedAt)} s`);
    expect(await app.status('/health/live')).toBe(200);

    const callStart = Date.now();
    const response = await fetch(`${app.url}/get?key=k`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toMatch(/Hazelcast member is unavailable/);
    expect(Date.now() - callStart).toBeLessThan(2_000);
  });

  it('a restarted member brings ready back to 200 in the same app process', async () => {
    const appPid = app.pid;
    const restartedAt = Date.now();
    member = startPodMember(pod, workDir);
    await app.waitForStatus('/health/ready', 200, 60_000);
    console.log(`member restart to app ready: ${secondsSince(restartedAt)} s`);
    expect(app.isRunning()).toBe(true);
    expect(app.pid).toBe(appPid);
    // A lone member that restarts is a new, empty cluster: the app works again on it.
    expect((await fetch(`${app.url}/put?key=k&value=v2`)).status).toBe(200);
    expect(await (await fetch(`${app.url}/get?key=k`)).text()).toBe('v2');
  });

  it('shuts down on SIGTERM by itself, well within the grace period, without errors', async () => {
    // A 404 is logged at warn, the level these apps run at. Its line is gathered for up to 100 ms
    // before it is written, more than the shutdown below takes: the exit must write it out.
    const lastRequest = await fetch(`${app.url}/maps/m/entries/absent`, { headers: { 'x-request-id': 'last-before-sigterm' } });
    expect(lastRequest.status).toBe(404);
    const stoppingAt = Date.now();
    // Nest closes the HTTP server and the client, then the process exits with status 0: not by
    // the SIGKILL sent after 10 s.
    expect(await app.stop(10_000)).toBe(0);
    const lines = await waitForRequestLine(app, 'last-before-sigterm');
    expect(lines.find((line) => line.req?.id === 'last-before-sigterm')?.res?.statusCode).toBe(404);
    expect(Date.now() - stoppingAt).toBeLessThan(5_000);
    expect(app.log()).not.toMatch(/ERROR|Unhandled/);
  });
});
