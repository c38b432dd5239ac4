// A "Pod" for integration tests: a real member and the built API on one loopback address of the
// test's own, so test files never share ports with each other or with `npm start` (127.0.0.1).
import { Client } from 'hazelcast-client';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type AppProcess } from '../../tools/pod-runtime/app-process.ts';
import { startMember, type MemberAddress, type MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { repoRoot } from '../../tools/pod-runtime/paths.ts';

export const MEMBER_PORT = 5701;
export const APP_PORT = 5000;

// The logs and configs of the tests' processes. `npm test` empties the folder when it starts: the
// last run's are there to read after a failure, and runs do not pile up (about 11 MB a run).
const TEST_WORK_ROOT = join(repoRoot, 'tmp', 'test-work');

export function newWorkDir(name: string): string {
  mkdirSync(TEST_WORK_ROOT, { recursive: true });
  return mkdtempSync(join(TEST_WORK_ROOT, `${name}-`));
}

/** A run's figures as a file beside the tests' work folders (tmp/test-work/<file>), for the closing note. */
export function writeFigures(file: string, text: string): void {
  mkdirSync(TEST_WORK_ROOT, { recursive: true });
  writeFileSync(join(TEST_WORK_ROOT, file), `${text}\n`);
}

export interface PodAddresses {
  host: string;
  member: MemberAddress;
}

export const podAt = (host: string): PodAddresses => ({ host, member: { host, port: MEMBER_PORT } });

export function startPodMember(pod: PodAddresses, workDir: string, peers: PodAddresses[] = [pod]): MemberProcess {
  return startMember({ name: `member-${pod.host}`, self: pod.member, peers: peers.map((p) => p.member), workDir });
}

export function startPodApp(pod: PodAddresses, workDir: string, env: Record<string, string> = {}): AppProcess {
  return startApp({
    name: `app-${pod.host}`,
    host: pod.host,
    port: APP_PORT,
    workDir,
    env: { HAZELCAST_CLUSTER_MEMBERS: `${pod.member.host}:${pod.member.port}`, ...env },
  });
}

/** Stops whatever is still running; for afterAll, so a failed test leaves no process behind. */
export async function stopAll(processes: Array<{ isRunning(): boolean; kill(): Promise<unknown> } | undefined>) {
  await Promise.all(processes.map((process) => (process?.isRunning() ? process.kill() : undefined)));
}

/** A client of another app (not the API's), talking straight to the Pod's member; shut it down after use. */
export function connectOtherClient(pod: PodAddresses): Promise<Client> {
  return Client.newHazelcastClient({
    clusterName: 'dev',
    network: { clusterMembers: [`${pod.member.host}:${pod.member.port}`], smartRouting: false },
    properties: { 'hazelcast.logging.level': 'OFF' },
  });
}
