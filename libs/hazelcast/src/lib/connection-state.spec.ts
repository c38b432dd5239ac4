import { LifecycleState } from 'hazelcast-client';
import { HazelcastConnectionState } from './connection-state';

describe('HazelcastConnectionState', () => {
  it('is disconnected until the client reports CONNECTED', () => {
    const state = new HazelcastConnectionState();
    state.onLifecycleState(LifecycleState.STARTING);
    state.onLifecycleState(LifecycleState.STARTED);
    expect(state.isConnected()).toBe(false);
    state.onLifecycleState(LifecycleState.CONNECTED);
    expect(state.isConnected()).toBe(true);
  });

  it('follows a disconnect and a reconnect', () => {
    const state = new HazelcastConnectionState();
    state.onLifecycleState(LifecycleState.CONNECTED);
    state.onLifecycleState(LifecycleState.DISCONNECTED);
    expect(state.isConnected()).toBe(false);
    expect(state.describe()).toMatch(/^client state DISCONNECTED for \d+\.\ds$/);
    state.onLifecycleState(LifecycleState.CONNECTED);
    expect(state.isConnected()).toBe(true);
  });

  it('is not connected once the application is shutting down, though the client still is', () => {
    const state = new HazelcastConnectionState();
    state.onLifecycleState(LifecycleState.CONNECTED);
    state.markShuttingDown();
    expect(state.isConnected()).toBe(false);
    expect(state.describe()).toBe('the application is shutting down');
  });
});
