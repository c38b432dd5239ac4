import { Controller, Get, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'hazelcast-client';
import { InjectHazelcastClient } from './hazelcast.decorators';
import { HazelcastModule } from './hazelcast.module';

// Nothing listens on port 1: with asyncStart the client starts at once and keeps trying.
const noMember = { clusterMembers: ['127.0.0.1:1'], clientConfig: { properties: { 'hazelcast.logging.level': 'OFF' } } };

@Controller()
class UsesClient {
  constructor(@InjectHazelcastClient() readonly client: Client) {}
  @Get() name() {
    return this.client.getName();
  }
}
@Module({ controllers: [UsesClient] })
class FeatureModule {}

describe('HazelcastModule', () => {
  it('gives the client to @InjectHazelcastClient() in any module (global) and shuts it down with the app', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [HazelcastModule.forRoot(noMember), FeatureModule] }).compile();
    const client = moduleRef.get(UsesClient).client;
    expect(client).toBeInstanceOf(Client);
    expect(client.getLifecycleService().isRunning()).toBe(true);
    await moduleRef.close();
    expect(client.getLifecycleService().isRunning()).toBe(false);
  });

  it('builds its options with forRootAsync from an injected factory', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HazelcastModule.forRootAsync({ useFactory: async () => ({ ...noMember, clusterName: 'async' }) }), FeatureModule],
    }).compile();
    const client = moduleRef.get(UsesClient).client;
    try {
      expect(client.getConfig().clusterName).toBe('async');
    } finally {
      await moduleRef.close();
    }
  });

  it('refuses bindToConfiguredMember with smart routing, saying why', async () => {
    const building = Test.createTestingModule({
      imports: [HazelcastModule.forRoot({ ...noMember, smartRouting: true, bindToConfiguredMember: true })],
    }).compile();
    await expect(building).rejects.toThrow(/bindToConfiguredMember needs smartRouting: false/);
  });
});
