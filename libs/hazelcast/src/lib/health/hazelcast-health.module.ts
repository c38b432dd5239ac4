import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HazelcastHealthIndicator } from './hazelcast.health';

/** The Hazelcast health indicator, for apps that use @nestjs/terminus; needs HazelcastModule (global by default). */
@Module({
  imports: [TerminusModule],
  providers: [HazelcastHealthIndicator],
  exports: [HazelcastHealthIndicator],
})
export class HazelcastHealthModule {}
