import { STAGING_DIR, launchScript } from './container-process.ts';

const process = { argv: ['java', '-version'], env: {}, workingDir: '/opt/it', imageUser: 0 };
const quoted = (line: string) => [...line.matchAll(/'((?:[^']|'\\'')*)'/g)].map((match) => match[1]);

describe('launchScript', () => {
  it('stages the volumes, mounts them parents first, read-only ones remounted, then the root read-only, then execs the command as the given user', () => {
    const script = launchScript({
      hostname: 'demo-0',
      mounts: [
        { source: '/pods/u/etc-hosts', target: '/etc/hosts', readOnly: false },
        { source: "/pods/u/volumes/it's", target: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
        { source: '/pods/u/volumes/tmp', target: '/tmp', readOnly: false },
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
      `mount -t tmpfs -o mode=0700 node-agent-staging '${STAGING_DIR}'`,
      'bind() { if [ ! -e "$2" ] && [ -d "$1" ]; then mkdir -p "$2"; elif [ ! -e "$2" ]; then mkdir -p "$(dirname "$2")"; touch "$2"; fi; mount --bind "$1" "$2"; }',
      `bind '/pods/u/volumes/tmp' '${STAGING_DIR}/0'`,
      `bind '/pods/u/etc-hosts' '${STAGING_DIR}/1'`,
      `bind '/pods/u/volumes/it'\\''s' '${STAGING_DIR}/2'`,
      `bind '${STAGING_DIR}/0' '/tmp'`,
      `bind '${STAGING_DIR}/1' '/etc/hosts'`,
      `bind '${STAGING_DIR}/2' '/var/run/secrets/kubernetes.io/serviceaccount'`,
      "mount -o remount,bind,ro '/var/run/secrets/kubernetes.io/serviceaccount'",
      `umount -l '${STAGING_DIR}'`,
      'mount -o remount,bind,ro /',
      "cd '/opt/it'",
      'exec setpriv --reuid=65534 --regid=65534 --groups=65534 --no-new-privs --inh-caps=-all --bounding-set=-all --pdeathsig=KILL -- "$@"',
    ]);
  });

  it('reads no path under a target once that target is mounted: an emptyDir at /tmp does not hide sources under /tmp', () => {
    const pod = '/tmp/checkout/.cache/cluster/node-agent/pods/u';
    const script = launchScript({
      hostname: 'p',
      mounts: [
        { source: `${pod}/etc-hosts`, target: '/etc/hosts', readOnly: false },
        { source: `${pod}/volumes/tmp`, target: '/tmp', readOnly: false },
        { source: `${pod}/volumes/config`, target: '/data/hazelcast', readOnly: true },
      ],
      process,
      noNewPrivileges: false,
      dropAllCapabilities: false,
    });
    const mounted: string[] = [];
    const hidden: string[] = [];
    for (const line of script.split('\n').filter((step) => /^(bind|mount --bind) /.test(step))) {
      const [source, target] = quoted(line);
      if (mounted.some((covering) => source === covering || source.startsWith(`${covering}/`))) hidden.push(source);
      if (!target.startsWith(STAGING_DIR)) mounted.push(target);
    }
    expect({ mounted, hidden }).toEqual({ mounted: ['/tmp', '/etc/hosts', '/data/hazelcast'], hidden: [] });
  });

  it('runs as root with no user given, after joining the memory cgroup; no staging without mounts', () => {
    const script = launchScript({
      hostname: 'p',
      mounts: [],
      process,
      noNewPrivileges: false,
      dropAllCapabilities: false,
      cgroup: { procsFile: '/sys/fs/cgroup/memory/a/cgroup.procs' } as never,
    });
    expect(script).toBe("set -e\nhostname 'p'\necho $$ > '/sys/fs/cgroup/memory/a/cgroup.procs'\ncd '/opt/it'\nexec setpriv --pdeathsig=KILL -- \"$@\"");
  });
});
