// Helpers for reading rendered manifests in the chart tests.
import { renderChart, type RenderOptions } from '../../tools/pod-runtime/chart.ts';

export type Manifest = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
};

export const render = (options: RenderOptions = {}) => renderChart(options) as Promise<Manifest[]>;

export const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((manifest) => manifest.kind === kind);

export function only(manifests: Manifest[], kind: string): Manifest {
  const found = ofKind(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** The Pod spec of the StatefulSet, with the member and app containers wherever they sit. */
export function podOf(manifests: Manifest[]) {
  const pod = only(manifests, 'StatefulSet').spec.template.spec;
  const all = [...(pod.initContainers ?? []), ...pod.containers];
  const container = (name: string) => {
    const found = all.find((candidate: any) => candidate.name === name);
    if (!found) throw new Error(`no container ${name}`);
    return found;
  };
  return { pod, member: container('hazelcast'), app: container('app') };
}

export const envOf = (container: any): Record<string, string> =>
  Object.fromEntries((container.env ?? []).map((variable: any) => [variable.name, variable.value]));
