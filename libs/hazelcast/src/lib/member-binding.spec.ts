import { Client } from 'hazelcast-client';
import { restrictToConfiguredMembers } from './member-binding';

const member = (address: string) => ({ address: { toString: () => address } });

function fakeClient() {
  const connected: string[] = [];
  const manager = {
    getOrConnectToMember(target: { address: { toString(): string } }) {
      connected.push(target.address.toString());
      return Promise.resolve({ connection: target.address.toString() });
    },
  };
  return { client: { getConnectionManager: () => manager } as unknown as Client, manager, connected };
}

describe('restrictToConfiguredMembers', () => {
  it('connects to a configured member through the member list', async () => {
    const { client, manager, connected } = fakeClient();
    restrictToConfiguredMembers(client, ['127.0.0.1:5701']);
    expect(await manager.getOrConnectToMember(member('127.0.0.1:5701'))).toEqual({ connection: '127.0.0.1:5701' });
    expect(connected).toEqual(['127.0.0.1:5701']);
  });

  it("skips another Pod's member without opening a connection", async () => {
    const { client, manager, connected } = fakeClient();
    restrictToConfiguredMembers(client, ['127.0.0.1:5701']);
    expect(await manager.getOrConnectToMember(member('10.1.2.3:5701'))).toBeNull();
    expect(connected).toEqual([]);
  });

  it('fails loudly when the client no longer has the internals it relies on', () => {
    expect(() => restrictToConfiguredMembers({} as Client, ['127.0.0.1:5701'])).toThrow(/internals changed/);
  });

  it('finds those internals on the real hazelcast-client', async () => {
    // Nothing listens on port 1: the client starts asynchronously and is shut down at once.
    const client = await Client.newHazelcastClient({
      network: { clusterMembers: ['127.0.0.1:1'] },
      connectionStrategy: { asyncStart: true },
      properties: { 'hazelcast.logging.level': 'OFF' },
    });
    try {
      expect(() => restrictToConfiguredMembers(client, ['127.0.0.1:1'])).not.toThrow();
    } finally {
      await client.shutdown();
    }
  });
});
