import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { appLogger } from './app-logger';
import { APP_LOGGER, RequestLog } from './request-log';

const appLoggerProvider = { provide: APP_LOGGER, inject: [AppConfig], useFactory: (config: AppConfig) => appLogger(config.logLevel) };

/** The app's logger, shared by the module that writes Nest's lines and by the request lines. */
@Module({ providers: [appLoggerProvider], exports: [APP_LOGGER] })
class AppLoggerModule {}

/**
 * Structured JSON logs (pino): Nest's own lines through nestjs-pino's Logger, and one line per
 * request from RequestLog. nestjs-pino's per-request middleware (pino-http) is mounted on no route:
 * it would build child loggers and a log context for every request that no handler here reads.
 */
@Module({
  imports: [
    AppLoggerModule,
    LoggerModule.forRootAsync({
      imports: [AppLoggerModule],
      inject: [APP_LOGGER],
      useFactory: (logger: ReturnType<typeof appLogger>) => ({ pinoHttp: { logger, autoLogging: false }, forRoutes: [] }),
    }),
  ],
  providers: [RequestLog],
  exports: [RequestLog],
})
export class LoggingModule {}
