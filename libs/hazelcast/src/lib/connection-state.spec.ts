import { Logger } from '@nestjs/common';
import { LifecycleState } from 'hazelcast-client';
import { HazelcastConnectionState } from './connection-state';

describe('HazelcastConnectionState', () => {
  let warned: jest.SpyInstance;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('is disconnected until the client reports CONNECTED', () => {
    const state = new HazelcastConnectionState();
    state.onLifecycleState(LifecycleState.STARTING);
    state.onLifecycleState(LifecycleState.STARTED);
    expect(state.isConnected()).toBe(false);
    state.onLifecycleState(LifecycleState.CONNECTED);
    expect(state.isConnected()).toBe(true);
    expect(logged).toHaveBeenCalledWith('connected to the Hazelcast member');
  });

  it('follows a disconnect and a reconnect, logging the outage once when it starts and once when it ends', () => {
    const state = new HazelcastConnectionState();
    state.onLifecycleState(LifecycleState.CONNECTED);
    state.onLifecycleState(LifecycleState.DISCONNECTED);
    expect(state.isConnected()).toBe(false);
    expect(state.describe()).toMatch(/^client state DISCONNECTED for \d+\.\ds$/);
    expect(warned).toHaveBeenCalledTimes(1);
    expect(warned).toHaveBeenCalledWith('lost the connection to the Hazelcast member; calls fail until it is back');
    state.onLifecycleState(LifecycleState.CONNECTED);
    expect(state.isConnected()).toBe(true);
    expect(logged).toHaveBeenLastCalledWith(expect.stringMatching(/^connected to the Hazelcast member again after \d+\.\ds$/));
    expect(warned).toHaveBeenCalledTimes(1);
  });

  it('is not connected once the application is shutting down, though the client still is', () => {
    const state = new HazelcastConnectionState();
    state.onLifecycleState(LifecycleState.CONNECTED);
    state.markShuttingDown();
    expect(state.isConnected()).toBe(false);
    expect(state.describe()).toBe('the application is shutting down');
  });

  it('logs no outage when the client disconnects because it shuts down', () => {
    const state = new HazelcastConnectionState();
    state.onLifecycleState(LifecycleState.CONNECTED);
    state.onLifecycleState(LifecycleState.SHUTTING_DOWN);
    state.onLifecycleState(LifecycleState.DISCONNECTED);
    state.onLifecycleState(LifecycleState.SHUTDOWN);
    expect(warned).not.toHaveBeenCalled();
    expect(state.isConnected()).toBe(false);
  });
});
