import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { startMember, type MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { cacheDir, repoRoot } from '../../tools/pod-runtime/paths.ts';
import { newWorkDir, stopAll } from '../support/sidecar.ts';

// No container engine runs here: the compose file is checked against the Compose Specification's
// schema, for the Pod shape it promises, and its member settings are given to real members.
const composeFile = join(repoRoot, 'docker-compose.yml');
type Service = {
  image?: string;
  build?: string;
  network_mode?: string;
  ports?: string[];
  environment?: Record<string, string>;
  mem_limit?: string;
};
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const members = Object.keys(services).filter((name) => services[name].image?.startsWith('hazelcast/hazelcast:'));
const apps = Object.keys(services).filter((name) => services[name].build === '.');

async function validateCompose(file: string) {
  const python = join(cacheDir, 'tools', 'venv', 'bin', 'python');
  const script = join(repoRoot, 'scripts', 'compose', 'validate.py');
  const schema = join(cacheDir, 'tools', 'schemas', 'compose-spec.json');
  return promisify(execFile)(python, [script, schema, file]).then(
    ({ stdout }) => ({ valid: true, output: stdout.trim() }),
    (failure: { stderr: string }) => ({ valid: false, output: failure.stderr }),
  );
}

describe('docker-compose.yml', () => {
  it('is valid by the Compose Specification schema, which rejects a misspelt field', async () => {
    expect(await validateCompose(composeFile)).toEqual({ valid: true, output: '4' });
    const misspelt = join(newWorkDir('compose'), 'docker-compose.yml');
    writeFileSync(misspelt, readFileSync(composeFile, 'utf8').replace('network_mode:', 'network_mod:'));
    const result = await validateCompose(misspelt);
    expect(result.valid).toBe(false);
    expect(result.output).toContain("'network_mod'");
  });

  it("runs two Pods, each an app from the Dockerfile in its member's network namespace", () => {
    expect(members).toEqual(['hazelcast-0', 'hazelcast-1']);
    expect(apps.map((app) => services[app].network_mode)).toEqual(['service:hazelcast-0', 'service:hazelcast-1']);
    // The app's client uses its default member, 127.0.0.1:5701: the Pod's own.
    for (const app of apps) expect(services[app].environment?.HAZELCAST_CLUSTER_MEMBERS).toBeUndefined();
  });

  it("publishes each Pod's app port to the laptop's loopback only, and never the member's 5701", () => {
    const published = members.flatMap((member) => services[member].ports ?? []);
    expect(published).toContain('127.0.0.1:5000:5000');
    expect(published).toContain('127.0.0.1:5001:5000');
    for (const port of published) {
      expect(port).toMatch(/^127\.0\.0\.1:/);
      expect(port).not.toMatch(/:5701$/);
    }
  });
});

// Compose's byte units are binary: 768m is 768 MiB.
const UNITS: Record<string, number> = { b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };
function composeBytes(limit: string | undefined): number {
  const match = /^(\d+)([bkmg])$/i.exec(limit ?? '');
  if (!match) throw new Error(`mem_limit "${limit}" is not a compose byte value`);
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}

describe("the compose members' settings on real members", () => {
  const hosts = ['127.0.9.1', '127.0.9.2'];
  let started: MemberProcess[] = [];
  afterAll(() => stopAll(started));

  it('form one cluster of 2 with the health endpoints on, only the member list replaced', async () => {
    const workDir = newWorkDir('compose-members');
    const peers = hosts.map((host) => ({ host, port: 5701 }));
    started = members.map((name, i) => {
      const { JAVA_OPTS = '', ...environment } = services[name].environment ?? {};
      return startMember({
        name,
        self: peers[i],
        peers,
        // Nothing but the join from the file: every other setting comes from the compose environment.
        config: { hazelcast: {} },
        workDir,
        javaOptions: JAVA_OPTS.split(/\s+/).filter(Boolean),
        // The container's memory limit, enforced as Docker does (a memory cgroup).
        memoryLimitBytes: composeBytes(services[name].mem_limit),
        // The names hazelcast-0 and hazelcast-1 resolve only on the compose network.
        env: { ...environment, HZ_NETWORK_JOIN_TCPIP_MEMBERS: hosts.join(',') },
      });
    });
    await Promise.all(started.map((member) => member.ready()));
    expect(await Promise.all(started.map((member) => member.clusterSize()))).toEqual([2, 2]);
  });

  it('cap the heap at half the container limit, leaving a quarter of it free with the heap resident', async () => {
    expect(started).toHaveLength(2);
    for (const member of started) {
      const { stdout } = await promisify(execFile)('jcmd', [String(member.pid), 'VM.flags']);
      const maxHeap = Number(/-XX:MaxHeapSize=(\d+)/.exec(stdout)?.[1]);
      const usage = member.memoryUsage();
      expect(usage?.limitBytes).toBeDefined();
      expect(maxHeap).toBe((usage?.limitBytes ?? 0) / 2);
      expect(member.peakRssBytes()).toBeLessThanOrEqual(0.75 * (usage?.limitBytes ?? 0));
    }
  });
});
