// chart-testing's own `ct install` against the local cluster: each ci/*-values.yaml installed with
// --wait and its `helm test` Pod run by the node agent, so a chart whose Service reaches no Pod fails.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kubernetesBinDir } from '../../tools/cluster/control-plane/binaries.ts';
import type { ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { chartDir, repoRoot, toolsBinDir } from '../../tools/pod-runtime/paths.ts';
import { seconds } from '../pods/pod-set-fixture.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { startLocalCluster } from './cluster-fixture.ts';

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

describe('ct install on the local cluster', () => {
  let plane: ControlPlane;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ plane, stop } = await startLocalCluster());
  }, 300_000);
  afterAll(() => stop?.());

  it('installs the chart with every ci values file and passes its helm test', async () => {
    const started = Date.now();
    const result = await ctInstall(plane, 'charts/hazelcast-sidecar');
    console.log(`ct install: ${seconds(started)} s`);
    expect(result.output).toContain('All charts installed successfully');
    expect(result.code).toBe(0);
    expect(result.output.match(/Phase:\s+Succeeded/g)?.length).toBeGreaterThanOrEqual(4);
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
