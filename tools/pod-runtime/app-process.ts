// Runs the built API (dist/apps/api/main.js) as a local process, configured only through its
// environment, exactly as the app container of the sidecar Pod is.
import { join } from 'node:path';
import { startProcess, type OwnedProcess } from './child-process.ts';
import { builtApiMain } from './paths.ts';
import { GiveUp, httpStatus, waitFor } from './wait.ts';

export interface AppOptions {
  name: string;
  host: string;
  port: number;
  /** The container's environment (HAZELCAST_CLUSTER_MEMBERS and the rest); HOST and PORT are set here. */
  env?: Record<string, string>;
  workDir: string;
  /** Also print the app's output, each line tagged with this prefix. */
  echoPrefix?: string;
  /** The container's memory limit, enforced by the kernel (see memory-cgroup.ts). */
  memoryLimitBytes?: number;
}

export interface AppProcess extends OwnedProcess {
  readonly url: string;
  /** Status of GET path, or undefined when nothing answers. */
  status(path: string): Promise<number | undefined>;
  /** Resolves once GET path answers `expected`. */
  waitForStatus(path: string, expected: number, timeoutMs?: number): Promise<void>;
}

export function startApp({ name, host, port, env = {}, workDir, echoPrefix, memoryLimitBytes }: AppOptions): AppProcess {
  const owned = startProcess(name, process.execPath, [builtApiMain], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, HOST: host, PORT: String(port) },
    logFile: join(workDir, `${name}.log`),
    echoPrefix,
    memoryLimitBytes,
  });
  const url = `http://${host}:${port}`;
  const status = (path: string) => httpStatus(`${url}${path}`);
  return {
    ...owned,
    url,
    status,
    async waitForStatus(path, expected, timeoutMs = 30_000) {
      await waitFor(
        `${name} ${path} to answer ${expected}`,
        async () => {
          if (!owned.isRunning()) throw new GiveUp(`app ${name} exited; log ${owned.logFile}`);
          return (await status(path)) === expected;
        },
        { timeoutMs, intervalMs: 100 },
      );
    },
  };
}
