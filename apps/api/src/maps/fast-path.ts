import { Injectable, Logger } from '@nestjs/common';
import { memberUnavailable } from '@hazelcast-sidecar/hazelcast';
import { HazelcastError } from 'hazelcast-client';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import type { RequestLog } from '../config/environment';
import { logRequest } from '../logging/fast-path-log';
import { chooseRequestId, REQUEST_ID_HEADER } from '../logging/request-logging';
import { HttpMetrics } from '../metrics/http-metrics';
import { dtoCheck, type DtoCheck } from '../validation/dto-check';
import { EntryParams } from './dto/entry.dto';
import { GuideGetQuery, GuidePutQuery } from './dto/guide.dto';
import { GUIDE_MAP, guideText } from './guide.controller';
import { entryNotFound } from './maps.controller';
import { MapsService } from './maps.service';
import { parseQuery, type QueryFields } from './query-string';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
// Nest's own answer to an error it does not know.
const INTERNAL_ERROR = JSON.stringify({ statusCode: 500, message: 'Internal server error' });

interface Answer {
  status: number;
  type: string;
  body: string;
}

interface FastRoute {
  /** The route's pattern, as Express names it in the metrics and the request log. */
  pattern: string;
  dto: new () => object;
  /** The DTO's fields, as Express and Nest would find them, when the URL is this route's; else undefined. */
  fields(path: string, query: string | undefined): QueryFields | undefined;
  answer(dto: object): Promise<Answer>;
}

type CheckedRoute = FastRoute & { check: DtoCheck };

// GET /maps/{map}/entries/{key}, spelled as the controller's route is: lower case, no trailing slash.
const ENTRY_PATH = /^\/maps\/([^/]+)\/entries\/([^/]+)$/;

/** A path segment decoded as Express decodes a route parameter; undefined where Express would answer 400. */
function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The sidecar's hot paths, served ahead of Express: the guide's `GET /get` and `GET /put`, and
 * the REST read `GET /maps/{map}/entries/{key}`. Express's router with Nest's per-request pipeline
 * cost about twice the CPU of the map call itself (profiled under `npm run bench`: the API at 0.3
 * of a bare node:http server's throughput).
 *
 * Only a request that the controller would accept is taken here: the same DTO classes, checked by
 * their own class-validator rules under the ValidationPipe's options (validation/dto-check.ts).
 * Anything else (a bad or missing field, an unknown parameter, another method or spelling of the
 * path) goes on to Express and the controllers, which answer it as they always did. What a taken
 * request gets is what the controller gives: the same body and content type, the same 404 and 503,
 * the same metrics and request log line.
 */
@Injectable()
export class FastPath {
  private readonly logger = new Logger(FastPath.name);
  private readonly routes: CheckedRoute[];
  // Read once: ConfigService.get walks a path on every call.
  private readonly requestLog: RequestLog;

  constructor(
    maps: MapsService,
    private readonly metrics: HttpMetrics,
    config: AppConfig,
  ) {
    this.requestLog = config.requestLog;
    const text = (value: unknown): Answer => ({ status: 200, type: TEXT_TYPE, body: guideText(value) });
    const query = (path: string) => (given: string, search: string | undefined) =>
      given === path && search !== undefined ? parseQuery(search) : undefined;
    const routes: FastRoute[] = [
      {
        pattern: '/get',
        dto: GuideGetQuery,
        fields: query('/get'),
        answer: async (dto) => text(await maps.get(GUIDE_MAP, (dto as GuideGetQuery).key)),
      },
      {
        pattern: '/put',
        dto: GuidePutQuery,
        fields: query('/put'),
        answer: async (dto) => {
          const { key, value } = dto as GuidePutQuery;
          return text(await maps.put(GUIDE_MAP, key, value));
        },
      },
      {
        pattern: '/maps/:map/entries/:key',
        dto: EntryParams,
        // The route takes no query; one present is left to Express.
        fields: (path, search) => {
          const match = search === undefined ? ENTRY_PATH.exec(path) : null;
          if (!match) return undefined;
          const [map, key] = [decodeSegment(match[1]), decodeSegment(match[2])];
          return map === undefined || key === undefined ? undefined : { map, key };
        },
        answer: async (dto) => {
          const { map, key } = dto as EntryParams;
          const value = await maps.get(map, key);
          if (value === null) return { status: 404, type: JSON_TYPE, body: JSON.stringify(entryNotFound(map, key).getResponse()) };
          return { status: 200, type: JSON_TYPE, body: JSON.stringify({ map, key, value }) };
        },
      },
    ];
    // The checks resolve the limit constraints through class-validator's container, which
    // app.factory.ts sets after Nest has built this provider: they are compiled on first use.
    this.routes = routes.map((route) => {
      let check: DtoCheck | undefined;
      return { ...route, check: (dto) => (check ??= dtoCheck(route.dto))(dto) };
    });
  }

  /** Puts the fast path in front of the request listeners (Express) of the app's HTTP server. */
  attach(server: Server): void {
    const others = server.listeners('request') as Listener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!this.take(request, response)) for (const listener of others) listener.call(server, request, response);
    });
  }

  /** Answers the request and returns true when it is a well-formed call of a fast route; else returns false. */
  take(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    // '#' never reaches a server from a client, but Express would cut the URL there: leave it to Express.
    if (request.method !== 'GET' || url.includes('#')) return false;
    const mark = url.indexOf('?');
    const [path, search] = mark === -1 ? [url, undefined] : [url.slice(0, mark), url.slice(mark + 1)];
    for (const route of this.routes) {
      const fields = route.fields(path, search);
      if (!fields) continue;
      const dto = new route.dto() as Record<string, unknown>;
      for (const name in fields) dto[name] = fields[name];
      if (!route.check(dto)) return false;
      this.respond(route, dto, path, request, response).catch((error: unknown) => {
        // Not expected (respond catches the map call's errors); but never an unhandled rejection.
        this.logger.error(error);
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': JSON_TYPE });
          response.end(INTERNAL_ERROR);
        } else response.destroy();
      });
      return true;
    }
    return false;
  }

  // Unlike Express, this sets nothing on the request: the id and the route go to the log as values,
  // since properties added to Node's IncomingMessage change its shape under Node's own code.
  private async respond(route: CheckedRoute, dto: object, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const id = chooseRequestId(request);
    let answer: Answer;
    try {
      answer = await route.answer(dto);
    } catch (error) {
      if (error instanceof HazelcastError) {
        // What HazelcastExceptionFilter answers and logs for the controllers.
        this.logger.warn(`${error.constructor.name}: ${error.message}`);
        answer = { status: 503, type: JSON_TYPE, body: JSON.stringify(memberUnavailable(error)) };
      } else {
        this.logger.error(error);
        answer = { status: 500, type: JSON_TYPE, body: INTERNAL_ERROR };
      }
    }
    // All headers in writeHead: Node takes its fast path when nothing was set with setHeader before.
    response.writeHead(answer.status, {
      'content-type': answer.type,
      'content-length': Buffer.byteLength(answer.body),
      [REQUEST_ID_HEADER]: id,
    });
    response.end(answer.body);
    const seconds = (performance.now() - started) / 1000;
    this.metrics.record('GET', route.pattern, answer.status, seconds);
    const responseTime = Math.round(seconds * 1000);
    logRequest(PinoLogger.root, this.requestLog, { id, method: 'GET', path, route: route.pattern, status: answer.status, responseTime });
  }
}
