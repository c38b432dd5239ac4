// `npm run pods -- --replicas N`: the chart's Pods on this machine, in the foreground. Renders the
// chart, starts N Pods one by one on 127.0.1.1, 127.0.1.2, ..., prints each Pod's URL as it becomes
// ready and every change of readiness after that; Ctrl-C stops them all, gracefully.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderChart } from './chart.ts';
import { memoryCgroupsAvailable } from './memory-cgroup.ts';
import { cacheDir } from './paths.ts';
import type { LocalPod } from './pod.ts';
import { LocalPodSet } from './pod-set.ts';
import { podTemplateFrom } from './rendered-pod.ts';

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
  const template = podTemplateFrom(await renderChart({ valuesFiles: args.values, set }));
  // Memory limits need a writable cgroup v1 memory controller (root here); without one they are not enforced, and we say so.
  const enforceMemoryLimits = memoryCgroupsAvailable();
  const pods = new LocalPodSet(template, { addressPrefix: '127.0.1', workDir: join(cacheDir, 'pods'), enforceMemoryLimits });
  console.log(`starting ${replicas} Pods of ${template.statefulSetName} (member as ${template.nativeSidecar ? 'a native sidecar' : 'a container'}); logs in .cache/pods/`);
  console.log(enforceMemoryLimits ? 'memory limits enforced by the kernel (a memory cgroup per container)' : 'memory limits NOT enforced: no writable cgroup v1 memory controller');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping every Pod (SIGTERM, then the grace period) ...');
    await pods.stopAll();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const seen = new Map<string, boolean>();
  const report = (pod: LocalPod) => {
    if (seen.get(pod.name) === pod.ready) return;
    seen.set(pod.name, pod.ready);
    console.log(`${pod.name}  ${pod.ready ? 'ready    ' : 'not ready'}  ${pod.appUrl}`);
  };
  await pods.start(replicas, report);
  console.log(`
  ${replicas} Pods ready. As in the guide:
    curl '${pods.pods[0].appUrl}/put?key=someKey&value=someValue'
    curl '${pods.pods[replicas - 1].appUrl}/get?key=someKey'
  Ctrl-C stops them all.`);
  setInterval(() => pods.pods.forEach(report), 500);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
