import { ClientOfflineError } from 'hazelcast-client';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import type { HttpMetrics } from '../metrics/http-metrics';
import { FastPath } from './fast-path';
import type { MapsService } from './maps.service';

// The map calls are stubbed here: which requests the fast path takes is decided before any call.
// test/integration/fast-path.spec.ts compares its answers with the controllers' on a real member.
function fastPath(get: MapsService['get'] = async () => 'v') {
  Object.assign(PinoLogger, { root: pino({ level: 'silent' }) });
  const maps = { get, put: async () => null } as unknown as MapsService;
  const metrics = { record: jest.fn() };
  const config = { requestLog: 'all' } as AppConfig;
  return { path: new FastPath(maps, metrics as unknown as HttpMetrics, config), metrics };
}

function exchange(method: string, url: string) {
  const request = { method, url, headers: {} } as IncomingMessage;
  const response = { statusCode: 200, writeHead: jest.fn(), end: jest.fn() };
  response.writeHead.mockImplementation((status: number) => (response.statusCode = status));
  return { request, response, res: response as unknown as ServerResponse };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FastPath', () => {
  it.each(['/get?key=k', '/put?key=k&value=v', '/put?key=k&value=', '/get?key=%E2%82%AC', '/maps/m/entries/k', '/maps/m.1/entries/%E2%82%AC%2Fx'])('takes the well-formed %s', (url) => {
    const { request, res } = exchange('GET', url);
    expect(fastPath().path.take(request, res)).toBe(true);
  });

  it.each([
    ['another method', 'POST', '/get?key=k'],
    ['no query', 'GET', '/get'],
    ['an empty key', 'GET', '/get?key='],
    ['a key given twice', 'GET', '/get?key=a&key=b'],
    ['an unknown parameter', 'GET', '/get?key=k&other=1'],
    ['a control character', 'GET', '/get?key=k%01'],
    ['a key over the default limit', 'GET', `/get?key=${'k'.repeat(257)}`],
    ['a put without a value', 'GET', '/put?key=k'],
    ['a fragment', 'GET', '/get?key=k#fragment'],
    ['a trailing slash', 'GET', '/get/?key=k'],
    ['another route', 'GET', '/maps/m/size'],
    ['a query on an entry read', 'GET', '/maps/m/entries/k?key=k'],
    ['an entry read in capitals', 'GET', '/MAPS/m/entries/k'],
    ['an entry read with a trailing slash', 'GET', '/maps/m/entries/k/'],
    ['a key that does not decode', 'GET', '/maps/m/entries/%zz'],
    ["a map name of Hazelcast's own", 'GET', '/maps/__vertx/entries/k'],
    ['an entry write', 'PUT', '/maps/m/entries/k'],
  ])('leaves a request with %s to Express', (_label, method, url) => {
    const { request, res, response } = exchange(method, url);
    expect(fastPath().path.take(request, res)).toBe(false);
    expect(response.writeHead).not.toHaveBeenCalled();
  });

  it('answers the value as plain text and records the request under its route', async () => {
    const { path, metrics } = fastPath();
    const { request, res, response } = exchange('GET', '/get?key=k');
    path.take(request, res);
    await settle();
    expect(response.writeHead).toHaveBeenCalledWith(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': 1,
      'x-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(response.end).toHaveBeenCalledWith('v');
    expect(metrics.record).toHaveBeenCalledWith('GET', '/get', 200, expect.any(Number));
  });

  it('answers an entry read as the controller does: JSON of the entry, or its 404', async () => {
    const { path, metrics } = fastPath(async (_map, key) => (key === 'k' ? 'v' : null));
    const found = exchange('GET', '/maps/m/entries/k');
    const missing = exchange('GET', '/maps/m/entries/absent');
    path.take(found.request, found.res);
    path.take(missing.request, missing.res);
    await settle();
    expect(found.response.end).toHaveBeenCalledWith('{"map":"m","key":"k","value":"v"}');
    expect(missing.response.writeHead).toHaveBeenCalledWith(404, expect.objectContaining({ 'content-type': 'application/json; charset=utf-8' }));
    expect(JSON.parse(missing.response.end.mock.calls[0][0])).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no entry with key "absent" in map "m"',
    });
    expect(metrics.record).toHaveBeenCalledWith('GET', '/maps/:map/entries/:key', 404, expect.any(Number));
  });

  it('answers 503 with the filter body when the member is out of reach', async () => {
    const { path } = fastPath(async () => {
      throw new ClientOfflineError(new Error('No connection found to cluster'));
    });
    const { request, res, response } = exchange('GET', '/get?key=k');
    path.take(request, res);
    await settle();
    expect(response.writeHead).toHaveBeenCalledWith(503, expect.objectContaining({ 'content-type': 'application/json; charset=utf-8' }));
    expect(JSON.parse(response.end.mock.calls[0][0])).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the Hazelcast member is unavailable (ClientOfflineError); retry later',
    });
  });
});
