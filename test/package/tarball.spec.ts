import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type OwnedProcess } from '../../tools/pod-runtime/child-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { httpStatus, waitFor } from '../../tools/pod-runtime/wait.ts';
import { writeForeignValues } from '../support/foreign-values.ts';
import { newWorkDir, podAt, startPodMember, stopAll } from '../support/sidecar.ts';
import { buildConsumerApp, CONSUMER_APPS, packLibrary, type PackedLibrary } from './consumer-apps.ts';

// The library as users get it: packed, installed from its tarball into fresh NestJS 11 and 12 apps
// outside the workspace, run on Express and on Fastify against a real member.
const pod = podAt('127.0.2.12');
const workDir = newWorkDir('package');
// Outside the workspace, so that nothing resolves through its node_modules or path aliases.
const appsRoot = mkdtempSync(join(tmpdir(), 'nestjs-hazelcast-package-'));
const platforms = ['express', 'fastify'] as const;
const runs = CONSUMER_APPS.flatMap((app) => platforms.map((platform, index) => ({ app, platform, port: 6000 + 10 * app.nest + index })));

let library: PackedLibrary;
const entryPoints = new Map<number, string>();
const processes = new Map<string, OwnedProcess>();
let member: MemberProcess | undefined;

beforeAll(async () => {
  library = await packLibrary(appsRoot);
  console.log(`packed ${library.tarball}: ${library.size} bytes\n${library.files.join('\n')}`);
  const built = await Promise.all(CONSUMER_APPS.map((app) => buildConsumerApp(app, join(appsRoot, `nest-${app.nest}`), library)));
  CONSUMER_APPS.forEach((app, index) => entryPoints.set(app.nest, built[index]));
  member = startPodMember(pod, workDir);
  await member.ready();
  await writeForeignValues(pod, 'shared');
}, 600_000);

afterAll(async () => {
  await stopAll([...processes.values(), member]);
  rmSync(appsRoot, { recursive: true, force: true });
});

const urlOf = (port: number) => `http://${pod.host}:${port}`;

describe('the packed library', () => {
  it('holds only the built JavaScript and type declarations, the README, the LICENSE and package.json', () => {
    for (const file of library.files) expect(file).toMatch(/^(dist\/.+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/);
    expect(library.files).toEqual(
      expect.arrayContaining(['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/health.js', 'dist/health.d.ts']),
    );
  });

  it.each(runs)('NestJS $app.nest on $platform: ready, puts and gets through the member, a value it cannot read is a 500', async ({ app, platform, port }) => {
    const name = `nest-${app.nest}-${platform}`;
    const started = startProcess(name, process.execPath, [entryPoints.get(app.nest) ?? ''], {
      env: { ...process.env, NO_COLOR: '1', PLATFORM: platform, HOST: pod.host, PORT: String(port), HAZELCAST_MEMBER: `${pod.member.host}:${pod.member.port}` },
      logFile: join(workDir, `${name}.log`),
    });
    processes.set(name, started);
    const url = urlOf(port);
    await waitFor(`${name} to be ready`, async () => started.isRunning() && (await httpStatus(`${url}/health/ready`)) === 200, { timeoutMs: 60_000 });

    const put = await fetch(`${url}/maps/m/entries/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: platform }) });
    expect(put.status).toBe(200);
    expect(await (await fetch(`${url}/maps/m/entries/${name}`)).json()).toEqual({ value: platform });

    const unreadable = await fetch(`${url}/maps/shared/entries/portable`);
    expect(unreadable.status).toBe(500);
    expect(((await unreadable.json()) as { message: string }).message).toMatch(/\(HazelcastSerializationError: There is no suitable portable factory for 67/);
  });

  it('without its member, every app answers 503 with Retry-After and is not ready; the client logs through Nest', async () => {
    await member?.kill();
    for (const { app, platform, port } of runs) {
      const name = `nest-${app.nest}-${platform}`;
      await waitFor(`${name} to be not ready`, async () => (await httpStatus(`${urlOf(port)}/health/ready`)) === 503, { timeoutMs: 10_000 });
      const response = await fetch(`${urlOf(port)}/maps/m/entries/${name}`);
      expect({ name, status: response.status, retryAfter: response.headers.get('retry-after') }).toEqual({ name, status: 503, retryAfter: '1' });
    }
    for (const [name, started] of processes) {
      // Nest's default logger: the client's warnings are its lines, with their context.
      await waitFor(`${name} to log the client's warning`, async () => /WARN \[HazelcastClient\] /.test(started.log()), { timeoutMs: 10_000 });
      expect(started.log()).not.toMatch(/\[DefaultLogger\]/);
    }
  });

  it('shuts every app down on SIGTERM, its client included', async () => {
    for (const [name, started] of processes) {
      const exit = await started.stop(10_000);
      expect({ name, exit }).not.toEqual({ name, exit: 'SIGKILL' });
    }
  });
});
