// One sidecar "Pod" for the observability tests, on addresses of their own (127.0.3.x).
import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

export async function startObservedPod(host: string, env: Record<string, string> = {}) {
  const pod = podAt(host);
  const workDir = newWorkDir(`observed-${host}`);
  const member: MemberProcess = startPodMember(pod, workDir);
  const app: AppProcess = startPodApp(pod, workDir, env);
  await member.ready();
  await app.waitForStatus('/health/ready', 200);
  return { member, app, workDir, stop: () => stopAll([app, member]) };
}
