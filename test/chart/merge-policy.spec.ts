import { Client } from 'hazelcast-client';
import { parse } from 'yaml';
import { startMember, type MemberAddress, type MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { only, render } from './rendered.ts';

// Two clusters of the same release meet and merge, on real 5.7.0 members with the rendered
// hazelcast.yaml: a member that started alone (its TCP-IP list names only the others, who were not
// up yet) and a cluster of two that never looked for it. The lone member's split-brain handler
// finds the larger cluster and merges into it. Minimum 1, so both sides take writes.
const lone = { host: '127.0.23.31', port: 5701 };
const pair = [
  { host: '127.0.23.32', port: 5701 },
  { host: '127.0.23.33', port: 5701 },
];
const members: MemberProcess[] = [];
const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.shutdown()));
  await Promise.all(members.map((member) => member.kill()));
});

const connect = async (member: MemberAddress) => {
  const client = await Client.newHazelcastClient({
    clusterName: 'dev',
    network: { clusterMembers: [`${member.host}:${member.port}`], smartRouting: false },
    properties: { 'hazelcast.logging.level': 'OFF' },
  });
  clients.push(client);
  return client;
};

describe('two sides of a release meeting again', () => {
  it("merge by PutIfAbsentMergePolicy (the larger side's value wins) or by the chart's LatestUpdateMergePolicy (the newest write wins)", async () => {
    // `latest` follows the chart's map.default (LatestUpdateMergePolicy with the per-entry stats it
    // needs); `orders` gets the default policy, PutIfAbsentMergePolicy, through hazelcast.config.
    const manifests = await render({
      set: {
        replicaCount: 3,
        'splitBrain.minimumClusterSize': 1,
        'splitBrain.mergePolicy': 'LatestUpdateMergePolicy',
        'hazelcast.config.map.orders.merge-policy.class-name': 'PutIfAbsentMergePolicy',
      },
    });
    const config = parse(only(manifests, 'ConfigMap').data['hazelcast.yaml']);
    // Test-only timing: the handler's first search after 60 s (300 by default), then every 5 s (120).
    config.hazelcast.properties['hazelcast.merge.first.run.delay.seconds'] = 60;
    config.hazelcast.properties['hazelcast.merge.next.run.delay.seconds'] = 5;
    const workDir = newWorkDir('merge-policy');

    const started = Date.now();
    members.push(startMember({ name: 'lone', self: lone, peers: [lone, ...pair], config, workDir }));
    await members[0].ready(90_000);
    members.push(...pair.map((self, i) => startMember({ name: `pair-${i}`, self, peers: pair, config, workDir })));
    await Promise.all(members.slice(1).map((member) => member.ready(90_000)));
    await waitFor('the pair to form a cluster of 2', async () => (await members[1].clusterSize()) === 2, { timeoutMs: 60_000 });
    expect(await members[0].clusterSize()).toBe(1);

    const [larger, smaller] = [await connect(pair[0]), await connect(lone)];
    for (const name of ['orders', 'latest']) {
      await (await larger.getMap(name)).put('shared', 'from-larger');
      await (await larger.getMap(name)).put('only-larger', 'a');
      // Written last: the newest write of the shared key is the smaller side's.
      await (await smaller.getMap(name)).put('shared', 'from-smaller');
      await (await smaller.getMap(name)).put('only-smaller', 'b');
    }
    expect(Date.now() - started).toBeLessThan(55_000); // the writes were in before the lone member's first search

    await waitFor('one cluster of 3', async () => (await members[1].clusterSize()) === 3, { timeoutMs: 120_000 });
    const read = async (name: string) => {
      const map = await larger.getMap<string, string>(name);
      return { shared: await map.get('shared'), onlyLarger: await map.get('only-larger'), onlySmaller: await map.get('only-smaller') };
    };
    await waitFor('the merged entries', async () => (await read('orders')).onlySmaller === 'b' && (await read('latest')).onlySmaller === 'b', {
      timeoutMs: 60_000,
    });
    console.log(`one cluster again ${((Date.now() - started) / 1000).toFixed(1)} s after the lone member started (its first search at 60 s)`);
    expect(await read('orders')).toEqual({ shared: 'from-larger', onlyLarger: 'a', onlySmaller: 'b' });
    expect(await read('latest')).toEqual({ shared: 'from-smaller', onlyLarger: 'a', onlySmaller: 'b' });
    expect(members[0].log()).toMatch(/is merging/);
  });
});
