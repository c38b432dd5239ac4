// A container's memory limit, enforced by the kernel as the kubelet has it enforced: one child
// cgroup (v1 memory controller) per container under this session's own, its limit the rendered
// resources.limits.memory, swap included (Kubernetes runs without swap). The JVM and Node read
// that limit as they would in a container, and a process over it is killed by the kernel.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MEMORY_ROOT = '/sys/fs/cgroup/memory';

export interface MemoryUsage {
  limitBytes: number;
  /** The most the cgroup was ever charged (memory.max_usage_in_bytes: RSS and page cache). */
  maxUsageBytes: number;
  /** How often the limit was hit (memory.failcnt); the kernel reclaims cache first. */
  failcnt: number;
  /** Processes the kernel's OOM killer killed in this cgroup. */
  oomKills: number;
}

export interface MemoryCgroup {
  readonly path: string;
  readonly limitBytes: number;
  /** The command and arguments that start `command` inside the cgroup, before it allocates anything. */
  wrap(command: string, args: string[]): [string, string[]];
  usage(): MemoryUsage;
  /** Removes the cgroup once its processes are gone. */
  remove(): void;
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL_SUFFIXES: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** Bytes of a Kubernetes memory quantity: 768Mi, 1Gi, 500M, 134217728, 1e9. */
export function quantityToBytes(quantity: string | number): number {
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity).trim());
  if (!match) throw new Error(`"${quantity}" is not a Kubernetes memory quantity`);
  const unit = match[2] ?? '';
  return Math.ceil(Number(match[1]) * (BINARY_SUFFIXES[unit] ?? DECIMAL_SUFFIXES[unit]));
}

/** This process's memory cgroup directory, from /proc/self/cgroup (cgroup v1). */
export function sessionMemoryCgroup(): string | undefined {
  if (!existsSync('/proc/self/cgroup')) return undefined;
  const line = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[1]?.split(',').includes('memory'));
  const path = line ? join(MEMORY_ROOT, line.split(':')[2]) : undefined;
  return path && existsSync(join(path, 'memory.limit_in_bytes')) ? path : undefined;
}

/** Whether limits can be enforced here: a cgroup v1 memory controller we may create children in. */
export function memoryCgroupsAvailable(): boolean {
  const parent = sessionMemoryCgroup();
  if (!parent) return false;
  const probe = join(parent, `pod-runtime-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

const readNumber = (path: string) => Number(readFileSync(path, 'utf8').trim());

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the empty cgroups that runs killed before their clean-up left behind. */
function removeStaleCgroups(parent: string): void {
  for (const entry of readdirSync(parent)) {
    const owner = /^pod-runtime-(\d+)-/.exec(entry)?.[1];
    if (!owner || isAlive(Number(owner))) continue;
    try {
      rmdirSync(join(parent, entry));
    } catch {
      // Still has processes: a later run removes it.
    }
  }
}

export function createMemoryCgroup(name: string, limitBytes: number): MemoryCgroup {
  const parent = sessionMemoryCgroup();
  if (!parent) throw new Error('no cgroup v1 memory controller here: memory limits cannot be enforced');
  removeStaleCgroups(parent);
  const path = join(parent, `pod-runtime-${process.pid}-${name.replace(/[^\w.-]/g, '_')}`);
  if (existsSync(path)) rmdirSync(path);
  mkdirSync(path);
  writeFileSync(join(path, 'memory.limit_in_bytes'), String(limitBytes));
  // memsw (memory + swap) must not be below the memory limit, so it is set after it.
  const memsw = join(path, 'memory.memsw.limit_in_bytes');
  if (existsSync(memsw)) writeFileSync(memsw, String(limitBytes));
  const file = (name: string) => join(path, name);

  return {
    path,
    limitBytes,
    // The shell puts itself into the cgroup, then becomes the command (same pid): nothing of the
    // command's runs outside the limit, and signals reach it directly.
    wrap: (command, args) => ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', file('cgroup.procs'), command, ...args]],
    usage() {
      const oomControl = readFileSync(file('memory.oom_control'), 'utf8');
      return {
        limitBytes: readNumber(file('memory.limit_in_bytes')),
        maxUsageBytes: readNumber(file('memory.max_usage_in_bytes')),
        failcnt: readNumber(file('memory.failcnt')),
        oomKills: Number(/^oom_kill (\d+)$/m.exec(oomControl)?.[1] ?? 0),
      };
    },
    remove() {
      try {
        rmdirSync(path);
      } catch {
        // Not empty yet or already gone: the next run's clean-up removes it.
      }
    },
  };
}
