// The load generator: autocannon in a process of its own, so it never shares an event loop with the
// harness. A warm-up run (discarded), then the measured run. Latencies are taken from autocannon's
// per-response event: its own histogram keeps whole milliseconds, too coarse for sub-millisecond
// loopback calls. Usage: node load-worker.ts '<LoadSpec as JSON>'
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { LatencyRecorder, measurement } from './stats.ts';
import { httpRequest, randomKey, valueOfSize, type Operation, type Target } from './workload.ts';

export interface LoadSpec {
  url: string;
  target: Exclude<Target, 'client'>;
  operation: Operation;
  keys: number;
  valueBytes: number;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  out: string;
}

function fire(spec: LoadSpec, seconds: number, recorder?: LatencyRecorder): Promise<autocannon.Result> {
  const value = valueOfSize(spec.valueBytes);
  const first = httpRequest(spec.target, spec.operation, randomKey(spec.keys), value);
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
          path: httpRequest(spec.target, spec.operation, randomKey(spec.keys), value).path,
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
  const result = await fire(spec, spec.durationSeconds, recorder);
  const cpu = process.cpuUsage(cpuBefore);
  const errors = result.errors + result.timeouts + result.non2xx;
  const output = {
    ...measurement(result.requests.total, result.duration, recorder.summary(), errors),
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    loadGeneratorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  writeFileSync(spec.out, JSON.stringify(output));
}

main(JSON.parse(process.argv[2]) as LoadSpec).catch((error: Error) => {
  console.error(`load worker failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
