// The local control plane as the tests and `npm run cluster` use it: the pinned version, RBAC and
// the Node authorizer on, and nothing left behind once it stops.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { builtVersions } from '../../tools/cluster/control-plane/binaries.ts';
import { kubectl } from './cluster-fixture.ts';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the local control plane', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await startControlPlane();
    console.log(`control plane ready in ${plane.startMs} ms`);
  }, 180_000);
  afterAll(() => plane?.stop());

  it('answers kubectl version with the version the binaries were built and stamped with', async () => {
    const result = await kubectl(plane, ['version', '-o', 'json']);
    expect(result.stderr).toBe('');
    const version = JSON.parse(result.stdout) as { serverVersion: { gitVersion: string; minor: string }; clientVersion: { gitVersion: string } };
    expect(version.serverVersion.gitVersion).toBe(builtVersions()['kubernetes']);
    expect(version.serverVersion.gitVersion).toBe('v1.34.4');
    expect(version.clientVersion.gitVersion).toBe('v1.34.4');
  });

  it('advertises the API server on the node link, not loopback, in the kubernetes EndpointSlice', async () => {
    const result = await kubectl(plane, ['get', 'endpointslice', 'kubernetes', '-o', 'jsonpath={.endpoints[0].addresses[0]}']);
    expect(result.stdout).toBe(plane.serviceHost);
    expect(plane.serviceHost).toMatch(/^10\.244\.255\./);
  });

  it('denies an unprivileged ServiceAccount what RBAC does not grant it', async () => {
    const token = await kubectl(plane, ['create', 'token', 'default', '--namespace', 'default']);
    expect(token.code).toBe(0);
    const asServiceAccount = ['--kubeconfig=/dev/null', `--server=${plane.server}`, `--certificate-authority=${plane.caCertPath}`, `--token=${token.stdout.trim()}`];
    const denied = await kubectl(plane, [...asServiceAccount, 'get', 'secrets', '--namespace', 'default']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('forbidden: User "system:serviceaccount:default:default" cannot list resource "secrets"');
    // The same token is accepted where RBAC does grant it (discovery), so the refusal above is RBAC's.
    const allowed = await kubectl(plane, [...asServiceAccount, 'get', '--raw', '/version']);
    expect(allowed.code).toBe(0);
  });

  it("gives the node agent credentials that register its own Node and no other's (Node authorizer, NodeRestriction)", async () => {
    const asNode = [`--kubeconfig=${plane.node.kubeconfigPath}`];
    const manifest = (name: string) => {
      const path = join(plane.dir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name } }));
      return path;
    };
    const own = await kubectl(plane, [...asNode, 'create', '-f', manifest(plane.node.name)]);
    expect(own.stderr).toBe('');
    const other = await kubectl(plane, [...asNode, 'create', '-f', manifest('some-other-node')]);
    expect(other.stderr).toContain('is forbidden');
    const secrets = await kubectl(plane, [...asNode, 'get', 'secrets', '--all-namespaces']);
    expect(secrets.stderr).toContain(`forbidden: User "system:node:${plane.node.name}" cannot list resource "secrets"`);
    expect((await kubectl(plane, ['delete', 'node', plane.node.name])).code).toBe(0);
  });

  it('leaves no process, network namespace, link or file behind once stopped', async () => {
    const pids = plane.components.map((component) => component.pid);
    expect(pids.every(isAlive)).toBe(true);
    await plane.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(plane.node.netns);
    expect(execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' })).not.toContain(`hzsc${plane.node.index}h`);
    expect(existsSync(plane.dir)).toBe(false);
  });
});
