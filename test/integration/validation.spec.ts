import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

// Small limits, set through the environment, prove that the limits are configurable.
const MAX_KEY_LENGTH = 32;
const MAX_VALUE_BYTES = 1024;

const pod = podAt('127.0.2.3');
let member: MemberProcess;
let app: AppProcess;

beforeAll(async () => {
  const workDir = newWorkDir('validation');
  member = startPodMember(pod, workDir);
  app = startPodApp(pod, workDir, { MAX_KEY_LENGTH: String(MAX_KEY_LENGTH), MAX_VALUE_BYTES: String(MAX_VALUE_BYTES) });
  await member.ready();
  await app.waitForStatus('/health/ready', 200);
});
afterAll(() => stopAll([app, member]));

async function send(method: string, path: string, body?: string) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as { message: string | string[] } };
}

const json = (value: unknown) => JSON.stringify(value);
const longKey = 'k'.repeat(MAX_KEY_LENGTH + 1);

const cases: Array<[string, string, string, string | undefined, number, string]> = [
  ['/put without a key', 'GET', '/put?value=v', undefined, 400, 'key is required'],
  ['/put with an empty key', 'GET', '/put?key=&value=v', undefined, 400, 'key must not be empty'],
  ['/put without a value', 'GET', '/put?key=k', undefined, 400, 'value is required'],
  ['/put with the key given twice', 'GET', '/put?key=a&key=b&value=v', undefined, 400, 'key must be a single string'],
  ['/put with an unknown parameter', 'GET', '/put?key=k&value=v&ttl=5', undefined, 400, 'property ttl should not exist'],
  ['/put with a key over the limit', 'GET', `/put?key=${longKey}&value=v`, undefined, 400, `key must be at most ${MAX_KEY_LENGTH} characters long`],
  ['/put with a control character in the key', 'GET', '/put?key=a%0Ab&value=v', undefined, 400, 'key must not contain control characters'],
  ['/put with a value over the limit', 'GET', `/put?key=k&value=${'v'.repeat(MAX_VALUE_BYTES + 1)}`, undefined, 400, `value must be at most ${MAX_VALUE_BYTES} bytes (UTF-8)`],
  ['/get without a key', 'GET', '/get', undefined, 400, 'key is required'],
  ['a map name with a space', 'GET', '/maps/bad%20name/entries/k', undefined, 400, 'map must be 1-128 characters'],
  ["a map name starting with '__' (internal maps)", 'GET', '/maps/__sidecar.health/size', undefined, 400, 'map must be 1-128 characters'],
  ['a map name over 128 characters', 'GET', `/maps/${'m'.repeat(129)}/size`, undefined, 400, 'map must be 1-128 characters'],
  ['a REST key over the limit', 'GET', `/maps/m/entries/${longKey}`, undefined, 400, `key must be at most ${MAX_KEY_LENGTH} characters long`],
  ['a body without a value', 'PUT', '/maps/m/entries/k', json({}), 400, 'value is required'],
  ['a number as the value', 'PUT', '/maps/m/entries/k', json({ value: 5 }), 400, 'value must be a single string'],
  ['a zero TTL', 'PUT', '/maps/m/entries/k', json({ value: 'v', ttlSeconds: 0 }), 400, 'ttlSeconds must be at least 1'],
  ['a fractional TTL', 'PUT', '/maps/m/entries/k', json({ value: 'v', ttlSeconds: 1.5 }), 400, 'ttlSeconds must be a whole number of seconds'],
  ['an unknown body field', 'PUT', '/maps/m/entries/k', json({ value: 'v', owner: 'me' }), 400, 'property owner should not exist'],
  ['malformed JSON', 'PUT', '/maps/m/entries/k', '{"value": "v"', 400, 'JSON'],
  // 342 three-byte characters: within the limit in characters, over it in bytes.
  ['a value over the limit in UTF-8 bytes', 'PUT', '/maps/m/entries/k', json({ value: '€'.repeat(342) }), 400, `value must be at most ${MAX_VALUE_BYTES} bytes (UTF-8)`],
  ['a body far over the limit', 'PUT', '/maps/m/entries/k', json({ value: 'v'.repeat(64 * 1024) }), 413, 'too large'],
];

describe('input validation', () => {
  it.each(cases)('rejects %s with a 4xx that says why', async (_name, method, path, body, status, reason) => {
    const response = await send(method, path, body);
    expect(response.status).toBe(status);
    expect([response.body.message].flat().join('; ')).toContain(reason);
  });

  it('accepts a key and a value exactly at their limits', async () => {
    const key = 'k'.repeat(MAX_KEY_LENGTH);
    const value = '€'.repeat(Math.floor(MAX_VALUE_BYTES / 3));
    const response = await fetch(`${app.url}/maps/limits/entries/${key}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: json({ value }),
    });
    expect(response.status).toBe(200);
  });

  it('wrote nothing for any rejected request, and the app is still alive', async () => {
    expect(await (await fetch(`${app.url}/maps/m/size`)).json()).toEqual({ map: 'm', size: 0 });
    expect(await (await fetch(`${app.url}/get?key=k`)).text()).toBe('');
    expect(await app.status('/health/live')).toBe(200);
    expect(app.isRunning()).toBe(true);
  });
});
