import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { FOREIGN_VALUES, writeForeignValues } from '../support/foreign-values.ts';
import { logLines, waitForLogLines, type LogLine } from '../support/log-lines.ts';
import { histogramCount } from '../support/metrics-text.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';

// What the API answers when a call fails: a value it cannot read is the same failure on every retry
// (500, readiness stays up); a member out of reach is not (503 with Retry-After, logged once).
const pod = podAt('127.0.2.11');
const workDir = newWorkDir('error-answers');
let member: MemberProcess | undefined;
let app: AppProcess;

afterAll(() => stopAll([app, member]));

beforeAll(async () => {
  member = startPodMember(pod, workDir);
  await member.ready();
  await writeForeignValues(pod, 'shared');
  // log: the outage's end is logged at Nest's log level.
  app = startPodApp(pod, workDir, { LOG_LEVEL: 'log', REQUEST_LOG: 'errors' });
  await app.waitForStatus('/health/ready', 200, 60_000);
});

const linesFrom = (context: string, lines: LogLine[]) => lines.filter((line) => line.context === context);

async function requestsCounted(status: number): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return histogramCount(text, 'http_request_duration_seconds', { status: String(status) });
}

describe('the answers to failed calls', () => {
  it.each(Object.entries(FOREIGN_VALUES))('a %s value another client stored: 500 naming what it is, no Retry-After', async (key, { answer }) => {
    const response = await fetch(`${app.url}/maps/shared/entries/${key}`);
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('Internal Server Error');
    expect(body.message).toMatch(/^a value cannot be read or written by this client \(HazelcastSerializationError: /);
    expect(body.message).toContain(answer);
  });

  it('leaves readiness up after those answers, and string values served', async () => {
    expect(await app.status('/health/ready')).toBe(200);
    expect((await fetch(`${app.url}/maps/shared/entries/mine`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"value":"v"}' })).status).toBe(200);
    expect(await (await fetch(`${app.url}/maps/shared/entries/mine`)).json()).toMatchObject({ value: 'v' });
  });

  it('a member out of reach: 503 with Retry-After, counted in /metrics, the outage logged once', async () => {
    const countedBefore = await requestsCounted(503);
    await member?.kill();
    await app.waitForStatus('/health/ready', 503, 10_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${app.url}/maps/shared/entries/mine`)));
    for (const response of answers) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
    }
    expect(await requestsCounted(503)).toBeGreaterThanOrEqual(countedBefore + 20);

    member = startPodMember(pod, workDir);
    await app.waitForStatus('/health/ready', 200, 60_000);
    const lines = await waitForLogLines(app, 'the end of the outage', (all) =>
      linesFrom('HazelcastConnection', all).some((line) => /again after/.test(String(line.msg))),
    );
    const outage = linesFrom('HazelcastConnection', lines).map((line) => [line.level, line.msg]);
    expect(outage).toEqual([
      [30, 'connected to the Hazelcast member'],
      [40, 'lost the connection to the Hazelcast member; calls fail until it is back'],
      [30, expect.stringMatching(/^connected to the Hazelcast member again after \d+\.\ds$/)],
    ]);
    // Not a line per failed request: the filter logs only what a retry cannot fix.
    expect(linesFrom('HazelcastExceptionFilter', lines).every((line) => line.level === 50)).toBe(true);
    expect(linesFrom('HazelcastExceptionFilter', lines)).toHaveLength(Object.keys(FOREIGN_VALUES).length);
  });

  it("writes the client's own lines as JSON through the app's logger, at the client's levels", () => {
    const clientLines = linesFrom('HazelcastClient', logLines(app));
    // The member was away: the client warned of its failed connection attempts.
    expect(clientLines.some((line) => line.level === 40 && /^ConnectionManager: /.test(String(line.msg)))).toBe(true);
    expect(app.log()).not.toMatch(/\[DefaultLogger\]/);
  });
});
