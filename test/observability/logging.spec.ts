import { sleep } from '../../tools/pod-runtime/wait.ts';
import { startObservedPod } from './observed-pod.ts';

let pod: Awaited<ReturnType<typeof startObservedPod>>;
beforeAll(async () => (pod = await startObservedPod('127.0.3.2', { LOG_LEVEL: 'log' })));
afterAll(() => pod?.stop());

type LogLine = Record<string, unknown> & { req?: { id: string; method: string; path: string }; res?: { statusCode: number } };

async function requestLines(): Promise<LogLine[]> {
  await sleep(200); // the line is written when the response has finished
  return pod.app
    .log()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.req !== undefined);
}

describe('request logs', () => {
  it('writes one JSON line per request with method, route, status, duration and request id', async () => {
    const response = await fetch(`${pod.app.url}/maps/logged/entries/absent`);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = (await requestLines()).filter((line) => line.req?.id === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      req: { id, method: 'GET', path: '/maps/logged/entries/absent' },
      route: '/maps/:map/entries/:key',
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
    });
  });

  it("keeps the caller's request id and echoes it", async () => {
    const response = await fetch(`${pod.app.url}/get?key=k`, { headers: { 'x-request-id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect((await requestLines()).some((line) => line.req?.id === 'trace-42' && line.res?.statusCode === 200)).toBe(true);
  });

  it('never writes keys or values to the log', async () => {
    await fetch(`${pod.app.url}/put?key=secret-key-7f3a&value=secret-value-9b2c`);
    await fetch(`${pod.app.url}/maps/m/entries/secret-key-7f3a`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'secret-value-9b2c' }),
    });
    await requestLines();
    expect(pod.app.log()).not.toContain('secret-value-9b2c');
    expect(pod.app.log()).not.toContain('secret-key-7f3a?');
    expect(pod.app.log()).not.toContain('key=secret-key-7f3a');
  });

  it('leaves the probes out of the request log', async () => {
    await fetch(`${pod.app.url}/health/live`);
    expect((await requestLines()).some((line) => line.req?.path.startsWith('/health'))).toBe(false);
  });
});
