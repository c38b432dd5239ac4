export { HazelcastModule } from './lib/hazelcast.module';
export { InjectHazelcastClient } from './lib/hazelcast.decorators';
export type { HazelcastModuleOptions } from './lib/hazelcast.interfaces';
export { HazelcastConnectionState } from './lib/connection-state';
export { HazelcastExceptionFilter } from './lib/hazelcast-exception.filter';
export { HazelcastDeadlineInterceptor } from './lib/hazelcast-deadline.interceptor';
