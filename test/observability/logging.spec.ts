import { startApp, type AppProcess } from '../../tools/pod-runtime/app-process.ts';
import { waitForRequestLine, type LogLine } from '../support/log-lines.ts';
import { startObservedPod } from './observed-pod.ts';

let pod: Awaited<ReturnType<typeof startObservedPod>>;
beforeAll(async () => (pod = await startObservedPod('127.0.3.2', { LOG_LEVEL: 'log' })));
afterAll(() => pod?.stop());

/** A request whose line marks that the lines of all requests made before it are in the log. */
async function markerLines(marker: string): Promise<LogLine[]> {
  await fetch(`${pod.app.url}/get?key=marker`, { headers: { 'x-request-id': marker } });
  return waitForRequestLine(pod.app, marker);
}

describe('request logs', () => {
  it('writes one JSON line per request with method, route, map, status, duration and request id', async () => {
    const response = await fetch(`${pod.app.url}/maps/logged/entries/absent`);
    const id = response.headers.get('x-request-id') ?? 'no id echoed';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = (await waitForRequestLine(pod.app, id)).filter((line) => line.req?.id === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      req: { id, method: 'GET', route: '/maps/:map/entries/:key', map: 'logged' },
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
    });
  });

  it("keeps the caller's request id and echoes it", async () => {
    const response = await fetch(`${pod.app.url}/get?key=k`, { headers: { 'x-request-id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect((await waitForRequestLine(pod.app, 'trace-42')).some((line) => line.req?.id === 'trace-42' && line.res?.statusCode === 200)).toBe(true);
  });

  it('never writes keys or values to the log, not even the keys REST paths carry', async () => {
    await fetch(`${pod.app.url}/put?key=secret-key-7f3a&value=secret-value-9b2c`, { headers: { 'x-request-id': 'guide-put' } });
    const write = { method: 'PUT', headers: { 'content-type': 'application/json', 'x-request-id': 'rest-put' }, body: JSON.stringify({ value: 'secret-value-9b2c' }) };
    await fetch(`${pod.app.url}/maps/m/entries/secret-key-7f3a`, write);
    await fetch(`${pod.app.url}/maps/m/entries/secret-key-7f3a`, { headers: { 'x-request-id': 'rest-get' } });
    await fetch(`${pod.app.url}/maps/m/entries/secret-key-7f3a`, { method: 'DELETE', headers: { 'x-request-id': 'rest-delete' } });
    const lines = await markerLines('after-secrets');
    const line = (id: string) => lines.find((found) => found.req?.id === id)?.req;
    expect(line('guide-put')).toEqual({ id: 'guide-put', method: 'GET', route: '/put' });
    for (const [id, method] of [['rest-put', 'PUT'], ['rest-get', 'GET'], ['rest-delete', 'DELETE']]) {
      expect(line(id)).toEqual({ id, method, route: '/maps/:map/entries/:key', map: 'm' });
    }
    expect(pod.app.log()).not.toContain('secret-key-7f3a');
    expect(pod.app.log()).not.toContain('secret-value-9b2c');
  });

  it('leaves the probes out of the request log', async () => {
    await fetch(`${pod.app.url}/health/live`);
    expect((await markerLines('after-probe')).some((line) => line.req?.route.startsWith('/health'))).toBe(false);
  });
});

describe('request logs with REQUEST_LOG=errors', () => {
  let errorsOnly: AppProcess;
  beforeAll(async () => {
    // A second app beside the Pod's, on the same member.
    errorsOnly = startApp({
      name: 'app-errors-only',
      host: '127.0.3.2',
      port: 5002,
      workDir: pod.workDir,
      env: { HAZELCAST_CLUSTER_MEMBERS: '127.0.3.2:5701', LOG_LEVEL: 'log', REQUEST_LOG: 'errors' },
    });
    await errorsOnly.waitForStatus('/health/ready', 200);
  });
  afterAll(() => errorsOnly?.kill());

  it('writes lines only for requests answered 4xx or 5xx, and keeps the app lines', async () => {
    const call = async (path: string, id: string, init: RequestInit = {}) =>
      (await fetch(`${errorsOnly.url}${path}`, { ...init, headers: { ...init.headers, 'x-request-id': id } })).status;
    expect(await call('/put?key=k&value=v', 'guide-200')).toBe(200);
    const write = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 'v' }) };
    expect(await call('/maps/m/entries/k', 'rest-200', write)).toBe(200);
    expect(await call('/maps/m/entries/absent', 'rest-404')).toBe(404);
    // Last, so that every line before it has been written once its own is there.
    expect(await call('/get', 'guide-400')).toBe(400);
    const lines = await waitForRequestLine(errorsOnly, 'guide-400');
    expect(lines.flatMap((line) => (line.req ? [line.req.id] : []))).toEqual(['rest-404', 'guide-400']);
    expect(lines.some((line) => String(line.msg).startsWith('listening on'))).toBe(true);
  });
});
