import { Module, ValidationPipe, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { HazelcastDeadlineInterceptor, HazelcastExceptionFilter, HazelcastModule } from '@hazelcast-sidecar/nestjs-hazelcast';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { ShutdownDelay } from './lifecycle/shutdown-delay';
import { LoggingModule } from './logging/logging.module';
import { MapsModule } from './maps/maps.module';
import { MetricsModule } from './metrics/metrics.module';
import { RequestObserverMiddleware } from './requests/request-observer.middleware';
import { VALIDATION_OPTIONS } from './validation/validation-options';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    MetricsModule,
    HazelcastModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => config.hazelcast }),
    MapsModule,
    HealthModule,
  ],
  providers: [
    // As providers (not in main.ts) so that tests building the app get the same pipe and filter.
    {
      provide: APP_PIPE,
      // transform: the handler gets the validated instance; without it the pipe turns the instance
      // back into a plain object (a second class-transformer pass) on every request.
      useValue: new ValidationPipe({ ...VALIDATION_OPTIONS, transform: true }),
    },
    { provide: APP_FILTER, useClass: HazelcastExceptionFilter },
    // A hung member fails a request within the invocation timeout instead of the heartbeat's 60 s.
    { provide: APP_INTERCEPTOR, useExisting: HazelcastDeadlineInterceptor },
    ShutdownDelay,
    RequestObserverMiddleware,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestObserverMiddleware).forRoutes('*');
  }
}
