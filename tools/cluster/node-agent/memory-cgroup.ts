// A container's memory limit, enforced by the kernel: a child of the agent's own cgroup v1 memory
// cgroup per container run, so the OOM killer, memory.failcnt and the limit the JVM and Node read
// are all real. Removed once the container's processes are gone.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MEMORY_ROOT = '/sys/fs/cgroup/memory';

/** The agent's own memory cgroup (from /proc/self/cgroup), or undefined without a v1 memory controller. */
export function ownMemoryCgroup(procSelfCgroup = readFileSync('/proc/self/cgroup', 'utf8')): string | undefined {
  const line = procSelfCgroup.split('\n').find((entry) => entry.split(':')[1]?.split(',').includes('memory'));
  return line ? join(MEMORY_ROOT, line.split(':')[2]) : undefined;
}

export class MemoryCgroup {
  readonly procsFile: string;
  readonly dir: string;

  constructor(dir: string, limitBytes: number) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
    this.procsFile = join(dir, 'cgroup.procs');
  }

  pids(): number[] {
    try {
      return readFileSync(this.procsFile, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  killAll(): void {
    for (const pid of this.pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  /** The kernel's OOM killer killed a process of this cgroup (memory.oom_control's oom_kill count). */
  oomKilled(): boolean {
    try {
      const match = /^oom_kill (\d+)$/m.exec(readFileSync(join(this.dir, 'memory.oom_control'), 'utf8'));
      return Number(match?.[1] ?? 0) > 0;
    } catch {
      return false;
    }
  }

  /** rmdir fails while a process is still inside; the caller retries after killAll. */
  remove(): boolean {
    try {
      rmdirSync(this.dir);
      return true;
    } catch {
      return false;
    }
  }
}

/** Removes the empty cgroup folders of a Pod or of the agent, deepest first. */
export function removeCgroupTree(dir: string, children: string[]): void {
  for (const child of children) {
    try {
      rmdirSync(join(dir, child));
    } catch {
      // Not empty or gone.
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // Not empty or gone.
  }
}
