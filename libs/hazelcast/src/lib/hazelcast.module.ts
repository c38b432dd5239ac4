import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from 'hazelcast-client';
import { HazelcastConnectionState } from './connection-state';
import { HazelcastDeadlineInterceptor } from './hazelcast-deadline.interceptor';
import { HAZELCAST_CLIENT } from './hazelcast.constants';
import { ConfigurableModuleClass } from './hazelcast.module-definition';
import { hazelcastClientProvider } from './hazelcast.providers';

@Module({
  providers: [HazelcastConnectionState, hazelcastClientProvider, HazelcastDeadlineInterceptor],
  exports: [HAZELCAST_CLIENT, HazelcastConnectionState, HazelcastDeadlineInterceptor],
})
export class HazelcastModule
  extends ConfigurableModuleClass
  implements BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(HAZELCAST_CLIENT) private readonly client: Client,
    private readonly state: HazelcastConnectionState,
  ) {
    super();
  }

  beforeApplicationShutdown(): void {
    this.state.markShuttingDown();
  }

  /** Runs after the HTTP server has closed, so requests in flight finish with a live client. */
  async onApplicationShutdown(): Promise<void> {
    await this.client.shutdown();
  }
}
