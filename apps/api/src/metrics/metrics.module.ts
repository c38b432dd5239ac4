import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { getToken, makeCounterProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { ArrayHistogram, type ArrayHistogramOptions } from './array-histogram';
import { ClientMetrics } from './client-metrics';
import { HttpMetrics } from './http-metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MapMetrics } from './map-metrics';
import { HTTP_DURATION, HTTP_REQUESTS, LATENCY_BUCKETS, MAP_DURATION, MAP_OPERATIONS } from './metric-names';

/**
 * An ArrayHistogram under the token @InjectMetric(name) looks for. Like the library's own providers,
 * it takes the one already registered under that name: metrics are process-wide (prom-client's
 * global registry), and the apps of one test process share them.
 */
const makeArrayHistogramProvider = (options: ArrayHistogramOptions) => ({
  provide: getToken(options.name),
  useFactory: () => (register.getSingleMetric(options.name) as ArrayHistogram | undefined) ?? new ArrayHistogram(options),
});

/** GET /metrics in the Prometheus text format: the app's own metrics and Node's process metrics. */
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [
    makeCounterProvider({ name: HTTP_REQUESTS, help: 'HTTP requests by route pattern and status', labelNames: ['method', 'route', 'status'] }),
    makeArrayHistogramProvider({
      name: HTTP_DURATION,
      help: 'HTTP request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
    }),
    makeCounterProvider({ name: MAP_OPERATIONS, help: 'Map operations by kind and outcome (ok, error)', labelNames: ['operation', 'outcome'] }),
    makeArrayHistogramProvider({ name: MAP_DURATION, help: 'Map operation duration by kind', labelNames: ['operation'], buckets: LATENCY_BUCKETS }),
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
