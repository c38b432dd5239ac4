import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { HazelcastModuleOptions } from './hazelcast.interfaces';

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<HazelcastModuleOptions>()
  .setClassMethodName('forRoot')
  // Global by default: an app has one client, bound to its Pod's member, used by every feature module.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
