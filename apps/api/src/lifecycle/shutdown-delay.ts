import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { HazelcastConnectionState } from '@hazelcast-sidecar/nestjs-hazelcast';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../config/app-config';

/**
 * On SIGTERM, Kubernetes removes the Pod from the Service's endpoints while it signals the Pod;
 * for a moment, new connections still arrive. Closing the listener at once resets those (and any
 * the kernel has queued but Node has not yet accepted). So the app first fails readiness, keeps
 * serving for SHUTDOWN_DELAY_MS, and only then lets Nest close the HTTP server and the client.
 *
 * Closing the listener does not end the keep-alive connections that clients go on sending on:
 * Node closes the idle ones once, and waits for the rest, which a busy client never lets go (the
 * app was seen killed 10 s after SIGTERM). So from SIGTERM on, every response says
 * `Connection: close`: the client's next request opens a connection, which the Service sends
 * elsewhere, and the server's close finishes when the last response has gone.
 */
@Injectable()
export class ShutdownDelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownDelay.name);
  private shuttingDown = false;

  constructor(
    private readonly config: AppConfig,
    private readonly connection: HazelcastConnectionState,
  ) {}

  /** Runs first for every request on the server: attach it after any other request listener. */
  attach(server: Server): void {
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      if (this.shuttingDown) response.setHeader('connection', 'close');
    });
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.shuttingDown = true;
    this.connection.markShuttingDown();
    const delayMs = this.config.shutdownDelayMs;
    if (signal && delayMs > 0) {
      this.logger.log(`${signal}: not ready; serving ${delayMs} ms more before closing`);
      await sleep(delayMs);
    }
  }
}
