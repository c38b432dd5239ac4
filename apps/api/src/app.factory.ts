import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useContainer } from 'class-validator';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { ShutdownDelay } from './lifecycle/shutdown-delay';
import { serveOpenApi } from './docs/openapi';
import { cachingValidatorContainer } from './validation/validator-container';

/**
 * Builds the configured app without listening: main.ts listens, tests may pick their own port and
 * a root module that imports AppModule beside providers of their own.
 */
export async function createApp(root: Type<unknown> = AppModule): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bodyParser: false,
    bufferLogs: true,
    // Rethrow start-up errors (a bad setting) to the caller instead of aborting the process.
    abortOnError: false,
  });
  const config = app.get(AppConfig);
  // Every line the app writes, Nest's own included, goes out as pino's JSON (LoggingModule).
  app.useLogger(app.get(Logger));
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
  // client shuts down (HazelcastModule.onApplicationShutdown). Then the process exits (status 0)
  // rather than re-raising the signal: the 'exit' event is what makes pino write out the request
  // lines it has gathered (logging/log-destination.ts); a process ended by the signal loses them.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  serveOpenApi(app, config.limits);
  // Last, so that it runs before Express for every request.
  app.get(ShutdownDelay).attach(app.getHttpServer());
  return app;
}
