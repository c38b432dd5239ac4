import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { LifecycleState } from 'hazelcast-client';
import { HazelcastConnectionState } from '../connection-state';
import { HAZELCAST_CLIENT } from '../hazelcast.constants';
import { HazelcastHealthIndicator } from './hazelcast.health';

// A unit test of the indicator's decisions; the real client and member are in test/integration.
async function indicatorWith(mapGet: () => Promise<unknown>, connected: boolean) {
  const client = {
    getMap: async () => ({ get: mapGet }),
    getCluster: () => ({ getMembers: () => [{}, {}] }),
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
});
