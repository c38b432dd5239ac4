import { establishedPeers } from '../../tools/pod-runtime/tcp-connections.ts';
import type { LocalRelease } from '../../tools/pod-runtime/release.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { seconds } from '../pods/pod-set-fixture.ts';
import { releaseFromChart, TOPOLOGIES } from './release-fixture.ts';

// The guide's walkthrough in both topologies, from the same chart and the same built app: only the
// topology value differs. A sidecar client talks to its own member; a client-server client to all.
describe.each([
  ['sidecar', ['127.0.40', '127.0.40']],
  ['client-server', ['127.0.41', '127.0.42']],
] as const)("the guide's walkthrough in the %s topology", (topology, prefixes) => {
  let release: LocalRelease;
  afterAll(() => release?.stopAll());

  it('starts 2 app Pods and a cluster of 2 members, every Pod ready', async () => {
    release = await releaseFromChart(`walkthrough-${topology}`, [...prefixes], {
      set: { ...TOPOLOGIES[topology], replicaCount: 2, 'clientServer.memberReplicas': 2 },
    });
    const started = Date.now();
    await release.start({ apps: 2, members: 2 });
    console.log(`${topology}: 2 app Pods and 2 members ready in ${seconds(started)} s`);
    expect(release.topology).toBe(topology);
    // The health endpoint may be slow to answer on a loaded machine: asked until it says 2.
    for (const pod of release.members.pods) {
      await waitFor(`${pod.name} to see 2 members`, async () => (await pod.member?.clusterSize()) === 2, { timeoutMs: 30_000 });
    }
    for (const pod of release.apps.pods) {
      expect(pod.ready).toBe(true);
      expect(await pod.app?.status('/health/ready')).toBe(200);
    }
  });

  it('reads through the second app Pod what was put through the first', async () => {
    const [first, second] = release.apps.pods;
    expect((await fetch(`${first.appUrl}/put?key=someKey&value=someValue`)).status).toBe(200);
    expect(await (await fetch(`${second.appUrl}/get?key=someKey`)).text()).toBe('someValue');
  });

  // A smart client opens its connections to the other members in the background, once a second.
  it(topology === 'sidecar' ? "connects each app to its own Pod's member only" : 'connects each app to every member (smart routing)', async () => {
    const memberAddresses = release.members.pods.map((pod) => `${pod.memberAddress.host}:5701`);
    for (const pod of release.apps.pods) {
      const expected = (topology === 'sidecar' ? [`${pod.host}:5701`] : memberAddresses).sort().join(' ');
      const memberPeers = () => [...new Set(establishedPeers(pod.app?.pid ?? 0).filter((peer) => peer.endsWith(':5701')))].sort().join(' ');
      await waitFor(`${pod.name} connected to ${expected}`, async () => memberPeers() === expected, { timeoutMs: 15_000 }).catch(() => undefined);
      expect(memberPeers()).toBe(expected);
    }
  });
});
