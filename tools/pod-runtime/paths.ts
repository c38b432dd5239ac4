// Where the set-up scripts put what they fetch. Kept in one place so the scripts, the tests and the
// Pod runner never disagree; the versions themselves live in scripts/setup/versions.sh.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(process.env.HAZELCAST_SIDECAR_ROOT ?? process.cwd());
export const cacheDir = join(repoRoot, '.cache');
export const toolsBinDir = join(cacheDir, 'tools', 'bin');
export const builtApiMain = join(repoRoot, 'dist', 'apps', 'api', 'main.js');
export const chartDir = join(repoRoot, 'charts', 'hazelcast-sidecar');

export function pinnedVersion(name: string): string {
  const versions = readFileSync(join(repoRoot, 'scripts', 'setup', 'versions.sh'), 'utf8');
  const match = new RegExp(`^${name}=(\\S+)`, 'm').exec(versions);
  if (!match) throw new Error(`${name} is not pinned in scripts/setup/versions.sh`);
  return match[1];
}

export const hazelcastVersion = pinnedVersion('HAZELCAST_VERSION');
export const hazelcastJar = join(cacheDir, 'hazelcast', `hazelcast-${hazelcastVersion}.jar`);
/** The Kubernetes version the chart is rendered and validated for, unless a caller picks another. */
export const kubernetesVersion = pinnedVersion('KUBERNETES_VERSION');
