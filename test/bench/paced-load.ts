// An open-loop load at a fixed total rate: requests are sent on a schedule, whether or not the last
// ones were answered. autocannon's rate limit cannot give this: each connection sends its quota for
// the second back to back and then waits for the next second, so "3,000 req/s over 64 connections"
// is a burst at saturation every second (seen: p50 12 ms where one connection alone gets 0.2 ms).
import { Agent, request } from 'node:http';
import type { LatencyRecorder } from './stats.ts';
import type { HttpRequest } from './workload.ts';

export interface PacedLoad {
  url: string;
  /** Requests per second in all. */
  rate: number;
  /** Keep-alive connections the requests share, at most. */
  connections: number;
  seconds: number;
  next: () => HttpRequest;
}

export interface PacedResult {
  requests: number;
  errors: number;
  durationSeconds: number;
}

// How often the schedule is caught up with: every tick sends what the rate owes since the last
// (Node's 1 ms timers fire about every 1.1 ms here: at 3,000 req/s, bursts of 3 or 4).
const TICK_MS = 1;

/** One request on the agent's sockets; resolves true for a 2xx answer, false for any other answer or a failure. */
function call(agent: Agent, url: URL, { method, path, headers, body }: HttpRequest): Promise<boolean> {
  return new Promise((resolve) => {
    const sent = request({ agent, hostname: url.hostname, port: url.port, method, path, headers }, (response) => {
      const ok = response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300;
      response.resume();
      response.on('end', () => resolve(ok));
    });
    sent.on('error', () => resolve(false));
    sent.end(body);
  });
}

/**
 * Sends `rate` requests a second for `seconds`, spread over at most `connections` sockets. Each
 * latency runs from the moment the request is handed to the HTTP client, not from when a socket
 * was free: a server that falls behind shows it in the latencies instead of slowing the load down.
 */
export async function pacedLoad(load: PacedLoad, recorder?: LatencyRecorder): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const url = new URL(load.url);
  try {
    // Every connection opened first (unmeasured), so that no measured request pays for a TCP
    // handshake: at 64 connections and a few thousand requests, those were the p99.
    await Promise.all(Array.from({ length: load.connections }, () => call(agent, url, load.next())));
    return await onSchedule(load, (next) => call(agent, url, next), recorder);
  } finally {
    agent.destroy();
  }
}

function onSchedule(load: PacedLoad, send: (next: HttpRequest) => Promise<boolean>, recorder?: LatencyRecorder): Promise<PacedResult> {
  const total = Math.round(load.rate * load.seconds);
  const started = performance.now();
  let sent = 0;
  let settled = 0;
  let errors = 0;
  return new Promise((resolve) => {
    const settle = (sentAt: number, ok: boolean) => {
      if (ok) recorder?.record(performance.now() - sentAt);
      else errors++;
      if (++settled === total) resolve({ requests: settled - errors, errors, durationSeconds: (performance.now() - started) / 1000 });
    };
    const timer = setInterval(() => {
      // Request n is due n / rate seconds after the start.
      const owed = Math.min(total, Math.floor(((performance.now() - started) / 1000) * load.rate) + 1);
      for (; sent < owed; sent++) {
        const sentAt = performance.now();
        void send(load.next()).then((ok) => settle(sentAt, ok));
      }
      if (sent === total) clearInterval(timer);
    }, TICK_MS);
  });
}
