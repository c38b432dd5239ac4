import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { establishedPeers } from '../../tools/pod-runtime/tcp-connections.ts';
import { sleep, waitFor } from '../../tools/pod-runtime/wait.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

// Two "Pods" on their own loopback addresses, members in one cluster, one app bound to Pod A.
const podA = podAt('127.0.2.5');
const podB = podAt('127.0.2.6');
const memberA = `${podA.member.host}:${podA.member.port}`;
const memberB = `${podB.member.host}:${podB.member.port}`;
const workDir = newWorkDir('binding');
let members: MemberProcess[] = [];
let app: AppProcess;

const memberPeers = () => establishedPeers(app.pid).filter((peer) => peer.endsWith(':5701'));

beforeAll(async () => {
  members = [startPodMember(podA, workDir, [podA, podB]), startPodMember(podB, workDir, [podA, podB])];
  await Promise.all(members.map((member) => member.ready()));
  await waitFor('a cluster of 2', async () => (await members[0].clusterSize()) === 2, { timeoutMs: 60_000 });
  app = startPodApp(podA, workDir);
  await app.waitForStatus('/health/ready', 200);
});
afterAll(() => stopAll([app, ...members]));

describe('a sidecar client bound to its own member', () => {
  it('holds a connection to its own member only, though it sees both', async () => {
    const ready = (await (await fetch(`${app.url}/health/ready`)).json()) as {
      details: { hazelcast: { members: number } };
    };
    expect(ready.details.hazelcast.members).toBe(2);
    // Calls whose keys live on the other member still go through the own one.
    for (let i = 0; i < 50; i++) await fetch(`${app.url}/put?key=key-${i}&value=${i}`);
    expect(memberPeers()).toEqual([memberA]);
  });

  it('does not fail over to the other member when its own is killed', async () => {
    await members[0].kill();
    await app.waitForStatus('/health/ready', 503, 10_000);
    // Give the client several reconnection rounds (backoff at most 2 s) to try, and fail, to move.
    await sleep(5_000);
    expect(memberPeers()).not.toContain(memberB);
    expect(await app.status('/health/ready')).toBe(503);
  });

  it('reconnects to its own member when it comes back, and the data the cluster kept is there', async () => {
    members[0] = startPodMember(podA, workDir, [podA, podB]);
    await app.waitForStatus('/health/ready', 200, 60_000);
    expect(memberPeers()).toEqual([memberA]);
    // Backup count 1: member B held a copy of every entry, so all 50 are still readable.
    const values = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => (await fetch(`${app.url}/get?key=key-${i}`)).text()),
    );
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });
});
