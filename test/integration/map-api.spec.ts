import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { sleep } from '../../tools/pod-runtime/wait.ts';
import { connectOtherClient, newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

const pod = podAt('127.0.2.2');
let member: MemberProcess;
let app: AppProcess;

beforeAll(async () => {
  const workDir = newWorkDir('map-api');
  member = startPodMember(pod, workDir);
  app = startPodApp(pod, workDir);
  await member.ready();
  await app.waitForStatus('/health/ready', 200);
});
afterAll(() => stopAll([app, member]));

async function request(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('the REST map API', () => {
  it('writes an entry, reads it back, and reports the value it replaced', async () => {
    expect(await request('PUT', '/maps/cities/entries/nl', { value: 'Amsterdam' })).toEqual({
      status: 200,
      body: { map: 'cities', key: 'nl', value: 'Amsterdam', previousValue: null, ttlSeconds: null },
    });
    expect((await request('PUT', '/maps/cities/entries/nl', { value: 'Utrecht' })).body.previousValue).toBe('Amsterdam');
    expect(await request('GET', '/maps/cities/entries/nl')).toEqual({
      status: 200,
      body: { map: 'cities', key: 'nl', value: 'Utrecht' },
    });
  });

  it('answers 404 with the map and key for an absent entry', async () => {
    const { status, body } = await request('GET', '/maps/cities/entries/atlantis');
    expect(status).toBe(404);
    expect(body.message).toBe('no entry with key "atlantis" in map "cities"');
  });

  it('deletes an entry (204), then answers 404 for it and for deleting it again', async () => {
    await request('PUT', '/maps/deletions/entries/k', { value: 'v' });
    expect((await request('DELETE', '/maps/deletions/entries/k')).status).toBe(204);
    expect((await request('GET', '/maps/deletions/entries/k')).status).toBe(404);
    expect((await request('DELETE', '/maps/deletions/entries/k')).status).toBe(404);
  });

  it("reports a map's size", async () => {
    for (const key of ['a', 'b', 'c']) await request('PUT', `/maps/sized/entries/${key}`, { value: key });
    expect(await request('GET', '/maps/sized/size')).toEqual({ status: 200, body: { map: 'sized', size: 3 } });
    expect((await request('GET', '/maps/never-written/size')).body.size).toBe(0);
  });

  it('expires an entry written with a TTL, and keeps one written without', async () => {
    await request('PUT', '/maps/ttl/entries/short', { value: 'soon gone', ttlSeconds: 1 });
    await request('PUT', '/maps/ttl/entries/forever', { value: 'stays' });
    expect((await request('GET', '/maps/ttl/entries/short')).status).toBe(200);
    await sleep(2_500);
    expect((await request('GET', '/maps/ttl/entries/short')).status).toBe(404);
    expect((await request('GET', '/maps/ttl/entries/forever')).status).toBe(200);
  });

  it('keeps keys with slashes and spaces as one key', async () => {
    const key = encodeURIComponent('a/b c');
    await request('PUT', `/maps/odd/entries/${key}`, { value: 'v' });
    expect((await request('GET', `/maps/odd/entries/${key}`)).body.key).toBe('a/b c');
  });

  it('stores plain strings that another client reads as strings', async () => {
    await request('PUT', '/maps/interop/entries/greeting', { value: 'hello from REST' });
    const other = await connectOtherClient(pod);
    try {
      const map = await other.getMap<string, unknown>('interop');
      expect(await map.get('greeting')).toBe('hello from REST');
      await map.put('written-by-client', 'hello from a client');
    } finally {
      await other.shutdown();
    }
    expect((await request('GET', '/maps/interop/entries/written-by-client')).body.value).toBe('hello from a client');
  });
});
