// Where scripts/setup/kubernetes.sh links the control plane's binaries, and the versions they were
// built with (its stamp), so nothing here repeats the pins of scripts/setup/versions.sh.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../../pod-runtime/paths.ts';

const kubernetesDir = join(cacheDir, 'kubernetes');
export const kubernetesBinDir = join(kubernetesDir, 'bin');

export type ControlPlaneBinary =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kube-proxy'
  | 'kubectl'
  | 'coredns';

export function binary(name: ControlPlaneBinary): string {
  const path = join(kubernetesBinDir, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/setup/kubernetes.sh first`);
  return path;
}

/** The versions in the set-up's stamp, e.g. { kubernetes: 'v1.34.4', etcd: 'v3.6.16' }. */
export function builtVersions(): Record<string, string> {
  const stamp = readFileSync(join(kubernetesDir, 'versions'), 'utf8').trim();
  return Object.fromEntries(stamp.split(/\s+/).map((pair) => pair.split('=') as [string, string]));
}
