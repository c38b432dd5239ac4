// A separate entry point (`<package>/health`): only apps that use @nestjs/terminus load it.
export { HazelcastHealthModule } from './lib/health/hazelcast-health.module';
export { HazelcastHealthIndicator, type HazelcastPingOptions } from './lib/health/hazelcast.health';
export type { ClusterSizeOptions } from './lib/health/cluster-size';
