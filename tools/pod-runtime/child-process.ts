// A child process that a test or the Pod runner owns: its output goes to a log file, and every
// process still running when the parent exits is killed, so a failed test never leaves a member behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

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
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  { env, logFile, echoPrefix }: { env: NodeJS.ProcessEnv; logFile: string; echoPrefix?: string },
): OwnedProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  };
}
