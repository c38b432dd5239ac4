import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { HazelcastHealthIndicator } from '@hazelcast-sidecar/nestjs-hazelcast/health';
import { AppConfig } from '../config/app-config';

/** The kubelet's probes. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly hazelcast: HazelcastHealthIndicator,
    private readonly config: AppConfig,
  ) {}

  /**
   * Answers while the event loop does. It checks nothing else on purpose: a member outage must not
   * make the kubelet restart the app, which could not bring the member back anyway.
   */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Ready only while the client is connected to its member, a map read comes back in time, and the
   * member's cluster is as large as the release expects: an island must not take traffic.
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.hazelcast.pingCheck('hazelcast', { timeoutMs: this.config.readinessTimeoutMs, cluster: this.config.clusterSize }),
    ]);
  }
}
