import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { makeCounterProvider, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { ClientMetrics } from './client-metrics';
import { HttpMetrics } from './http-metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MapMetrics } from './map-metrics';
import { HTTP_DURATION, HTTP_REQUESTS, LATENCY_BUCKETS, MAP_DURATION, MAP_OPERATIONS } from './metric-names';

/** GET /metrics in the Prometheus text format: the app's own metrics and Node's process metrics. */
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [
    makeCounterProvider({ name: HTTP_REQUESTS, help: 'HTTP requests by route pattern and status', labelNames: ['method', 'route', 'status'] }),
    makeHistogramProvider({
      name: HTTP_DURATION,
      help: 'HTTP request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
    }),
    makeCounterProvider({ name: MAP_OPERATIONS, help: 'Map operations by kind and outcome (ok, error)', labelNames: ['operation', 'outcome'] }),
    makeHistogramProvider({ name: MAP_DURATION, help: 'Map operation duration by kind', labelNames: ['operation'], buckets: LATENCY_BUCKETS }),
    HttpMetrics,
    HttpMetricsMiddleware,
    MapMetrics,
    ClientMetrics,
  ],
  exports: [HttpMetrics, MapMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
