// `npm run pods -- --replicas N`: the chart's Pods on this machine, in the foreground. Renders the
// chart, starts N Pods one by one on 127.0.1.1, 127.0.1.2, ..., prints each Pod's URL as it becomes
// ready and every change of readiness after that; Ctrl-C stops them all, gracefully. With
// `--set topology=client-server` the members' Pods (clientServer.memberReplicas) start first on
// 127.0.11.x, then N app Pods.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderChart } from './chart.ts';
import { memoryCgroupsAvailable } from './memory-cgroup.ts';
import { cacheDir } from './paths.ts';
import type { LocalPod } from './pod.ts';
import { LocalRelease } from './release.ts';

const { values: args } = parseArgs({
  options: {
    replicas: { type: 'string', default: '2' },
    values: { type: 'string', multiple: true, default: [] },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const replicas = Number(args.replicas);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 9) {
  console.error('--replicas must be a whole number from 1 to 9');
  process.exit(2);
}
const set = Object.fromEntries(args.set.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));

async function main(): Promise<void> {
  // Memory limits need a writable cgroup v1 memory controller (root here); without one they are not enforced, and we say so.
  const enforceMemoryLimits = memoryCgroupsAvailable();
  const release = new LocalRelease(await renderChart({ valuesFiles: args.values, set }), {
    addressPrefix: '127.0.1',
    memberAddressPrefix: '127.0.11',
    workDir: join(cacheDir, 'pods'),
    enforceMemoryLimits,
  });
  const { apps: pods, members } = release;
  const memberAs = members.template.nativeSidecar ? 'a native sidecar' : 'a container';
  console.log(
    release.topology === 'sidecar'
      ? `starting ${replicas} Pods of ${pods.template.name} (member as ${memberAs}); logs in .cache/pods/`
      : `client-server: starting ${members.template.replicas} members of ${members.template.name}, then ${replicas} app Pods of ${pods.template.name}; logs in .cache/pods/`,
  );
  console.log(enforceMemoryLimits ? 'memory limits enforced by the kernel (a memory cgroup per container)' : 'memory limits NOT enforced: no writable cgroup v1 memory controller');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping every Pod (SIGTERM, then the grace period) ...');
    await release.stopAll();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const seen = new Map<string, boolean>();
  const report = (pod: LocalPod) => {
    if (seen.get(pod.name) === pod.ready) return;
    seen.set(pod.name, pod.ready);
    const where = pods.pods.includes(pod) ? pod.appUrl : `${pod.host}:5701 (member)`;
    console.log(`${pod.name}  ${pod.ready ? 'ready    ' : 'not ready'}  ${where}`);
  };
  if (release.topology === 'client-server') await members.start(members.template.replicas, report);
  await pods.start(replicas, report);
  console.log(`
  ${replicas} Pods ready. As in the guide:
    curl '${pods.pods[0].appUrl}/put?key=someKey&value=someValue'
    curl '${pods.pods[replicas - 1].appUrl}/get?key=someKey'
  Ctrl-C stops them all.`);
  setInterval(() => [...new Set([...members.pods, ...pods.pods])].forEach(report), 500);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
