import { existsSync, readFileSync } from 'node:fs';
import { podOf, render } from '../chart/rendered.ts';

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

  it('listens where the chart probes it', async () => {
    const { app } = podOf(await render());
    expect(dockerfile).toContain(`EXPOSE ${app.ports[0].containerPort}`);
    expect(dockerfile).toContain('/health/live');
  });
});
