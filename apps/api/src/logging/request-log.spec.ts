import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import type { RequestLog as RequestLogSetting } from '../config/environment';
import { RequestLog, type FinishedRequest } from './request-log';

function requestLog(setting: RequestLogSetting) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log: new RequestLog(logger, { requestLog: setting } as AppConfig), lines };
}

const finished = (statusCode: number, map?: string): FinishedRequest => ({
  id: 'id-1',
  method: 'GET',
  route: map ? '/maps/:map/entries/:key' : '/get',
  map,
  statusCode,
  responseTimeMs: 2.4,
});

describe('RequestLog', () => {
  it('writes the id, method, route, map, status and rounded duration, and nothing of the path', () => {
    const { log, lines } = requestLog('all');
    log.write(finished(404, 'orders'));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        req: { id: 'id-1', method: 'GET', route: '/maps/:map/entries/:key', map: 'orders' },
        res: { statusCode: 404 },
        responseTime: 2,
        msg: 'request completed',
      }),
    ]);
  });

  it('writes a 2xx at info and a 5xx at error, as a failed request', () => {
    const { log, lines } = requestLog('all');
    log.write(finished(200));
    log.write(finished(503));
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [30, 'request completed'],
      [50, 'request failed'],
    ]);
  });

  it('writes only 4xx and 5xx with REQUEST_LOG=errors', () => {
    const { log, lines } = requestLog('errors');
    for (const status of [200, 204, 400, 503]) log.write(finished(status));
    expect(lines.map((line) => (line.res as { statusCode: number }).statusCode)).toEqual([400, 503]);
  });
});
