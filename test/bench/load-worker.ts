// The load generator, in a process of its own so it never shares an event loop with the harness:
// autocannon (each connection sends its next request when the last is answered), or, given a rate,
// paced-load.ts. A warm-up run (discarded), then the measured run. Latencies are taken from
// autocannon's per-response event: its own histogram keeps whole milliseconds, too coarse for
// sub-millisecond loopback calls. Usage: node load-worker.ts '<LoadSpec as JSON>'
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { pacedLoad } from './paced-load.ts';
import { LatencyRecorder, measurement } from './stats.ts';
import { httpRequest, randomKey, valueOfSize, type HttpRequest, type Operation, type Target } from './workload.ts';

export interface LoadSpec {
  url: string;
  target: Exclude<Target, 'client'>;
  operation: Operation;
  keys: number;
  valueBytes: number;
  connections: number;
  /** Requests per second in all, sent on a schedule over the connections; unset: as fast as the target answers. */
  rate?: number;
  warmupSeconds: number;
  durationSeconds: number;
  out: string;
}

interface Fired {
  requests: number;
  errors: number;
  durationSeconds: number;
  statusCodes?: autocannon.Result['statusCodeStats'];
}

/** The case's requests, one per call: the same operation on a key drawn anew each time. */
function requestsOf(spec: LoadSpec): () => HttpRequest {
  const value = valueOfSize(spec.valueBytes);
  return () => httpRequest(spec.target, spec.operation, randomKey(spec.keys), value);
}

async function fire(spec: LoadSpec, seconds: number, recorder?: LatencyRecorder): Promise<Fired> {
  if (spec.rate !== undefined) {
    return pacedLoad({ url: spec.url, rate: spec.rate, connections: spec.connections, seconds, next: requestsOf(spec) }, recorder);
  }
  const result = await closedLoop(spec, seconds, recorder);
  return {
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    durationSeconds: result.duration,
    statusCodes: result.statusCodeStats,
  };
}

function closedLoop(spec: LoadSpec, seconds: number, recorder?: LatencyRecorder): Promise<autocannon.Result> {
  const next = requestsOf(spec);
  const first = next();
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => ([finish, fail] = [resolve, reject]));
  const instance = autocannon(
    {
    url: spec.url,
    connections: spec.connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    method: first.method,
    headers: first.headers,
    body: first.body,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          path: next().path,
        }),
      },
    ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  if (recorder) {
    // autocannon emits (client, status, bytes, ms) on the instance too; its typings list that event on the client only.
    const emitter: NodeJS.EventEmitter = instance;
    emitter.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) recorder.record(ms);
    });
  }
  return done;
}

async function main(spec: LoadSpec): Promise<void> {
  await fire(spec, spec.warmupSeconds);
  const recorder = new LatencyRecorder();
  const cpuBefore = process.cpuUsage();
  const { requests, errors, durationSeconds, statusCodes } = await fire(spec, spec.durationSeconds, recorder);
  const cpu = process.cpuUsage(cpuBefore);
  const output = {
    ...measurement(requests, durationSeconds, recorder.summary(), errors),
    statusCodes,
    loadGeneratorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  writeFileSync(spec.out, JSON.stringify(output));
}

main(JSON.parse(process.argv[2]) as LoadSpec).catch((error: Error) => {
  console.error(`load worker failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
