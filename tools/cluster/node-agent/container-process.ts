// Starts one container's process as a container runtime would: in its Pod's network namespace, in a
// private mount namespace where its volumes are bind-mounted at their mount paths, with the Pod's
// hostname, in a memory cgroup of its own, as its securityContext's user. The process it starts
// becomes the container's main process (each step execs the next).
import { spawn } from 'node:child_process';
import { closeSync, openSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ContainerProcess } from './images.ts';
import type { MemoryCgroup } from './memory-cgroup.ts';

export interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}

export interface RunAs {
  uid: number;
  gid: number;
  groups: number[];
}

export interface LaunchSpec {
  netns: string;
  hostname: string;
  mounts: Mount[];
  process: ContainerProcess;
  runAs?: RunAs;
  noNewPrivileges: boolean;
  dropAllCapabilities: boolean;
  /** The machine's root, which stands in for the image's, made read-only for this container alone. */
  readOnlyRootFilesystem?: boolean;
  cgroup?: MemoryCgroup;
  logFile: string;
}

export interface Exit {
  exitCode: number;
  signal?: number;
  oomKilled: boolean;
}

export interface RunningProcess {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  isRunning(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL to every process of the container, not only its main one. */
  killAll(): void;
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Where every volume's source is bound before any is mounted, so a mount path that covers a source (an
 * emptyDir at /tmp, the checkout under /tmp) hides nothing; outside mount paths as /var/lib/kubelet is.
 */
export const STAGING_DIR = '/var/lib/node-agent/staging';

const depth = (path: string) => path.split('/').filter(Boolean).length;

/** The shell steps run inside the new namespaces, before exec of the container's own command ("$@"). */
export function launchScript(spec: Omit<LaunchSpec, 'logFile' | 'netns'>): string {
  const lines = ['set -e', `hostname ${quote(spec.hostname)}`];
  // Parents before children, as containerd orders a container's mounts, so none hides another.
  const mounts = [...spec.mounts].sort((a, b) => depth(a.target) - depth(b.target));
  const staged = mounts.map((mount, index) => ({ ...mount, source: `${STAGING_DIR}/${index}` }));
  if (mounts.length > 0) {
    // A tmpfs of this mount namespace holds a bind of every source, reachable whatever the targets cover.
    lines.push(`mount -t tmpfs -o mode=0700 node-agent-staging ${quote(STAGING_DIR)}`);
    // A missing mount point is made as runc makes it: in what is mounted above it (a volume or the staging tmpfs).
    lines.push('bind() { if [ ! -e "$2" ] && [ -d "$1" ]; then mkdir -p "$2"; elif [ ! -e "$2" ]; then mkdir -p "$(dirname "$2")"; touch "$2"; fi; mount --bind "$1" "$2"; }');
    mounts.forEach((mount, index) => lines.push(`bind ${quote(mount.source)} ${quote(staged[index].source)}`));
  }
  for (const mount of staged) {
    lines.push(`bind ${quote(mount.source)} ${quote(mount.target)}`);
    if (mount.readOnly) lines.push(`mount -o remount,bind,ro ${quote(mount.target)}`);
  }
  if (mounts.length > 0) lines.push(`umount -l ${quote(STAGING_DIR)}`);
  // A bind remount changes this mount namespace's copy of / only. After the volumes: a bind mount
  // takes the read-only flag of the mount its source sits on, and the volumes stay writable.
  if (spec.readOnlyRootFilesystem) lines.push('mount -o remount,bind,ro /');
  if (spec.cgroup) lines.push(`echo $$ > ${quote(spec.cgroup.procsFile)}`);
  lines.push(`cd ${quote(spec.process.workingDir)}`);
  const user = spec.runAs
    ? [
        `--reuid=${spec.runAs.uid}`,
        `--regid=${spec.runAs.gid}`,
        spec.runAs.groups.length > 0 ? `--groups=${spec.runAs.groups.join(',')}` : '--clear-groups',
      ]
    : [];
  const options = [
    ...user,
    ...(spec.noNewPrivileges ? ['--no-new-privs'] : []),
    ...(spec.dropAllCapabilities ? ['--inh-caps=-all', '--bounding-set=-all'] : []),
    // Set after the user change (which clears it): the container's process dies with the agent
    // even when the agent is SIGKILLed and cannot stop it.
    '--pdeathsig=KILL',
  ];
  lines.push(`exec setpriv ${options.join(' ')} -- "$@"`);
  return lines.join('\n');
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };

export function launchContainer(spec: LaunchSpec): RunningProcess {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  // nsenter, not `ip netns exec`: the latter remounts /sys, which would hide the memory cgroup
  // that the JVM and Node read their limit from.
  const child = spawn(
    'nsenter',
    [
      `--net=/run/netns/${spec.netns}`,
      '--',
      'unshare',
      '--mount',
      '--uts',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      launchScript(spec),
      'sh',
      ...spec.process.argv,
    ],
    { env: spec.process.env, detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let running = true;
  const pid = child.pid ?? -1;
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is gone.
    }
    spec.cgroup?.killAll();
  };
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      // A container ends with its main process: what it left running goes too.
      killGroup();
      const signalNumber = signal ? (SIGNALS[signal] ?? 0) : undefined;
      resolve({
        exitCode: code ?? 128 + (signalNumber ?? 0),
        signal: signalNumber,
        oomKilled: spec.cgroup?.oomKilled() ?? false,
      });
    });
    child.once('error', () => {
      running = false;
      resolve({ exitCode: 128, oomKilled: false });
    });
  });
  return {
    pid,
    exited,
    isRunning: () => running,
    signal: (signal) => {
      if (running) child.kill(signal);
    },
    killAll: () => {
      if (running) child.kill('SIGKILL');
      killGroup();
    },
  };
}
