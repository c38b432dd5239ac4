// A child process that a test or the Pod runner owns: its output goes to a log file, and every
// process still running when the parent exits is killed, so a failed test never leaves a member behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createMemoryCgroup, type MemoryUsage } from './memory-cgroup.ts';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Why a container stopped, as the kubelet reports it in the container's terminated state. */
export type TerminationReason = 'Completed' | 'Error' | 'OOMKilled';

export interface OwnedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL if it is still running after graceMs: what the kubelet does. */
  stop(graceMs?: number): Promise<number | string>;
  /** SIGKILL at once: a crash or an OOM kill. */
  kill(): Promise<number | string>;
  log(): string;
  /** Resolves once the process is gone, with the reason the kubelet would report. */
  readonly terminated: Promise<TerminationReason>;
  /** The memory cgroup's figures (the last ones once the process is gone); undefined without a limit. */
  memoryUsage(): MemoryUsage | undefined;
  /** The process's peak resident set (VmHWM) while it runs. */
  peakRssBytes(): number | undefined;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  {
    env,
    logFile,
    echoPrefix,
    memoryLimitBytes,
  }: { env: NodeJS.ProcessEnv; logFile: string; echoPrefix?: string; memoryLimitBytes?: number },
): OwnedProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const cgroup = memoryLimitBytes === undefined ? undefined : createMemoryCgroup(name, memoryLimitBytes);
  const [file, argv] = cgroup ? cgroup.wrap(command, args) : [command, args];
  const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  if (echoPrefix !== undefined) {
    // For runs in the foreground: each line also goes to our stdout, tagged with its process.
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`${echoPrefix}${line}`));
    }
  }
  running.add(child);
  let running_ = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running_ = false;
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      running_ = false;
      running.delete(child);
      log.write(`failed to start: ${error.message}\n`);
      resolve('spawn-error');
    });
  });
  exited.then(() => log.end());
  let finalUsage: MemoryUsage | undefined;
  const terminated = exited.then((result): TerminationReason => {
    try {
      finalUsage = cgroup?.usage();
    } catch {
      // The cgroup went away with its figures: nothing to report, nothing to remove.
    }
    cgroup?.remove();
    // The kubelet's OOMKilled: the kernel's OOM killer acted in the container's cgroup.
    if (finalUsage && finalUsage.oomKills > 0 && result === 'SIGKILL') return 'OOMKilled';
    return result === 0 ? 'Completed' : 'Error';
  });

  const signalAndWait = async (signal: NodeJS.Signals, graceMs: number) => {
    if (!running_) return exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    exited,
    isRunning: () => running_,
    stop: (graceMs = 30_000) => signalAndWait('SIGTERM', graceMs),
    kill: () => signalAndWait('SIGKILL', 0),
    log: () => readFileSync(logFile, 'utf8'),
    terminated,
    memoryUsage: () => (running_ ? cgroup?.usage() : finalUsage),
    peakRssBytes() {
      try {
        const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kib === undefined ? undefined : Number(kib) * 1024;
      } catch {
        return undefined;
      }
    },
  };
}
