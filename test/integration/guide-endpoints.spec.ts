import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

const pod = podAt('127.0.2.1');
let member: MemberProcess;
let app: AppProcess;

beforeAll(async () => {
  const workDir = newWorkDir('guide');
  member = startPodMember(pod, workDir);
  app = startPodApp(pod, workDir);
  await member.ready();
  await app.waitForStatus('/health/ready', 200);
});
afterAll(() => stopAll([app, member]));

const call = async (path: string) => {
  const response = await fetch(`${app.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
};

describe("the classic sidecar guide's endpoints", () => {
  it('/get of a key never put answers 200 with an empty body', async () => {
    expect(await call('/get?key=neverPut')).toMatchObject({ status: 200, body: '' });
  });

  it('/put answers the previous value and /get the stored one, as plain text', async () => {
    expect(await call('/put?key=someKey&value=someValue')).toMatchObject({ status: 200, body: '' });
    const read = await call('/get?key=someKey');
    expect(read).toMatchObject({ status: 200, body: 'someValue' });
    expect(read.type).toMatch(/^text\/plain/);
    expect(await call('/put?key=someKey&value=otherValue')).toMatchObject({ status: 200, body: 'someValue' });
    expect(await call('/get?key=someKey')).toMatchObject({ status: 200, body: 'otherValue' });
  });

  it('keeps non-ASCII keys and values intact', async () => {
    const key = encodeURIComponent('ключ-🔑');
    const value = encodeURIComponent('värde & 値 = 1');
    await call(`/put?key=${key}&value=${value}`);
    expect((await call(`/get?key=${key}`)).body).toBe('värde & 値 = 1');
  });

  it('writes to the map named "map", which the REST map API reads too', async () => {
    await call('/put?key=shared&value=fromGuide');
    const response = await fetch(`${app.url}/maps/map/entries/shared`);
    expect(await response.json()).toEqual({ map: 'map', key: 'shared', value: 'fromGuide' });
  });
});
