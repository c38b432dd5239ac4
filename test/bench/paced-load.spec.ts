// The open-loop load generator against a node:http server on loopback: it sends what the rate asks,
// counts what fails, and keeps sending on schedule when the server is slow.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pacedLoad } from './paced-load.ts';
import { LatencyRecorder } from './stats.ts';

describe('the paced load', () => {
  let server: Server;
  let url: string;
  let answered: string[];
  // The server's reply to a path: a status, after a delay.
  let reply: (path: string) => { status: number; delayMs: number };

  beforeAll(async () => {
    server = createServer((request, response) => {
      answered.push(request.url ?? '');
      const { status, delayMs } = reply(request.url ?? '');
      setTimeout(() => response.writeHead(status).end('ok'), delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    answered = [];
    reply = () => ({ status: 200, delayMs: 0 });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends rate × seconds requests and records the latency of each answered one', async () => {
    let n = 0;
    const recorder = new LatencyRecorder();
    const result = await pacedLoad({ url, rate: 400, connections: 8, seconds: 0.5, next: () => ({ method: 'GET', path: `/get?key=k${n++}` }) }, recorder);
    expect(result).toMatchObject({ requests: 200, errors: 0 });
    expect(recorder.count).toBe(200);
    // Eight more, unmeasured, to open the eight connections first.
    expect(answered).toHaveLength(208);
    expect(new Set(answered).size).toBe(208);
    // On schedule: 200 requests at 400 a second take half a second, not the time the server needs.
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.49);
  });

  it('counts answers outside 2xx as errors, without their latency', async () => {
    reply = (path) => ({ status: path.endsWith('bad') ? 503 : 200, delayMs: 0 });
    let n = 0;
    const recorder = new LatencyRecorder();
    const next = () => ({ method: 'GET' as const, path: n++ % 4 === 0 ? '/bad' : '/good' });
    const result = await pacedLoad({ url, rate: 400, connections: 4, seconds: 0.25, next }, recorder);
    expect(result).toMatchObject({ requests: 75, errors: 25 });
    expect(recorder.count).toBe(75);
  });

  it('keeps to its schedule when answers are slow, and counts the wait in the latency', async () => {
    // 2 connections, 100 ms an answer: a closed loop would send 20 a second; the schedule asks 100.
    reply = () => ({ status: 200, delayMs: 100 });
    const recorder = new LatencyRecorder();
    const result = await pacedLoad({ url, rate: 100, connections: 2, seconds: 0.2, next: () => ({ method: 'GET', path: '/get' }) }, recorder);
    expect(result).toMatchObject({ requests: 20, errors: 0 });
    // The last of 20 requests was due at 190 ms and answered after 10 rounds of 100 ms.
    expect(recorder.summary().max).toBeGreaterThan(500);
  });
});
