// Pods for the tests, wired from the chart itself: helm renders it, the runner starts each Pod's
// containers as processes on a loopback address prefix of the test's own.
import { renderChart, type RenderOptions } from '../../tools/pod-runtime/chart.ts';
import { memoryCgroupsAvailable } from '../../tools/pod-runtime/memory-cgroup.ts';
import type { LocalPod } from '../../tools/pod-runtime/pod.ts';
import { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import { podTemplateFrom } from '../../tools/pod-runtime/rendered-pod.ts';
import { newWorkDir } from '../support/sidecar.ts';

// Every container runs under its rendered memory limit, enforced by the kernel as in a cluster,
// where the machine allows it; memory-limits.spec.ts fails where it does not.
export async function podSetFromChart(name: string, addressPrefix: string, render: RenderOptions = {}) {
  const template = podTemplateFrom(await renderChart(render));
  return new LocalPodSet(template, { addressPrefix, workDir: newWorkDir(name), enforceMemoryLimits: memoryCgroupsAvailable() });
}

/** Runs `task` over 0..count-1 with `concurrency` requests in flight. */
export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export const keyOf = (i: number) => `key-${i}`;
export const valueOf = (i: number) => `value-${i}-${'x'.repeat(32)}`;

/** Writes `count` keys through the REST API, spread over the Pods; returns how many were acknowledged. */
export async function writeKeys(pods: LocalPod[], map: string, count: number): Promise<number> {
  let acknowledged = 0;
  await inParallel(count, 32, async (i) => {
    const response = await fetch(`${pods[i % pods.length].appUrl}/maps/${map}/entries/${keyOf(i)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: valueOf(i) }),
    });
    if (response.status === 200) acknowledged++;
    await response.arrayBuffer();
  });
  return acknowledged;
}

/** Reads every key back through the given Pods; returns the keys that are missing or wrong. */
export async function missingKeys(pods: LocalPod[], map: string, count: number): Promise<string[]> {
  const missing: string[] = [];
  await inParallel(count, 32, async (i) => {
    const response = await fetch(`${pods[i % pods.length].appUrl}/maps/${map}/entries/${keyOf(i)}`);
    const body = response.status === 200 ? ((await response.json()) as { value: string }) : undefined;
    if (body?.value !== valueOf(i)) missing.push(keyOf(i));
  });
  return missing;
}

export const seconds = (since: number) => Number(((Date.now() - since) / 1000).toFixed(1));
