import {
  Injectable,
  Module,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

// Every request goes through Nest's one pipeline: a global guard or interceptor added later meets
// the guide's routes and the REST routes alike. No member is needed: the guard answers first.
const guarded: string[] = [];
const intercepted: string[] = [];

@Injectable()
class DenyMarkedRequests implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    guarded.push(`${request.method} ${request.route.path}`);
    return request.headers['x-deny'] === undefined;
  }
}

@Injectable()
class RecordHandlers implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    intercepted.push(`${context.getClass().name}.${context.getHandler().name}`);
    return next.handle();
  }
}

const ROUTES: Array<{ method: string; path: string; body?: string; route: string; handler: string }> = [
  { method: 'GET', path: '/get?key=k', route: 'GET /get', handler: 'GuideController.get' },
  { method: 'GET', path: '/put?key=k&value=v', route: 'GET /put', handler: 'GuideController.put' },
  { method: 'GET', path: '/maps/m/entries/k', route: 'GET /maps/:map/entries/:key', handler: 'MapsController.read' },
  { method: 'PUT', path: '/maps/m/entries/k', body: '{"value":"v"}', route: 'PUT /maps/:map/entries/:key', handler: 'MapsController.write' },
  { method: 'DELETE', path: '/maps/m/entries/k', route: 'DELETE /maps/:map/entries/:key', handler: 'MapsController.remove' },
  { method: 'GET', path: '/maps/m/size', route: 'GET /maps/:map/size', handler: 'MapsController.size' },
];

describe('the request pipeline', () => {
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    // Read when the app's modules load: a port nothing listens on, and no log lines in the test output.
    Object.assign(process.env, { HAZELCAST_CLUSTER_MEMBERS: '127.0.0.1:1', LOG_LEVEL: 'error' });
    const [{ AppModule }, { createApp }] = await Promise.all([import('./app.module'), import('./app.factory')]);
    @Module({
      imports: [AppModule],
      providers: [
        { provide: APP_GUARD, useClass: DenyMarkedRequests },
        { provide: APP_INTERCEPTOR, useClass: RecordHandlers },
      ],
    })
    class AppWithGuardAndInterceptor {}
    app = await createApp(AppWithGuardAndInterceptor);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    guarded.length = 0;
    intercepted.length = 0;
  });

  const send = (route: (typeof ROUTES)[number], headers: Record<string, string> = {}) =>
    fetch(`${url}${route.path}`, { method: route.method, body: route.body, headers: { 'content-type': 'application/json', ...headers } });

  it.each(ROUTES)('passes $route through the global guard and interceptor to its handler', async (route) => {
    await send(route);
    expect(guarded).toEqual([route.route]);
    expect(intercepted).toEqual([route.handler]);
  });

  // No member here: the map calls fail and the filter answers. The guide's plain text is for values only.
  it.each(ROUTES.slice(0, 2))('answers $route with a JSON error while the member is out of reach', async (route) => {
    const response = await send(route);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it.each(ROUTES)('lets the global guard refuse $route before its handler runs', async (route) => {
    expect((await send(route, { 'x-deny': '1' })).status).toBe(403);
    expect(guarded).toEqual([route.route]);
    expect(intercepted).toEqual([]);
  });
});
