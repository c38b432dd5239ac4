import { launchScript } from './container-process.ts';

const process = { argv: ['java', '-version'], env: {}, workingDir: '/opt/it', imageUser: 0 };

describe('launchScript', () => {
  it('mounts the volumes, read-only ones remounted, then the root read-only, then execs the command as the given user', () => {
    const script = launchScript({
      hostname: 'demo-0',
      mounts: [
        { source: '/pods/u/etc-hosts', target: '/etc/hosts', readOnly: false },
        { source: "/pods/u/volumes/it's", target: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
      ],
      process,
      runAs: { uid: 65534, gid: 65534, groups: [65534] },
      noNewPrivileges: true,
      dropAllCapabilities: true,
      readOnlyRootFilesystem: true,
    });
    expect(script.split('\n')).toEqual([
      'set -e',
      "hostname 'demo-0'",
      "mount --bind '/pods/u/etc-hosts' '/etc/hosts'",
      `mount --bind '/pods/u/volumes/it'\\''s' '/var/run/secrets/kubernetes.io/serviceaccount'`,
      "mount -o remount,bind,ro '/var/run/secrets/kubernetes.io/serviceaccount'",
      'mount -o remount,bind,ro /',
      "cd '/opt/it'",
      'exec setpriv --reuid=65534 --regid=65534 --groups=65534 --no-new-privs --inh-caps=-all --bounding-set=-all --pdeathsig=KILL -- "$@"',
    ]);
  });

  it('runs as root with no user given, after joining the memory cgroup', () => {
    const script = launchScript({
      hostname: 'p',
      mounts: [],
      process,
      noNewPrivileges: false,
      dropAllCapabilities: false,
      cgroup: { procsFile: '/sys/fs/cgroup/memory/a/cgroup.procs' } as never,
    });
    expect(script).toContain("echo $$ > '/sys/fs/cgroup/memory/a/cgroup.procs'\ncd '/opt/it'\nexec setpriv --pdeathsig=KILL -- \"$@\"");
  });
});
