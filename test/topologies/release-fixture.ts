// Releases for the topology tests, rendered from the chart and run as local Pods on address
// prefixes of the test's own, under their rendered memory limits where the machine enforces them.
import { renderChart, type RenderOptions } from '../../tools/pod-runtime/chart.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { memoryCgroupsAvailable } from '../../tools/pod-runtime/memory-cgroup.ts';
import { LocalRelease } from '../../tools/pod-runtime/release.ts';
import { memberHealth } from '../support/member-health.ts';
import { newWorkDir } from '../support/sidecar.ts';

export const TOPOLOGIES = {
  sidecar: {},
  'client-server': { topology: 'client-server' },
} as const;

export async function releaseFromChart(name: string, prefixes: [apps: string, members: string], render: RenderOptions = {}) {
  return new LocalRelease(await renderChart(render), {
    addressPrefix: prefixes[0],
    memberAddressPrefix: prefixes[1],
    workDir: newWorkDir(name),
    enforceMemoryLimits: memoryCgroupsAvailable(),
  });
}

/** Whether every member sees `size` members, backups all in place and no migration queued. */
export async function clusterSafe(members: MemberProcess[], size: number): Promise<boolean> {
  const states = await Promise.all(members.map((member) => memberHealth(member.address)));
  return states.every((state) => state.clusterSize === size && state.clusterSafe && state.migrationQueueSize === 0);
}
