import { Injectable, Logger } from '@nestjs/common';
import { LifecycleState } from 'hazelcast-client';

/**
 * Whether the client is connected to its member right now. LifecycleService.isRunning() stays true
 * while disconnected, so readiness follows the CONNECTED / DISCONNECTED lifecycle events instead.
 * An outage is logged twice, when it starts and when it ends, however many calls fail meanwhile.
 */
@Injectable()
export class HazelcastConnectionState {
  private readonly logger = new Logger('HazelcastConnection');
  private connected = false;
  private everConnected = false;
  private shuttingDown = false;
  private lastState: LifecycleState = LifecycleState.STARTING;
  private since = Date.now();

  /** Registered in the client's config, so it also sees the first CONNECTED event. */
  readonly onLifecycleState = (state: LifecycleState): void => {
    const lastChange = this.since;
    this.lastState = state;
    this.since = Date.now();
    if (state === LifecycleState.CONNECTED) this.onConnected(lastChange);
    if (state === LifecycleState.DISCONNECTED) this.onDisconnected();
    if (state === LifecycleState.SHUTTING_DOWN || state === LifecycleState.SHUTDOWN) {
      this.connected = false;
      this.shuttingDown = true;
    }
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
    return `client state ${this.lastState} for ${secondsSince(this.since)}s`;
  }

  private onConnected(lastChange: number): void {
    this.connected = true;
    if (this.everConnected) this.logger.log(`connected to the Hazelcast member again after ${secondsSince(lastChange)}s`);
    else this.logger.log('connected to the Hazelcast member');
    this.everConnected = true;
  }

  private onDisconnected(): void {
    this.connected = false;
    // The client disconnects on purpose while the application shuts down: no outage then.
    if (!this.shuttingDown) this.logger.warn('lost the connection to the Hazelcast member; calls fail until it is back');
  }
}

const secondsSince = (time: number) => ((Date.now() - time) / 1000).toFixed(1);
