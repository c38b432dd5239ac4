import { Injectable } from '@nestjs/common';
import { LifecycleState } from 'hazelcast-client';

/**
 * Whether the client is connected to its member right now. LifecycleService.isRunning() stays true
 * while disconnected, so readiness follows the CONNECTED / DISCONNECTED lifecycle events instead.
 */
@Injectable()
export class HazelcastConnectionState {
  private connected = false;
  private shuttingDown = false;
  private lastState: LifecycleState = LifecycleState.STARTING;
  private since = Date.now();

  /** Registered in the client's config, so it also sees the first CONNECTED event. */
  readonly onLifecycleState = (state: LifecycleState): void => {
    this.lastState = state;
    this.since = Date.now();
    if (state === LifecycleState.CONNECTED) this.connected = true;
    if (state === LifecycleState.DISCONNECTED || state === LifecycleState.SHUTTING_DOWN) this.connected = false;
    if (state === LifecycleState.SHUTTING_DOWN || state === LifecycleState.SHUTDOWN) this.shuttingDown = true;
  };

  /** The app is stopping: it must take no new traffic even while the client is still connected. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  isConnected(): boolean {
    return this.connected && !this.shuttingDown;
  }

  describe(): string {
    if (this.shuttingDown) return 'the application is shutting down';
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
    return `client state ${this.lastState} for ${seconds}s`;
  }
}
