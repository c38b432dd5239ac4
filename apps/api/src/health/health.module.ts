import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';

@Module({
  imports: [
    // No log line per failed probe: while the member is away the kubelet probes every few seconds,
    // the probe's own response carries the reason, and the client already warns of the outage once
    // per reconnection attempt.
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [HealthController],
})
export class HealthModule {}
