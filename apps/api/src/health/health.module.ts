import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HazelcastHealthModule } from '@hazelcast-sidecar/nestjs-hazelcast/health';
import { HealthController } from './health.controller';

@Module({
  imports: [
    // No log line per failed probe: while the member is away the kubelet probes every few seconds,
    // the probe's own response carries the reason, and the outage's start and end are logged once.
    TerminusModule.forRoot({ logger: false }),
    HazelcastHealthModule,
  ],
  controllers: [HealthController],
})
export class HealthModule {}
