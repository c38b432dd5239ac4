import pino, { type Logger } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import type { RequestLog } from '../config/environment';
import { logRequest, type FastPathExchange } from './fast-path-log';
import { requestFields, requestLogging, responseFields, SUCCESS_MESSAGE } from './request-logging';

// The logger the app's fast path writes with: pino-http's, built from the app's own settings.
function appLogger(requestLog: RequestLog = 'all', level: 'log' | 'warn' = 'log') {
  const chunks: string[] = [];
  const [options] = requestLogging(level, requestLog).pinoHttp as [Options, unknown];
  const logger = pinoHttp(options, { write: (chunk: string) => chunks.push(chunk) }).logger as unknown as Logger;
  return { logger, chunks };
}

const exchange = (path: string, status: number, id = 'id-1'): FastPathExchange => ({
  id,
  method: 'GET',
  path,
  route: '/maps/:map/entries/:key',
  status,
  responseTime: 3,
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const parsed = (chunks: string[]) => chunks.join('').split('\n').slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>);

// pino's own line for an exchange: the fields pino-http's serializers give (request-logging.ts),
// written through a child that leaves req and res as they are given.
function pinoLine(given: FastPathExchange): string {
  const chunks: string[] = [];
  const same = (value: unknown) => value;
  const { id, method, path, status, responseTime, route } = given;
  pino({}, { write: (chunk: string) => chunks.push(chunk) })
    .child({}, { serializers: { req: same, res: same } })
    .info({ req: requestFields({ id, method, url: path }), res: responseFields({ statusCode: status }), responseTime, route }, SUCCESS_MESSAGE);
  return chunks.join('');
}

describe('logRequest (the fast path request log)', () => {
  it.each([
    ['a plain path and id', '/get', 'id-1'],
    ['a UUID id and a path with an encoded key', '/maps/m/entries/k%20%E2%82%AC', '0b6e1f5c-7a52-4c36-9d8e-2a8c3f4b5d6e'],
    ['what JSON must escape, in the path and the id', '/maps/m/entries/"quoted"\\back\u0001\u007f€😀', 'a"b\\c'],
    ['bytes above ASCII as Node hands them over (latin1)', '/maps/m/entries/\u00e2\u0082\u00ac', 'id-\u00ff'],
  ])("writes pino's own line for %s", async (_case, path, id) => {
    const { logger, chunks } = appLogger();
    logRequest(logger, 'all', exchange(path, 200, id));
    await nextTurn();
    const reference = pinoLine(exchange(path, 200, id));
    const [line] = parsed(chunks);
    const [expected] = parsed([reference]);
    expect({ ...line, time: 0 }).toEqual({ ...expected, time: 0 });
    expect(Object.keys(line)).toEqual(Object.keys(expected));
    expect(Math.abs((line.time as number) - (expected.time as number))).toBeLessThan(1_000);
    // Byte for byte, once the times agree: the same escapes as JSON.stringify.
    expect(chunks.join('').replace(/"time":\d+/, '"time":0')).toBe(reference.replace(/"time":\d+/, '"time":0'));
  });

  it('hands the lines of one turn of the event loop to the destination in one write, in order', async () => {
    const { logger, chunks } = appLogger();
    for (const id of ['a', 'b', 'c']) logRequest(logger, 'all', exchange('/get', 200, id));
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toHaveLength(1);
    expect(parsed(chunks).map((line) => (line.req as { id: string }).id)).toEqual(['a', 'b', 'c']);
  });

  it('writes a 4xx at warn, and a 5xx at error with its error, through pino, each in the order the responses ended', async () => {
    const { logger, chunks } = appLogger();
    const answered = [['found', 200], ['missing', 404], ['failed', 503], ['found-again', 200]] as const;
    for (const [id, status] of answered) logRequest(logger, 'all', exchange('/maps/m/entries/k', status, id));
    await nextTurn();
    const lines = parsed(chunks);
    expect(lines.map((line) => [(line.req as { id: string }).id, line.level, line.msg])).toEqual([
      ['found', 30, 'request completed'],
      ['missing', 40, 'request completed'],
      ['failed', 50, 'request failed'],
      ['found-again', 30, 'request completed'],
    ]);
    expect(lines.find((line) => line.level === 50)?.err).toMatchObject({ message: 'failed with status code 503' });
  });

  it('writes nothing for a 2xx with REQUEST_LOG=errors, nor below the logger level', async () => {
    const quiet = appLogger('errors');
    const warnOnly = appLogger('all', 'warn');
    logRequest(quiet.logger, 'errors', exchange('/get', 200));
    logRequest(warnOnly.logger, 'all', exchange('/get', 200));
    await nextTurn();
    expect([quiet.chunks, warnOnly.chunks]).toEqual([[], []]);
  });
});
