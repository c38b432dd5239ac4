// Renders the chart with the pinned helm from .cache/tools/bin, offline (`helm template`), and
// parses every document: what the chart tests assert on and what the local Pod runner runs.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { chartDir, kubernetesVersion, toolsBinDir } from './paths.ts';

export const helmBinary = join(toolsBinDir, 'helm');

export interface RenderOptions {
  /** The chart's directory; this repository's chart by default. */
  chart?: string;
  releaseName?: string;
  namespace?: string;
  /** Values files, relative to the repository root or absolute. */
  valuesFiles?: string[];
  /** --set key=value pairs. */
  set?: Record<string, string | number | boolean>;
  /** The cluster version `.Capabilities.KubeVersion` reports, e.g. 1.28.0; the pinned one by default. */
  kubeVersion?: string;
  /** Render only these templates (--show-only). */
  showOnly?: string[];
}

export function helmTemplateArgs(options: RenderOptions = {}): string[] {
  return [
    'template',
    options.releaseName ?? 'demo',
    options.chart ?? chartDir,
    '--namespace',
    options.namespace ?? 'default',
    '--kube-version',
    options.kubeVersion ?? kubernetesVersion,
    ...(options.valuesFiles ?? []).flatMap((file) => ['--values', file]),
    ...Object.entries(options.set ?? {}).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
    ...(options.showOnly ?? []).flatMap((template) => ['--show-only', template]),
  ];
}

/** The rendered objects; rejects with helm's own message when the chart refuses the values. */
export async function renderChart(options: RenderOptions = {}): Promise<any[]> {
  const { stdout } = await promisify(execFile)(helmBinary, helmTemplateArgs(options), { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((document) => document.toJS())
    .filter((object) => object !== null);
}
