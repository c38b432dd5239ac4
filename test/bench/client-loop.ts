// The limit: hazelcast-client alone, `concurrency` async loops each awaiting one map call after
// another, as 64 keep-alive HTTP connections would. Runs in a process of its own (like a server would)
// so its CPU and peak RSS are its own. Usage: node client-loop.ts '<ClientLoopSpec as JSON>'
import { readFileSync, writeFileSync } from 'node:fs';
import { connectBenchClient } from './bench-client.ts';
import { LatencyRecorder, measurement, peakRssMiB } from './stats.ts';
import { BENCH_MAP, randomKey, valueOfSize, type Operation } from './workload.ts';

export interface ClientLoopSpec {
  members: string[];
  smartRouting?: boolean;
  connectAllMembers?: boolean;
  operation: Operation;
  keys: number;
  valueBytes: number;
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
  out: string;
}

async function main(spec: ClientLoopSpec): Promise<void> {
  const client = await connectBenchClient(spec);
  const map = await client.getMap<string, string>(BENCH_MAP);
  const value = valueOfSize(spec.valueBytes);
  const call =
    spec.operation === 'put' ? (key: string) => map.put(key, value) : (key: string) => map.get(key);

  const run = async (seconds: number, recorder?: LatencyRecorder) => {
    const deadline = performance.now() + seconds * 1000;
    let errors = 0;
    const loop = async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          await call(randomKey(spec.keys));
          recorder?.record(performance.now() - started);
        } catch {
          errors++;
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: spec.concurrency }, loop));
    return { errors, seconds: (performance.now() - started) / 1000 };
  };

  await run(spec.warmupSeconds);
  const recorder = new LatencyRecorder();
  const cpuBefore = process.cpuUsage();
  const { errors, seconds } = await run(spec.durationSeconds, recorder);
  const cpu = process.cpuUsage(cpuBefore);
  await client.shutdown();
  const result = {
    ...measurement(recorder.count, seconds, recorder.summary(), errors),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: peakRssMiB(readFileSync('/proc/self/status', 'utf8')),
  };
  writeFileSync(spec.out, JSON.stringify(result));
}

main(JSON.parse(process.argv[2]) as ClientLoopSpec).catch((error: Error) => {
  console.error(`client loop failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
