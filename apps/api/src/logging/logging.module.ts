import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { requestLogging } from './request-logging';

/** Structured JSON logs (pino): the app's own lines and one per request. */
@Module({
  imports: [LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => requestLogging(config.logLevel, config.requestLog) })],
})
export class LoggingModule {}
