// CPU per request of several servers under the same paced load, in paired rounds: an A/B of builds
// or settings that contention on a shared machine moves less than it moves throughput. Each server
// is a Node script run with the API's variables (HOST, PORT, HAZELCAST_CLUSTER_MEMBERS) on a
// 127.0.77.x address of its own, beside one member; each round measures them one after the other,
// in reverse order every other round. Usage (copy a build's dist/apps/api aside to compare it):
//
//   node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON test/bench/cpu-ab.ts [--rounds=10] [--rate=1500]
//     [--operation=get] NAME=SCRIPT[|VAR=value;VAR=value] ...
//   e.g. minimal=test/bench/minimal-nest-server.ts api=dist/apps/api/main.js 'quiet=dist/apps/api/main.js|REQUEST_LOG=errors'
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, type OwnedProcess } from '../../tools/pod-runtime/child-process.ts';
import { defaultMemberConfig, startMember } from '../../tools/pod-runtime/member-process.ts';
import { repoRoot } from '../../tools/pod-runtime/paths.ts';
import { httpStatus, waitFor } from '../../tools/pod-runtime/wait.ts';
import type { LoadSpec } from './load-worker.ts';
import { median } from './report.ts';
import { cpuSeconds } from './stats.ts';
import type { Operation } from './workload.ts';

const nodeArgs = ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'];
const workDir = join(repoRoot, 'tmp', 'cpu-ab');
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const host = (last: number) => `127.0.77.${last}`;
const MEMBER = { host: host(1), port: 5701 };

interface Server {
  name: string;
  url: string;
  process: OwnedProcess;
}

const option = (argv: string[], name: string, fallback: string) =>
  argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;

/** NAME=SCRIPT[|VAR=value;VAR=value], started on its own address. */
function startServer(spec: string, index: number): Server {
  const name = spec.slice(0, spec.indexOf('='));
  const [script, variables = ''] = spec.slice(spec.indexOf('=') + 1).split('|');
  const env = Object.fromEntries(
    variables
      .split(';')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const address = host(index + 1);
  const process_ = startProcess(name, process.execPath, [...nodeArgs, script], {
    env: { ...process.env, HOST: address, PORT: '5000', LOG_LEVEL: 'log', HAZELCAST_CLUSTER_MEMBERS: `${MEMBER.host}:${MEMBER.port}`, ...env },
    logFile: join(workDir, `${name}.log`),
  });
  return { name, url: `http://${address}:5000`, process: process_ };
}

let loads = 0;
/** One run of the load worker; resolves with the requests it had answered, warm-up included. */
async function load(url: string, operation: Operation, rate: number | undefined): Promise<number> {
  const out = join(workDir, `load-${++loads}.json`);
  const spec: LoadSpec = { url, target: 'api', operation, keys: 1_000, valueBytes: 100, connections: 64, rate, warmupSeconds: 1, durationSeconds: 5, out };
  const worker = startProcess(`load-${loads}`, process.execPath, [...nodeArgs, join(repoRoot, 'test', 'bench', 'load-worker.ts'), JSON.stringify(spec)], {
    env: process.env,
    logFile: join(workDir, `load-${loads}.log`),
  });
  if ((await worker.exited) !== 0) throw new Error(`load worker failed:\n${worker.log()}`);
  const { requests } = JSON.parse(readFileSync(out, 'utf8')) as { requests: number };
  // The paced warm-up second is answered by the same process: its requests count too.
  return requests + (rate ?? 0);
}

const processCpu = (pid: number) => cpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'), CLOCK_TICKS);

async function main(argv: string[]): Promise<void> {
  const rounds = Number(option(argv, 'rounds', '10'));
  const rate = Number(option(argv, 'rate', '1500'));
  const operation = option(argv, 'operation', 'get') as Operation;
  const specs = argv.filter((arg) => !arg.startsWith('--'));
  if (specs.length === 0) throw new Error('name at least one server: NAME=SCRIPT[|VAR=value;...]');
  rmSync(workDir, { recursive: true, force: true });
  const member = startMember({ name: 'cpu-ab-member', self: MEMBER, config: defaultMemberConfig(), workDir, javaOptions: ['-Xms512m', '-Xmx1g'] });
  const servers: Server[] = [];
  try {
    await member.ready();
    servers.push(...specs.map(startServer));
    for (const server of servers) {
      await waitFor(server.name, async () => (await httpStatus(`${server.url}/health/ready`)) === 200, { timeoutMs: 60_000 });
      // Unmeasured, as fast as it answers: the JIT and the member warm for every server alike.
      await load(server.url, operation, undefined);
    }
    const perRequest = new Map<string, number[]>(servers.map((server) => [server.name, []]));
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? servers : [...servers].reverse();
      const cells: string[] = [];
      for (const server of order) {
        const before = processCpu(server.process.pid);
        const requests = await load(server.url, operation, rate);
        const micros = ((processCpu(server.process.pid) - before) * 1e6) / requests;
        perRequest.get(server.name)?.push(micros);
        cells.push(`${server.name} ${micros.toFixed(0)} µs`);
      }
      console.log(`round ${round}: ${cells.join(', ')}`);
    }
    for (const [name, values] of perRequest) console.log(`${name}: median ${median(values).toFixed(1)} µs of CPU per /${operation} at ${rate} req/s`);
  } finally {
    await Promise.all([...servers.map((server) => server.process.kill()), member.stop(10_000)]);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`cpu-ab failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
