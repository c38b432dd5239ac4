export { HAZELCAST_CLIENT } from './lib/hazelcast.constants';
export { HazelcastModule } from './lib/hazelcast.module';
export type { HazelcastModuleOptions } from './lib/hazelcast.interfaces';
export { HazelcastConnectionState } from './lib/connection-state';
export { HazelcastHealthIndicator } from './lib/hazelcast.health';
export { HazelcastExceptionFilter, memberUnavailable } from './lib/hazelcast-exception.filter';
