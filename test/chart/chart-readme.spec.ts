import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { chartDir, hazelcastVersion, repoRoot } from '../../tools/pod-runtime/paths.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { ofKind, render } from './rendered.ts';

// What Artifact Hub and `helm show` present: the chart's README with its parameters table, and
// Chart.yaml's versions and annotations.
const generator = join(repoRoot, 'node_modules', '.bin', 'readme-generator');
const chartYaml = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));

describe("the chart's README", () => {
  it("has the parameters table readme-generator-for-helm makes from values.yaml's @param comments, up to date", async () => {
    const committed = join(chartDir, 'README.md');
    const regenerated = join(newWorkDir('chart-readme'), 'README.md');
    copyFileSync(committed, regenerated);
    await promisify(execFile)(generator, ['--values', join(chartDir, 'values.yaml'), '--readme', regenerated]);
    const table = (file: string) => readFileSync(file, 'utf8');
    expect(table(committed)).toContain('| `hazelcast.resources.limits.memory`');
    // Out of date: run `npx readme-generator -v charts/hazelcast-sidecar/values.yaml -r charts/hazelcast-sidecar/README.md`.
    expect(table(committed)).toBe(table(regenerated));
  });
});

describe('Chart.yaml', () => {
  it('names the Kubernetes versions it supports, and helm refuses older clusters', async () => {
    expect(chartYaml.kubeVersion).toBe('>=1.28.0-0');
    await expect(render({ kubeVersion: '1.27.0' })).rejects.toThrow('chart requires kubeVersion');
  });

  it('carries the Hazelcast version it runs, the one the tests run', () => {
    expect(chartYaml.annotations['hazelcast-sidecar/hazelcast-version']).toBe(hazelcastVersion);
    expect(values.hazelcast.image.tag).toBe(hazelcastVersion);
  });

  it("lists for Artifact Hub exactly the images a release runs, with the project's license and links", async () => {
    const listed = parse(chartYaml.annotations['artifacthub.io/images']).map((entry: { image: string }) => entry.image);
    const pods = ofKind(await render(), 'StatefulSet')
      .map((statefulSet) => statefulSet.spec.template.spec)
      .concat(ofKind(await render(), 'Pod').map((pod) => pod.spec));
    const rendered = pods.flatMap((pod) => [...(pod.initContainers ?? []), ...pod.containers].map((container: any) => container.image));
    expect([...listed].sort()).toEqual([...new Set(rendered)].sort());
    const license = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { license: string }).license;
    expect(chartYaml.annotations['artifacthub.io/license']).toBe(license);
    expect(parse(chartYaml.annotations['artifacthub.io/links']).map((link: { url: string }) => link.url)).toContain(chartYaml.home);
  });
});
