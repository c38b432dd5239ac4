import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { LifecycleState, SplitBrainProtectionError } from 'hazelcast-client';
import { HazelcastConnectionState } from '../connection-state';
import { HAZELCAST_CLIENT } from '../hazelcast.constants';
import { HazelcastHealthIndicator } from './hazelcast.health';

// A unit test of the indicator's decisions; the real client and member are in test/integration.
async function indicatorWith(mapGet: () => Promise<unknown>, connected: boolean, members = 2) {
  const client = {
    getMap: async () => ({ get: mapGet }),
    getCluster: () => ({ getMembers: () => Array.from({ length: members }, () => ({})), addMembershipListener: () => 'listener' }),
  };
  const moduleRef = await Test.createTestingModule({
    imports: [TerminusModule],
    providers: [HazelcastHealthIndicator, HazelcastConnectionState, { provide: HAZELCAST_CLIENT, useValue: client }],
  }).compile();
  if (connected) moduleRef.get(HazelcastConnectionState).onLifecycleState(LifecycleState.CONNECTED);
  return moduleRef.get(HazelcastHealthIndicator);
}

describe('HazelcastHealthIndicator', () => {
  it('is up with the member count when connected and the round trip succeeds', async () => {
    const indicator = await indicatorWith(async () => null, true);
    expect(await indicator.pingCheck('hazelcast')).toEqual({ hazelcast: { status: 'up', members: 2 } });
  });

  it('is down without a round trip while disconnected', async () => {
    const mapGet = jest.fn(async () => null);
    const indicator = await indicatorWith(mapGet, false);
    expect(await indicator.pingCheck('hazelcast')).toEqual({
      hazelcast: { status: 'down', message: expect.stringMatching(/^not connected to the Hazelcast member/) },
    });
    expect(mapGet).not.toHaveBeenCalled();
  });

  it('is down when the round trip takes longer than the timeout', async () => {
    const indicator = await indicatorWith(() => new Promise(() => undefined), true);
    const result = await indicator.pingCheck('hazelcast', { timeoutMs: 50 });
    expect(result).toEqual({ hazelcast: { status: 'down', message: 'timeout of 50ms exceeded' } });
  });

  it('is down with the error when the round trip fails', async () => {
    const indicator = await indicatorWith(async () => Promise.reject(new Error('member left')), true);
    expect(await indicator.pingCheck('hazelcast')).toEqual({ hazelcast: { status: 'down', message: 'member left' } });
  });

  it('is down with the member count and the reason while the cluster is below the expected size', async () => {
    const indicator = await indicatorWith(async () => null, true, 1);
    expect(await indicator.pingCheck('hazelcast', { cluster: { minimumMembers: 2 } })).toEqual({
      hazelcast: { status: 'down', members: 1, message: expect.stringMatching(/^the cluster has 1 member\(s\), fewer than the 2 expected/) },
    });
  });

  it('with a size check, takes a split-brain-protection refusal as the member answering and lets the size decide', async () => {
    const refused = async () => Promise.reject(new SplitBrainProtectionError('Split brain protection exception: release-minimum has failed!'));
    const first = await indicatorWith(refused, true, 1);
    expect(await first.pingCheck('hazelcast', { cluster: { minimumMembers: 2, ordinal: 0 } })).toEqual({ hazelcast: { status: 'up', members: 1 } });
    const second = await indicatorWith(refused, true, 1);
    expect((await second.pingCheck('hazelcast', { cluster: { minimumMembers: 2, ordinal: 1 } })).hazelcast.status).toBe('down');
  });

  it('without a size check, is down on a split-brain-protection refusal, naming it', async () => {
    const indicator = await indicatorWith(async () => Promise.reject(new SplitBrainProtectionError('release-minimum has failed!')), true, 1);
    expect(await indicator.pingCheck('hazelcast')).toEqual({ hazelcast: { status: 'down', message: 'release-minimum has failed!' } });
  });

  it('with a minimum of 1, is down for Pod 1 whose member is alone, naming why', async () => {
    const indicator = await indicatorWith(async () => null, true, 1);
    expect(await indicator.pingCheck('hazelcast', { cluster: { minimumMembers: 1, ordinal: 1 } })).toEqual({
      hazelcast: { status: 'down', members: 1, message: expect.stringMatching(/^the member has seen no other member since this app started/) },
    });
  });

  it('with a minimum of 1, is down on a split-brain-protection refusal, naming it: the member protects more than the app expects', async () => {
    const indicator = await indicatorWith(async () => Promise.reject(new SplitBrainProtectionError('release-minimum has failed!')), true, 2);
    expect(await indicator.pingCheck('hazelcast', { cluster: { minimumMembers: 1, ordinal: 1 } })).toEqual({
      hazelcast: { status: 'down', message: 'release-minimum has failed!' },
    });
  });
});
