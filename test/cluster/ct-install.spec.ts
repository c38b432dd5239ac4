// chart-testing's own `ct install` against the local cluster: each ci/*-values.yaml installed with
// --wait and its `helm test` Pod run by the node agent (a value through the Service, every answer
// seeing all the members), so a chart whose Service reaches no Pod or whose members form no one
// cluster fails; and no container of any case may restart.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { V1Pod } from '@kubernetes/client-node';
import { kubernetesBinDir } from '../../tools/cluster/control-plane/binaries.ts';
import type { ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { chartDir, repoRoot, toolsBinDir } from '../../tools/pod-runtime/paths.ts';
import { seconds } from '../pods/pod-set-fixture.ts';
import { sampleUntilStopped } from '../support/sampler.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { getJson, startLocalCluster } from './cluster-fixture.ts';

const run = promisify(execFile);

async function ctInstall(plane: ControlPlane, chart: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(join(toolsBinDir, 'ct'), ['install', '--config', 'ct.yaml', '--charts', chart], {
      cwd: repoRoot,
      // ct runs the helm and kubectl it finds on PATH.
      env: { ...process.env, KUBECONFIG: plane.kubeconfigPath, PATH: `${toolsBinDir}:${kubernetesBinDir}:${process.env.PATH}` },
      timeout: 1_500_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return keptInLog({ code: 0, output: stdout + stderr });
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return keptInLog({ code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? String(error)}` });
  }
}

/** ct's whole output goes to a file (a failed expectation shows only its start). */
function keptInLog(result: { code: number; output: string }): { code: number; output: string } {
  const file = join(newWorkDir('ct-install'), 'ct.log');
  writeFileSync(file, result.output);
  console.log(`ct install exited with ${result.code}; its output: ${file}`);
  return result;
}

/**
 * Every container of ct's releases (namespaces named after the chart) with the most restarts it was
 * seen with, from `kubectl get pods -A` every 2 s until `stop()`: a crash lasts longer than that.
 */
function watchRestarts(plane: ControlPlane): { stop(): Promise<Map<string, number>> } {
  const restarts = new Map<string, number>();
  const sampler = sampleUntilStopped(async () => {
    // A kubectl that failed (a loaded API server) gives no sample rather than an empty one.
    const pods = await getJson<{ items: V1Pod[] }>(plane, ['pods', '--all-namespaces']).catch(() => undefined);
    for (const pod of pods?.items ?? []) {
      if (!pod.metadata?.namespace?.startsWith('hazelcast-sidecar-')) continue;
      // The member is an init container when it runs as a native sidecar.
      for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
        const key = `${pod.metadata.namespace}/${pod.metadata.name}/${status.name}`;
        restarts.set(key, Math.max(restarts.get(key) ?? 0, status.restartCount));
      }
    }
  }, 2_000);
  return { stop: () => sampler.stop().then(() => restarts) };
}

describe('ct install on the local cluster', () => {
  let plane: ControlPlane;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ plane, stop } = await startLocalCluster());
  }, 300_000);
  afterAll(() => stop?.());

  it('installs the chart with every ci values file and passes its helm test, no container restarting', async () => {
    const started = Date.now();
    const watcher = watchRestarts(plane);
    const result = await ctInstall(plane, 'charts/hazelcast-sidecar');
    const restarts = await watcher.stop();
    console.log(`ct install: ${seconds(started)} s`);
    expect(result.output).toContain('All charts installed successfully');
    expect(result.code).toBe(0);
    const cases = readdirSync(join(chartDir, 'ci')).filter((file) => file.endsWith('-values.yaml'));
    expect(result.output.match(/Phase:\s+Succeeded/g)?.length).toBe(cases.length);
    // The watch saw every case's Pods, and none of their containers restarted.
    expect(new Set([...restarts.keys()].map((key) => key.split('/')[0])).size).toBe(cases.length);
    expect([...restarts].filter(([, count]) => count > 0)).toEqual([]);
  }, 1_800_000);

  it('fails when the Service selects no Pod, because helm test cannot reach the app', async () => {
    const broken = join(repoRoot, 'tmp', 'ct-broken-selector', 'hazelcast-sidecar');
    rmSync(broken, { recursive: true, force: true });
    mkdirSync(broken, { recursive: true });
    cpSync(chartDir, broken, { recursive: true });
    // Only the default case: the test is about the Service, not the values.
    for (const file of ['classic-sidecar-values.yaml', 'dns-discovery-values.yaml', 'network-policy-values.yaml']) rmSync(join(broken, 'ci', file));
    const service = join(broken, 'templates', 'service.yaml');
    const text = readFileSync(service, 'utf8');
    const selector = /selector:\n(\s+)\{\{-? include "hazelcast-sidecar\.appSelectorLabels" \. \| nindent \d+ \}\}/;
    expect(text).toMatch(selector);
    writeFileSync(service, text.replace(selector, 'selector:\n$1app.kubernetes.io/name: no-such-pod'));
    const result = await ctInstall(plane, 'tmp/ct-broken-selector/hazelcast-sidecar');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Phase:\s+Failed/);
  }, 1_800_000);
});
