import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { chartDir, repoRoot } from '../../tools/pod-runtime/paths.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { ofKind, only, render, type Manifest } from './rendered.ts';

// `helm upgrade` from the previous chart version patches the objects in place; the API server
// refuses a change to an immutable field, and a renamed StatefulSet or Service would be deleted
// and created anew (the Pods and the cluster's data with it).
const PREVIOUS_RELEASE = { commit: '579fe05', version: '0.1.0' };
const CHART_PATH = 'charts/hazelcast-sidecar';

function previousChart(): string {
  const dir = newWorkDir('previous-chart');
  const archive = execFileSync('git', ['archive', PREVIOUS_RELEASE.commit, CHART_PATH], { cwd: repoRoot, maxBuffer: 16 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  return join(dir, CHART_PATH);
}

const chartVersion = (dir: string) => (parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { version: string }).version;
const semver = (version: string) => version.split(/[.-]/).slice(0, 3).map(Number);
const byName = (manifests: Manifest[], kind: string) => new Map(ofKind(manifests, kind).map((object) => [object.metadata.name, object]));

/** The fields the API server will not change in place, or whose change replaces what runs. */
function immutable(manifests: Manifest[]) {
  const statefulSet = only(manifests, 'StatefulSet');
  const { selector, serviceName, volumeClaimTemplates, podManagementPolicy } = statefulSet.spec;
  return {
    statefulSet: { name: statefulSet.metadata.name, selector, serviceName, volumeClaimTemplates, podManagementPolicy },
    podLabels: statefulSet.spec.template.metadata.labels,
    services: [...byName(manifests, 'Service').values()].map((service) => ({
      name: service.metadata.name,
      clusterIP: service.spec.clusterIP ?? 'allocated',
      type: service.spec.type,
      selector: service.spec.selector,
    })),
    roleBindings: [...byName(manifests, 'RoleBinding').values()].map((binding) => ({ name: binding.metadata.name, roleRef: binding.roleRef })),
    disruptionBudgetSelectors: ofKind(manifests, 'PodDisruptionBudget').map((budget) => budget.spec.selector),
  };
}

describe(`helm upgrade from chart ${PREVIOUS_RELEASE.version} (${PREVIOUS_RELEASE.commit})`, () => {
  let previous: string;
  beforeAll(() => {
    previous = previousChart();
  });

  it('comes with a higher chart version, as chart-testing requires', () => {
    expect(chartVersion(previous)).toBe(PREVIOUS_RELEASE.version);
    const [current, before] = [semver(chartVersion(chartDir)), semver(chartVersion(previous))];
    const compare = current.map((part, i) => part - before[i]).find((difference) => difference !== 0) ?? 0;
    expect(compare).toBeGreaterThan(0);
  });

  it.each([[[]], [['ci/dns-discovery-values.yaml']], [['ci/classic-sidecar-values.yaml']]])(
    'changes no immutable field (values %j)',
    async (files) => {
      const options = { releaseName: 'orders', namespace: 'shop' };
      const before = await render({ ...options, chart: previous, valuesFiles: files.map((file) => join(previous, file)) });
      const after = await render({ ...options, valuesFiles: files.map((file) => join(chartDir, file)) });
      const [old, next] = [immutable(before), immutable(after)];
      expect(next.statefulSet).toEqual(old.statefulSet);
      // The selector must still match the Pods the new template makes.
      expect(next.podLabels).toMatchObject(old.statefulSet.selector.matchLabels);
      expect(next.services).toEqual(expect.arrayContaining(old.services));
      expect(next.roleBindings).toEqual(old.roleBindings);
      expect(next.disruptionBudgetSelectors).toEqual(old.disruptionBudgetSelectors);
    },
  );
});
