import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useContainer } from 'class-validator';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { cachingValidatorContainer } from './validation/validator-container';

const LEVELS_BY_SEVERITY: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the configured app without listening: main.ts listens, tests may pick their own port. */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    // Rethrow start-up errors (a bad setting) to the caller instead of aborting the process.
    abortOnError: false,
  });
  const config = app.get(AppConfig);
  app.useLogger(LEVELS_BY_SEVERITY.slice(0, LEVELS_BY_SEVERITY.indexOf(config.logLevel) + 1));
  // Room for a value at the limit once JSON-escaped; beyond it body-parser answers 413.
  app.useBodyParser('json', { limit: config.limits.maxValueBytes * 2 + 16 * 1024 });
  app.disable('x-powered-by');
  // Map entries change under the API's feet; hashing every body for an ETag buys no cache hits.
  app.set('etag', false);
  // Lets class-validator build the limit constraints with their injected configuration.
  const validatorContainer = cachingValidatorContainer(app.select(AppModule));
  useContainer(validatorContainer.container, validatorContainer.options);
  // SIGTERM: readiness fails and the app serves on for SHUTDOWN_DELAY_MS (ShutdownDelay), then the
  // HTTP server stops taking connections and drains the requests in flight, then the Hazelcast
  // client shuts down (HazelcastModule.onApplicationShutdown).
  app.enableShutdownHooks();
  return app;
}
