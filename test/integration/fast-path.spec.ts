// The fast path (apps/api/src/maps/fast-path.ts) must answer exactly as the controllers behind
// Express do: one member, two apps built alike but for FAST_PATH, the same requests to both.
import { startApp, type AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { waitForRequestLine } from '../support/log-lines.ts';
import { APP_PORT, connectOtherClient, newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

const MAX_KEY_LENGTH = 16;
const pod = podAt('127.0.2.8');
let member: MemberProcess;
let fast: AppProcess;
let router: AppProcess;

beforeAll(async () => {
  const workDir = newWorkDir('fast-path');
  const limits = { MAX_KEY_LENGTH: String(MAX_KEY_LENGTH), LOG_LEVEL: 'log' };
  member = startPodMember(pod, workDir);
  fast = startPodApp(pod, workDir, limits);
  router = startApp({
    name: 'app-router',
    host: '127.0.2.9',
    port: APP_PORT,
    workDir,
    env: { HAZELCAST_CLUSTER_MEMBERS: `${pod.member.host}:${pod.member.port}`, FAST_PATH: 'false', ...limits },
  });
  await member.ready();
  await Promise.all([fast.waitForStatus('/health/ready', 200), router.waitForStatus('/health/ready', 200)]);
  await storeValuesOfOtherTypes(['FAST~', 'ROUTER~']);
});

// Another client may store what the API never would under a guide key: a number, an object.
async function storeValuesOfOtherTypes(prefixes: string[]) {
  const other = await connectOtherClient(pod);
  try {
    const map = await other.getMap<string, unknown>('map');
    for (const prefix of prefixes) {
      await map.put(`${prefix}number`, 42);
      await map.put(`${prefix}object`, { owner: 'another client', count: 2 });
    }
  } finally {
    await other.shutdown();
  }
}
afterAll(() => stopAll([fast, router, member]));

// K stands for a key prefix of each app's own, so that both see the same map contents.
const REQUESTS = [
  '/get?key=K1',
  '/put?key=K1&value=v1',
  '/put?key=K1&value=v2',
  '/get?key=K1',
  '/put?key=K%E2%82%AC&value=%F0%9F%98%80%20%26%20more',
  '/get?key=K%E2%82%AC',
  '/put?key=K+b&value=c+d',
  '/get?key=K%20b',
  '/put?key=K2&value=',
  '/get?key=K2',
  '/get?key=Knumber',
  '/get?key=Kobject',
  '/put?key=Knumber&value=now+a+string',
  // class-transformer drops a '__proto__' parameter before validation: both answer as if it were absent.
  '/get?key=K1&__proto__=x',
  // The REST read: found, encoded, of another type, missing (404).
  '/maps/map/entries/K1',
  '/maps/map/entries/K%E2%82%AC',
  '/maps/map/entries/K%20b',
  '/maps/map/entries/Knumber',
  '/maps/map/entries/Kobject',
  '/maps/map/entries/Kabsent',
  '/maps/other.map/entries/K1',
  // Each of these is the controller's to refuse; the fast path must not take it.
  '/get',
  '/get?',
  '/get?key=',
  '/get?key=K1&key=K2',
  '/get?key=K1&extra=1',
  '/get?key=K%00',
  `/get?key=K${'k'.repeat(MAX_KEY_LENGTH)}`,
  '/put?key=K3',
  '/put?value=v',
  '/put?key=K3&value=v&value=w',
  '/maps/map/entries/K%zz',
  '/maps/__map/entries/K1',
  `/maps/map/entries/K${'k'.repeat(MAX_KEY_LENGTH)}`,
  '/maps/map/entries/K%01',
  // Other spellings Express routes to the same handlers.
  '/GET?key=K1',
  '/get/?key=K1',
  '/MAPS/map/entries/K1',
  '/maps/map/entries/K1/',
  '/maps/map/entries/K1?extra=1',
];

async function answers(app: AppProcess, prefix: string) {
  const results = [];
  for (const path of REQUESTS) {
    const response = await fetch(`${app.url}${path.replace(/K/g, prefix)}`);
    results.push({
      path,
      status: response.status,
      type: response.headers.get('content-type'),
      hasRequestId: response.headers.has('x-request-id'),
      body: (await response.text()).replaceAll(prefix, 'K'),
    });
  }
  return results;
}

describe('the fast path', () => {
  it('answers every guide request and entry read, good or bad, exactly as the controllers do', async () => {
    const fromRouter = await answers(router, 'ROUTER~');
    const fromFast = await answers(fast, 'FAST~');
    expect(fromFast).toEqual(fromRouter);
    // The list holds both kinds, so the comparison covers taken and refused requests.
    expect(fromRouter.filter((answer) => answer.status === 200)).toHaveLength(24);
    expect(fromRouter.filter((answer) => answer.status === 400)).toHaveLength(14);
    expect(fromRouter.filter((answer) => answer.status === 404)).toHaveLength(2);
    expect(fromFast.find((answer) => answer.path === '/get?key=K%E2%82%AC')?.body).toBe('😀 & more');
    expect(fromFast.find((answer) => answer.path === '/get?key=Kobject')?.body).toBe('{"owner":"another client","count":2}');
    expect(fromFast.find((answer) => answer.path === '/maps/map/entries/K%E2%82%AC')?.body).toBe('{"map":"map","key":"K€","value":"😀 & more"}');
  });

  it('writes the same request log lines as the controllers', async () => {
    const lineOf = async (app: AppProcess, path: string, id: string) => {
      await fetch(`${app.url}${path}`, { headers: { 'x-request-id': id } });
      const line = (await waitForRequestLine(app, id)).find((entry) => entry.req?.id === id);
      const { time, pid, responseTime, req, ...rest } = line ?? {};
      expect([typeof time, typeof pid, typeof responseTime]).toEqual(['number', 'number', 'number']);
      return { ...rest, req: { ...req, id: undefined } };
    };
    const found = await lineOf(fast, '/get?key=logged', 'fast-1');
    expect(found).toEqual(await lineOf(router, '/get?key=logged', 'router-1'));
    expect(found).toMatchObject({ level: 30, route: '/get', res: { statusCode: 200 }, msg: 'request completed' });
    const missing = await lineOf(fast, '/maps/map/entries/absent', 'fast-2');
    expect(missing).toEqual(await lineOf(router, '/maps/map/entries/absent', 'router-2'));
    expect(missing).toMatchObject({ level: 40, route: '/maps/:map/entries/:key', res: { statusCode: 404 } });
  });
});
