import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startApp, type AppProcess } from '../../tools/pod-runtime/app-process.ts';
import { podOf, render } from '../chart/rendered.ts';
import { newWorkDir } from '../support/sidecar.ts';

// No container engine runs here: the image is built by the users' workflow. What can be checked
// here is that the Dockerfile copies what exists, builds what the tests build, and runs as the
// user the chart expects.
const dockerfile = readFileSync('Dockerfile', 'utf8');
const instructions = dockerfile.split('\n').filter((line) => line && !line.startsWith('#'));

describe('the app image', () => {
  it('copies only files and folders that exist in the repository', () => {
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect([source, existsSync(source)]).toEqual([source, true]);
  });

  it('builds the api with Nx and runs the bundle on Node 24 LTS', () => {
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=24\.\d+\.\d+$/m);
    const pinnedNode = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> })
      .devDependencies.node;
    expect(dockerfile).toContain(`ARG NODE_VERSION=${pinnedNode}`);
    expect(dockerfile).toContain('npx nx run api:build');
    expect(instructions.at(-1)).toBe('CMD ["node", "main.js"]');
  });

  it("runs as the non-root user the chart's securityContext names (node, uid 1000)", async () => {
    expect(instructions.filter((line) => line.startsWith('USER '))).toEqual(['USER node']);
    const { app } = podOf(await render());
    expect(app.securityContext.runAsUser).toBe(1000);
  });

  describe('HEALTHCHECK', () => {
    // Docker runs a shell-form CMD with /bin/sh -c, in the container's environment.
    const healthcheck = instructions.find((line) => line.startsWith('HEALTHCHECK '))?.split(' CMD ')[1] ?? '';
    const check = (env: Record<string, string>) =>
      promisify(execFile)('/bin/sh', ['-c', healthcheck], { env: { PATH: process.env.PATH, ...env } }).then(
        () => 'healthy',
        () => 'unhealthy',
      );
    let app: AppProcess | undefined;
    afterAll(() => app?.stop());

    it('probes the port the app was configured with (PORT), not only the default', async () => {
      expect(healthcheck).not.toBe('');
      app = startApp({ name: 'healthcheck', host: '127.0.0.1', port: 5123, workDir: newWorkDir('healthcheck') });
      await app.waitForStatus('/health/live', 200);
      expect(await check({ PORT: '5123' })).toBe('healthy');
      expect(await check({ PORT: '5124' })).toBe('unhealthy');
    });
  });

  it('listens where the chart probes it', async () => {
    const { app } = podOf(await render());
    expect(dockerfile).toContain(`EXPOSE ${app.ports[0].containerPort}`);
    expect(dockerfile).toContain('/health/live');
  });
});
