// A control-plane component run as a child process that cannot outlive us: it leads its own process
// group (stop() signals the whole group), and setpriv gives it a parent-death signal, so even a
// SIGKILL of the Node process takes it down with it.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

export interface ComponentProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
  /** SIGTERM to the process group, SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<number | string>;
  /** SIGKILL to the process group, synchronously: for exit handlers. */
  killNow(): void;
  log(): string;
}

export function startComponent(
  name: string,
  command: string,
  args: readonly string[],
  { logFile, netns }: { logFile: string; netns?: string },
): ComponentProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const inNamespace = netns ? ['ip', 'netns', 'exec', netns] : [];
  const [program, ...programArgs] = ['setpriv', '--pdeathsig', 'KILL', '--', ...inNamespace, command, ...args];
  const child = spawn(program, programArgs, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      running = false;
      log.write(`failed to start: ${error.message}\n`);
      resolve('spawn-error');
    });
  });
  void exited.then(() => log.end());
  const pid = child.pid ?? -1;

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  return {
    name,
    pid,
    logFile,
    exited,
    isRunning: () => running,
    async stop(graceMs = 10_000) {
      if (!running) return exited;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL');
      return result;
    },
    killNow: () => signalGroup('SIGKILL'),
    log: () => readFileSync(logFile, 'utf8'),
  };
}
