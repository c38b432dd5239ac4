import type { AppProcess } from '../../tools/pod-runtime/app-process.ts';
import type { MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { sleep } from '../../tools/pod-runtime/wait.ts';
import { newWorkDir, podAt, startPodApp, startPodMember, stopAll } from '../support/sidecar.ts';
import { Load, verifyWrites, WriteLedger, writeInitialKeys } from './load.ts';
import { figuresOf, markdownTable } from './summary.ts';

// A member that hangs (SIGSTOP: what a long GC pause or a frozen node looks like) under a steady
// load of /put and /get: every request must be answered within the invocation timeout, with a 503
// and Retry-After while the member is stopped, and 200 again once it resumes.
const DEADLINE_MS = 2_000;
// Room for a loaded 2-core machine between the deadline firing and the answer reaching the caller.
const MARGIN_MS = 1_500;
const STOPPED_MS = 10_000;
const pod = podAt('127.0.2.21');
const workDir = newWorkDir('hung-member');
let member: MemberProcess;
let app: AppProcess;

afterAll(async () => {
  if (member?.isRunning()) process.kill(member.pid, 'SIGCONT');
  await stopAll([app, member]);
});

describe('a member stopped for 10 s, then resumed, under load', () => {
  it(`answers every request within ${DEADLINE_MS} ms + margin: 503 with Retry-After while stopped, 200 after, no write lost`, async () => {
    member = startPodMember(pod, workDir);
    app = startPodApp(pod, workDir, { HAZELCAST_INVOCATION_TIMEOUT_MS: String(DEADLINE_MS) });
    await app.waitForStatus('/health/ready', 200, 60_000);
    const ledger = new WriteLedger();
    const keys = Array.from({ length: 1_000 }, (_, i) => `hung-${i}`);
    await writeInitialKeys(app.url, keys, ledger);

    const load = new Load(ledger, { url: app.url, clients: 4, ratePerClient: 20, keys, maxDurationMs: 60_000 });
    load.start();
    await sleep(3_000);
    const stoppedAt = Date.now();
    process.kill(member.pid, 'SIGSTOP');
    await sleep(STOPPED_MS);
    process.kill(member.pid, 'SIGCONT');
    const resumedAt = Date.now();
    await sleep(5_000);
    await load.stop();

    const verification = await verifyWrites(app.url, ledger);
    const figures = figuresOf('member stopped 10 s (one Pod, no proxy)', load.records, verification, {
      faultAt: stoppedAt,
      wrongReads: load.wrongReads.length,
    });
    console.log(markdownTable([figures]));

    const failures = load.records.filter((record) => record.outcome !== '2xx');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((record) => record.status !== 503 || record.retryAfter !== '1')).toEqual([]);
    expect(figures.longestWaitMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    // Once resumed, the member answers what queued up while it was stopped, then everything else.
    const afterResume = load.records.filter((record) => record.startedAt > resumedAt + DEADLINE_MS);
    expect(afterResume.length).toBeGreaterThan(0);
    expect(afterResume.filter((record) => record.outcome !== '2xx')).toEqual([]);
    expect(load.wrongReads).toEqual([]);
    expect(verification.lost).toEqual([]);
  });
});
