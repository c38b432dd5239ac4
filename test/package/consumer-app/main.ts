// A user's app, as the package's README shows it: compiled and run by test/package/tarball.spec.ts
// in a folder outside the workspace, against the packed tarball, on NestJS 11 and 12.
import { Body, Controller, Get, Module, NotFoundException, Param, Put } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { HazelcastExceptionFilter, HazelcastModule, InjectHazelcastClient } from '@hazelcast-sidecar/nestjs-hazelcast';
import { HazelcastHealthIndicator, HazelcastHealthModule } from '@hazelcast-sidecar/nestjs-hazelcast/health';
import type { Client } from 'hazelcast-client';

@Controller('maps/:map/entries/:key')
class EntriesController {
  constructor(@InjectHazelcastClient() private readonly client: Client) {}

  @Put()
  async put(@Param('map') map: string, @Param('key') key: string, @Body() body: { value: string }) {
    const entries = await this.client.getMap<string, string>(map);
    return { previousValue: await entries.put(key, body.value) };
  }

  @Get()
  async get(@Param('map') map: string, @Param('key') key: string) {
    const value = await (await this.client.getMap<string, string>(map)).get(key);
    if (value === null) throw new NotFoundException(`no entry ${key}`);
    return { value };
  }
}

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly hazelcast: HazelcastHealthIndicator,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.hazelcast.pingCheck('hazelcast', { timeoutMs: 2_000 })]);
  }
}

@Module({
  imports: [
    HazelcastModule.forRootAsync({ useFactory: () => ({ clusterMembers: [process.env.HAZELCAST_MEMBER ?? '127.0.0.1:5701'] }) }),
    TerminusModule,
    HazelcastHealthModule,
  ],
  controllers: [EntriesController, HealthController],
  providers: [{ provide: APP_FILTER, useClass: HazelcastExceptionFilter }],
})
class AppModule {}

async function bootstrap() {
  const adapter = process.env.PLATFORM === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(AppModule, adapter);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  console.log(`listening on ${process.env.PLATFORM ?? 'express'}`);
}

void bootstrap();
