import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import type { RequestLog as RequestLogSetting } from '../config/environment';

export const APP_LOGGER = Symbol('APP_LOGGER');
export const REQUEST_ID_HEADER = 'x-request-id';
export const SUCCESS_MESSAGE = 'request completed';
export const ERROR_MESSAGE = 'request failed';

/** A caller's id when it sends a usable one (so a trace spans services), else a new one. */
export function chooseRequestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

// 4xx is the caller's mistake, 5xx ours; both worth a level above info. With REQUEST_LOG=errors the
// rest get no line: /metrics counts every request anyway.
export const levelOf = (requestLog: RequestLogSetting, status: number) =>
  status >= 500 ? 'error' : status >= 400 ? 'warn' : requestLog === 'errors' ? undefined : 'info';

/** What a request line says of a finished request. */
export interface FinishedRequest {
  id: string;
  method: string;
  /** The route pattern (`/maps/:map/entries/:key`), never the path: keys are user data. */
  route: string;
  /** The map a REST route named, if any. */
  map?: string;
  statusCode: number;
  responseTimeMs: number;
}

/**
 * One JSON line per finished request (or, with REQUEST_LOG=errors, per request answered 4xx or
 * 5xx) with its id, method, route pattern, map, status and duration. Neither the path, the query
 * string nor a body is ever logged: keys and values are user data.
 */
@Injectable()
export class RequestLog {
  private readonly setting: RequestLogSetting;

  constructor(
    @Inject(APP_LOGGER) private readonly logger: Logger,
    config: AppConfig,
  ) {
    this.setting = config.requestLog;
  }

  write({ id, method, route, map, statusCode, responseTimeMs }: FinishedRequest): void {
    const level = levelOf(this.setting, statusCode);
    if (level === undefined) return;
    const line = { req: { id, method, route, map }, res: { statusCode }, responseTime: Math.round(responseTimeMs) };
    this.logger[level](line, statusCode >= 500 ? ERROR_MESSAGE : SUCCESS_MESSAGE);
  }
}
