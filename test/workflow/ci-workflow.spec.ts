import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cacheDir, pinnedVersion, repoRoot } from '../../tools/pod-runtime/paths.ts';

// The users' workflow cannot run here (no GitHub runner, no Docker): actionlint checks its syntax
// (scripts/chart/lint.sh), and this checks what made it fail for users before, against the
// versions the tests here use and against kind's own source.
type Step = { uses?: string; run?: string; with?: Record<string, string | number> };
const workflow = parse(readFileSync(join(repoRoot, '.github', 'workflows', 'ci.yaml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const action = (name: string) => steps.filter((step) => step.uses?.startsWith(`${name}@`));
const one = (name: string) => {
  const found = action(name);
  if (found.length !== 1) throw new Error(`expected one step using ${name}, found ${found.length}`);
  return found[0];
};
const bare = (version: string) => version.replace(/^v/, '');

describe("the users' GitHub workflow", () => {
  it('caches Maven only where there is a pom.xml (setup-java fails otherwise)', () => {
    const mavenCaches = action('actions/setup-java').filter((step) => step.with?.cache === 'maven');
    expect(mavenCaches.length === 0 || existsSync(join(repoRoot, 'pom.xml'))).toBe(true);
  });

  it('pins every third-party action by commit, and chart-testing and kind above all', () => {
    for (const step of steps.filter((candidate) => candidate.uses && !candidate.uses.startsWith('azure/'))) {
      expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
    }
    expect(one('helm/chart-testing-action').uses).toMatch(/@[0-9a-f]{40}$/);
    expect(one('helm/kind-action').uses).toMatch(/@[0-9a-f]{40}$/);
  });

  it('runs chart-testing, yamllint and yamale at the versions the tests use', () => {
    expect(one('helm/chart-testing-action').with).toEqual({
      version: bare(pinnedVersion('CT_VERSION')),
      yamllint_version: pinnedVersion('YAMLLINT_VERSION'),
      yamale_version: pinnedVersion('YAMALE_VERSION'),
    });
    expect(one('azure/setup-helm').with?.version).toBe(pinnedVersion('HELM_VERSION'));
  });

  it('installs into the node image its kind release was made for, pinned by digest', () => {
    const kind = one('helm/kind-action').with ?? {};
    const kindVersion = pinnedVersion('KIND_VERSION');
    expect(kind.version).toBe(kindVersion);
    // kind's default node image, from its source at that version (fetched by scripts/setup/tools.sh).
    const source = readFileSync(join(cacheDir, 'tools', 'kind', kindVersion, 'image.go'), 'utf8');
    const madeFor = /const Image = "([^"]+)"/.exec(source)?.[1];
    expect(madeFor).toMatch(/^kindest\/node:v[\d.]+@sha256:[0-9a-f]{64}$/);
    expect(kind.node_image).toBe(madeFor);
  });

  it('tests the upgrade from the previous chart version in ct install, with the history it needs', () => {
    const install = steps.find((step) => step.run?.startsWith('ct install'));
    expect(install?.run?.split(/\s+/)).toEqual(expect.arrayContaining(['--config', 'ct.yaml', '--upgrade']));
    for (const checkout of action('actions/checkout')) expect(checkout.with?.['fetch-depth']).toBe(0);
  });
});
