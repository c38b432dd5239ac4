// The framework's floor: a NestJS app on the API's own adapter (Express) with one controller that
// makes the same client calls as the API, and nothing else: no logging, metrics, validation,
// filters or docs. The API's own per-request work is judged against it. Configured like the bare
// server: HOST, PORT, HAZELCAST_CLUSTER_MEMBERS.
// Node runs this file with its types stripped, which leaves decorator syntax out: the decorators
// are applied as the functions they are, as TypeScript's own output does.
import 'reflect-metadata';
import { Controller, Get, Header, Inject, Module, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IMap } from 'hazelcast-client';
import { connectBenchClient } from './bench-client.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 5000);
const members = (process.env.HAZELCAST_CLUSTER_MEMBERS ?? '127.0.0.1:5701').split(',');
const MAP = Symbol('map');

class GuideController {
  private readonly map: IMap<string, string>;
  constructor(map: IMap<string, string>) {
    this.map = map;
  }
  async get(key: string): Promise<string> {
    return (await this.map.get(key)) ?? '';
  }
  async put(key: string, value: string): Promise<string> {
    return (await this.map.put(key, value)) ?? '';
  }
  live(): { status: string } {
    return { status: 'ok' };
  }
}

const decorate = (decorators: MethodDecorator[], name: keyof GuideController) => {
  const descriptor = Object.getOwnPropertyDescriptor(GuideController.prototype, name) as PropertyDescriptor;
  for (const decorator of decorators) decorator(GuideController.prototype, name, descriptor);
};
const TEXT = Header('content-type', 'text/plain; charset=utf-8');
decorate([Get('get'), TEXT], 'get');
decorate([Get('put'), TEXT], 'put');
decorate([Get('health/ready')], 'live');
Query('key')(GuideController.prototype, 'get', 0);
Query('key')(GuideController.prototype, 'put', 0);
Query('value')(GuideController.prototype, 'put', 1);
Inject(MAP)(GuideController, undefined, 0);
Controller()(GuideController);

async function main(): Promise<void> {
  const client = await connectBenchClient({ members });
  const map = await client.getMap<string, string>('map');
  class MinimalModule {}
  Module({ controllers: [GuideController], providers: [{ provide: MAP, useValue: map }] })(MinimalModule);
  const app = await NestFactory.create(MinimalModule, { logger: false });
  await app.listen(port, host);
  const stop = () => void app.close().then(() => client.shutdown()).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: Error) => {
  console.error(`minimal NestJS server failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
