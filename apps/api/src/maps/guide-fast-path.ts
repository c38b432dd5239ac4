import { Injectable, Logger } from '@nestjs/common';
import { memberUnavailable } from '@hazelcast-sidecar/hazelcast';
import { HazelcastError } from 'hazelcast-client';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { chooseRequestId, logRequest, REQUEST_ID_HEADER, type RoutedRequest } from '../logging/request-logging';
import { HttpMetrics } from '../metrics/http-metrics';
import { dtoCheck, type DtoCheck } from '../validation/dto-check';
import { GuideGetQuery, GuidePutQuery } from './dto/guide.dto';
import { GUIDE_MAP, guideText } from './guide.controller';
import { MapsService } from './maps.service';
import { parseQuery } from './query-string';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;
const JSON_TYPE = 'application/json; charset=utf-8';
// Nest's own answer to an error it does not know.
const INTERNAL_ERROR = JSON.stringify({ statusCode: 500, message: 'Internal server error' });

interface FastRoute {
  path: string;
  query: new () => object;
  call(query: object): Promise<string | null>;
}

type CheckedRoute = FastRoute & { check: DtoCheck };

/**
 * The guide's `GET /get` and `GET /put`, served ahead of Express. They are the sidecar's hot path,
 * and Express's router with Nest's per-request pipeline cost about twice the CPU of the map call
 * itself (profiled under `npm run bench`: the API at 0.3 of a bare node:http server's throughput).
 *
 * Only a request that the controller would accept is taken here: the same DTO classes, checked by
 * their own class-validator rules under the ValidationPipe's options (validation/dto-check.ts).
 * Anything else (a bad or missing key, an unknown parameter, another method or spelling of the
 * path) goes on to Express and GuideController, which answer it as they always did. What a taken
 * request gets is what the controller gives: the same body and content type, the same 503 for a
 * Hazelcast error, the same metrics and request log line.
 */
@Injectable()
export class GuideFastPath {
  private readonly logger = new Logger(GuideFastPath.name);
  private readonly routes = new Map<string, CheckedRoute>();

  constructor(
    maps: MapsService,
    private readonly metrics: HttpMetrics,
  ) {
    // The checks resolve the limit constraints through class-validator's container, which
    // app.factory.ts sets after Nest has built this provider: they are compiled on first use.
    const routes: FastRoute[] = [
      { path: '/get', query: GuideGetQuery, call: (query) => maps.get(GUIDE_MAP, (query as GuideGetQuery).key) },
      {
        path: '/put',
        query: GuidePutQuery,
        call: (query) => maps.put(GUIDE_MAP, (query as GuidePutQuery).key, (query as GuidePutQuery).value),
      },
    ];
    for (const route of routes) {
      let check: DtoCheck | undefined;
      this.routes.set(route.path, { ...route, check: (dto) => (check ??= dtoCheck(route.query))(dto) });
    }
  }

  /** Puts the fast path in front of the request listeners (Express) of the app's HTTP server. */
  attach(server: Server): void {
    const others = server.listeners('request') as Listener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!this.take(request, response)) for (const listener of others) listener.call(server, request, response);
    });
  }

  /** Answers the request and returns true when it is a well-formed guide call; else returns false. */
  take(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    const mark = url.indexOf('?');
    // '#' never reaches a server from a client, but Express would cut the query there: leave it to Express.
    if (request.method !== 'GET' || mark === -1 || url.includes('#')) return false;
    const route = this.routes.get(url.slice(0, mark));
    if (!route) return false;
    const query = new route.query() as Record<string, unknown>;
    // What Object.assign would do, without its generic path for a null-prototype source.
    const fields = parseQuery(url.slice(mark + 1));
    for (const name in fields) query[name] = fields[name];
    if (!route.check(query)) return false;
    this.answer(route, query, request as RoutedRequest, response).catch((error: unknown) => {
      // Not expected (answer catches the map call's errors); but never an unhandled rejection.
      this.logger.error(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': JSON_TYPE });
        response.end(INTERNAL_ERROR);
      } else response.destroy();
    });
    return true;
  }

  private async answer(route: CheckedRoute, query: object, request: RoutedRequest, response: ServerResponse): Promise<void> {
    const started = performance.now();
    request.id = chooseRequestId(request);
    request.route = { path: route.path };
    let status = 200;
    let type = 'text/plain; charset=utf-8';
    let body: string;
    try {
      body = guideText(await route.call(query));
    } catch (error) {
      type = JSON_TYPE;
      if (error instanceof HazelcastError) {
        // What HazelcastExceptionFilter answers and logs for the controller.
        this.logger.warn(`${error.constructor.name}: ${error.message}`);
        [status, body] = [503, JSON.stringify(memberUnavailable(error))];
      } else {
        this.logger.error(error);
        [status, body] = [500, INTERNAL_ERROR];
      }
    }
    // All headers in writeHead: Node takes its fast path when nothing was set with setHeader before.
    response.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      [REQUEST_ID_HEADER]: request.id,
    });
    response.end(body);
    const seconds = (performance.now() - started) / 1000;
    this.metrics.record('GET', route.path, status, seconds);
    logRequest(PinoLogger.root, request, response, Math.round(seconds * 1000));
  }
}
