import { Module } from '@nestjs/common';
import { makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { ClientMetrics } from './client-metrics';
import { HttpMetrics } from './http-metrics';
import { MapMetrics } from './map-metrics';
import { HTTP_DURATION, LATENCY_BUCKETS, MAP_DURATION } from './metric-names';

/** GET /metrics in the Prometheus text format: the app's own metrics and Node's process metrics. */
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [
    makeHistogramProvider({
      name: HTTP_DURATION,
      help: 'HTTP request duration by route pattern and status (its _count counts the requests)',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
    }),
    makeHistogramProvider({
      name: MAP_DURATION,
      help: 'Map operation duration by kind and outcome (ok, error; its _count counts the operations)',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
    }),
    HttpMetrics,
    MapMetrics,
    ClientMetrics,
  ],
  exports: [HttpMetrics, MapMetrics],
})
export class MetricsModule {}
