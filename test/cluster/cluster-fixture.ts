// kubectl and Helm against a local control plane, as a user runs them: the real binaries with the
// cluster admin's kubeconfig.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binary } from '../../tools/cluster/control-plane/binaries.ts';
import { startControlPlane, type ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { startNodeAgent, type NodeAgent } from '../../tools/cluster/node-agent/agent.ts';
import { chartDir, toolsBinDir } from '../../tools/pod-runtime/paths.ts';

const run = promisify(execFile);

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runIn(plane: ControlPlane, command: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(command, args, {
      env: { ...process.env, KUBECONFIG: plane.kubeconfigPath, HELM_CACHE_HOME: join(plane.dir, 'helm') },
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

export const kubectl = (plane: ControlPlane, args: string[], timeoutMs = 60_000) => runIn(plane, binary('kubectl'), args, timeoutMs);
export const helm = (plane: ControlPlane, args: string[], timeoutMs = 600_000) => runIn(plane, join(toolsBinDir, 'helm'), args, timeoutMs);

/** kubectl get … -o json, parsed; throws with kubectl's message when it fails. */
export async function getJson<T = Record<string, unknown>>(plane: ControlPlane, args: string[]): Promise<T> {
  const result = await kubectl(plane, ['get', ...args, '-o', 'json']);
  if (result.code !== 0) throw new Error(`kubectl get ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** `helm install --wait` of the chart as a user runs it; throws with Helm's message when it fails. */
export async function installChart(plane: ControlPlane, release: string, namespace: string, args: string[] = []): Promise<void> {
  const started = Date.now();
  const result = await helm(plane, ['install', release, chartDir, '--namespace', namespace, '--create-namespace', '--wait', '--timeout', '10m', ...args]);
  if (result.code !== 0) throw new Error(`helm install failed: ${result.stderr}`);
  console.log(`${namespace}: helm install --wait to all Pods Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A container's log as the node agent keeps it ('' before it has one). */
export function containerLog(agent: NodeAgent, namespace: string, pod: string, container: string): string {
  const file = agent.logFile(namespace, pod, container);
  return file ? readFileSync(file, 'utf8') : '';
}

/** The control plane and the node agent, as `npm run cluster` starts them; stop() stops both, in order. */
export async function startLocalCluster(): Promise<{ plane: ControlPlane; agent: NodeAgent; stop(): Promise<void> }> {
  const plane = await startControlPlane();
  try {
    const agent = await startNodeAgent({
      nodeName: plane.node.name,
      kubeconfigPath: plane.node.kubeconfigPath,
      network: plane.node,
      clusterDomain: plane.clusterDomain,
      clusterDNS: plane.dnsServer,
      log: () => undefined,
    });
    return { plane, agent, stop: () => agent.stop().finally(() => plane.stop()) };
  } catch (error) {
    await plane.stop();
    throw error;
  }
}

interface PodRow {
  readonly name: string;
  readonly ready: string;
  readonly status: string;
  readonly restarts: string;
}

/** `kubectl get pods` as a user reads it: NAME, READY, STATUS, RESTARTS. */
export async function podRows(plane: ControlPlane, namespace: string): Promise<PodRow[]> {
  const result = await kubectl(plane, ['get', 'pods', '--namespace', namespace, '--no-headers']);
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [name, ready, status, restarts] = line.split(/\s+/);
      return { name, ready, status, restarts };
    });
}
