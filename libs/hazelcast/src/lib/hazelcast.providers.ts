import type { FactoryProvider } from '@nestjs/common';
import { Client } from 'hazelcast-client';
import { buildClientConfig } from './client-config';
import { HazelcastConnectionState } from './connection-state';
import { HAZELCAST_CLIENT } from './hazelcast.constants';
import type { HazelcastModuleOptions } from './hazelcast.interfaces';
import { MODULE_OPTIONS_TOKEN } from './hazelcast.module-definition';
import { restrictToConfiguredMembers } from './member-binding';

export const hazelcastClientProvider: FactoryProvider<Promise<Client>> = {
  provide: HAZELCAST_CLIENT,
  inject: [MODULE_OPTIONS_TOKEN, HazelcastConnectionState],
  useFactory: async (options: HazelcastModuleOptions, state: HazelcastConnectionState) => {
    const config = buildClientConfig(options, state.onLifecycleState);
    const smartRouting = config.network?.smartRouting ?? true;
    const bind = options.bindToConfiguredMember ?? !smartRouting;
    if (bind && smartRouting) {
      throw new Error('HazelcastModule: bindToConfiguredMember needs smartRouting: false (a smart client connects to every member)');
    }
    // With asyncStart this resolves at once and the member list is still empty, so the binding is
    // in place before the client could learn of any other member.
    const client = await Client.newHazelcastClient(config);
    if (bind) restrictToConfiguredMembers(client, config.network?.clusterMembers ?? []);
    return client;
  },
};
