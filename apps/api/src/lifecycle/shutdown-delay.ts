import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { HazelcastConnectionState } from '@hazelcast-sidecar/hazelcast';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../config/app-config';

/**
 * On SIGTERM, Kubernetes removes the Pod from the Service's endpoints while it signals the Pod;
 * for a moment, new connections still arrive. Closing the listener at once resets those (and any
 * the kernel has queued but Node has not yet accepted). So the app first fails readiness, keeps
 * serving for SHUTDOWN_DELAY_MS, and only then lets Nest close the HTTP server and the client.
 */
@Injectable()
export class ShutdownDelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownDelay.name);

  constructor(
    private readonly config: AppConfig,
    private readonly connection: HazelcastConnectionState,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.connection.markShuttingDown();
    const delayMs = this.config.shutdownDelayMs;
    if (signal && delayMs > 0) {
      this.logger.log(`${signal}: not ready; serving ${delayMs} ms more before closing`);
      await sleep(delayMs);
    }
  }
}
