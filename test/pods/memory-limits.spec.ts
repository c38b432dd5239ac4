import autocannon from 'autocannon';
import { join } from 'node:path';
import { renderChart } from '../../tools/pod-runtime/chart.ts';
import { startProcess, type OwnedProcess } from '../../tools/pod-runtime/child-process.ts';
import { memoryCgroupsAvailable, type MemoryUsage } from '../../tools/pod-runtime/memory-cgroup.ts';
import { LocalPod } from '../../tools/pod-runtime/pod.ts';
import type { LocalPodSet } from '../../tools/pod-runtime/pod-set.ts';
import { podTemplateFrom } from '../../tools/pod-runtime/rendered-pod.ts';
import { newWorkDir } from '../support/sidecar.ts';
import { liveHeap } from './jvm-heap.ts';
import { inParallel, podSetFromChart } from './pod-set-fixture.ts';

// The chart's memory defaults under the kernel's enforcement: each container in a memory cgroup
// with its rendered limit (tools/pod-runtime/memory-cgroup.ts), so a container over its limit is
// OOM-killed here as in a cluster, and the JVM sizes its heap from that limit as in a container.
const MiB = 2 ** 20;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const VALUE = 'x'.repeat(512 * 1024);
// With the heap full, the member must still leave this share of its limit free.
const HEADROOM = 0.25;

function report(name: string, container: OwnedProcess, usage: MemoryUsage) {
  const peakRss = container.peakRssBytes() ?? NaN;
  console.log(
    `${name}: peak RSS ${mib(peakRss)} (${((100 * peakRss) / usage.limitBytes).toFixed(0)} % of the ${mib(usage.limitBytes)} limit), ` +
      `cgroup max usage ${mib(usage.maxUsageBytes)}, failcnt ${usage.failcnt}, OOM kills ${usage.oomKills}`,
  );
  return peakRss;
}

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}
const usageOf = (container: OwnedProcess) => defined(container.memoryUsage(), `${container.name}'s memory cgroup`);
const containersOf = (pod: LocalPod) => ({ member: defined(pod.member, 'the member'), app: defined(pod.app, 'the app') });

let pods: LocalPodSet | undefined;
afterEach(async () => {
  await pods?.stopAll();
  pods = undefined;
});

describe("the member's memory limit", () => {
  it('can be enforced here: a cgroup v1 memory controller we may create children in', () => {
    expect(memoryCgroupsAvailable()).toBe(true);
  });

  it("fills the member's map until its heap is nearly full, and no container is killed: a quarter of the limit stays free", async () => {
    pods = await podSetFromChart('memory-member', '127.0.12', { set: { replicaCount: 1 } });
    await pods.start(1);
    const [pod] = pods.pods;
    const { member, app } = containersOf(pod);

    const initial = await liveHeap(member.pid);
    const limit = usageOf(member).limitBytes;
    console.log(`member heap: max ${mib(initial.maxBytes)} (old generation ${mib(initial.oldMaxBytes)}) in a ${mib(limit)} limit`);
    expect(initial.maxBytes).toBeLessThan(limit);

    let heap = initial;
    let written = 0;
    while (heap.oldUsedBytes < 0.9 * heap.oldMaxBytes) {
      // Big steps while far from full, small ones near it: each step ends with a full collection.
      const entries = Math.max(8, Math.floor((0.5 * (0.9 * heap.oldMaxBytes - heap.oldUsedBytes)) / VALUE.length));
      await inParallel(entries, 4, async () => {
        const response = await fetch(`${pod.appUrl}/maps/fill/entries/key-${written++}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: VALUE }),
        });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      });
      heap = await liveHeap(member.pid);
    }
    console.log(`wrote ${written} entries of 512 KiB: live heap ${mib(heap.usedBytes)} of ${mib(heap.maxBytes)}, old generation ${mib(heap.oldUsedBytes)} of ${mib(heap.oldMaxBytes)}`);

    expect([member.isRunning(), app.isRunning()]).toEqual([true, true]);
    const memberUsage = usageOf(member);
    const peakRss = report('member', member, memberUsage);
    report('app', app, usageOf(app));
    expect(memberUsage.oomKills).toBe(0);
    expect(usageOf(app).oomKills).toBe(0);
    expect(peakRss).toBeLessThanOrEqual((1 - HEADROOM) * limit);
  });
});

describe("the app's memory limit", () => {
  it('gives V8 a heap sized from the cgroup limit, as Node sizes it in a container', async () => {
    const template = podTemplateFrom(await renderChart());
    const limit = defined(template.app.memoryLimitBytes, "the app's memory limit");
    // -e and a plain write, not -p: -p colours its output when FORCE_COLOR is set (Nx sets it).
    const heapLimitIn = async (memoryLimitBytes: number | undefined) => {
      const probe = startProcess('v8-heap-limit', process.execPath, ['-e', 'process.stdout.write(String(v8.getHeapStatistics().heap_size_limit))'], {
        env: { ...process.env, ...template.app.env },
        logFile: join(newWorkDir('v8-heap-limit'), 'probe.log'),
        memoryLimitBytes,
      });
      expect(await probe.terminated).toBe('Completed');
      return Number(probe.log().trim());
    };
    const inLimit = await heapLimitIn(limit);
    console.log(`app: V8 heap limit ${mib(inLimit)} in a ${mib(limit)} limit (NODE_OPTIONS ${template.app.env.NODE_OPTIONS})`);
    expect(inLimit).toBeLessThanOrEqual(0.6 * limit);
    // The same flags in a cgroup four times larger: the heap follows the cgroup.
    expect(await heapLimitIn(4 * limit)).toBeGreaterThan(2 * inLimit);
  });

  it('serves a saturating load of puts and gets of 10 KiB values, and is not killed', async () => {
    pods = await podSetFromChart('memory-app', '127.0.13', { set: { replicaCount: 1 } });
    await pods.start(1);
    const [pod] = pods.pods;
    const value = 'v'.repeat(10 * 1024);
    const key = () => `key-${Math.floor(Math.random() * 10_000)}`;
    const result = await autocannon({
      url: pod.appUrl,
      connections: 64,
      duration: 20,
      requests: [
        { method: 'GET', setupRequest: (request) => ({ ...request, path: `/put?key=${key()}&value=${value}` }) },
        { method: 'GET', setupRequest: (request) => ({ ...request, path: `/get?key=${key()}` }) },
      ],
    });
    console.log(`app under load: ${result.requests.total} requests in ${result.duration} s, ${result.non2xx} non-2xx, ${result.errors} errors`);
    const { member, app } = containersOf(pod);
    expect(app.isRunning()).toBe(true);
    const usage = usageOf(app);
    const peakRss = report('app', app, usage);
    report('member', member, usageOf(member));
    expect(usage.oomKills).toBe(0);
    expect(result.non2xx + result.errors).toBe(0);
    expect(peakRss).toBeLessThanOrEqual((1 - HEADROOM) * usage.limitBytes);
  });
});

describe('the enforcement itself', () => {
  it('has the kernel kill a member whose heap does not fit its limit, reported OOMKilled', async () => {
    const template = podTemplateFrom(
      await renderChart({
        set: {
          'hazelcast.resources.requests.memory': '256Mi',
          'hazelcast.resources.limits.memory': '256Mi',
          // A heap of 90 % of the limit, all of it touched at start: heap and JVM cannot both fit.
          'hazelcast.javaOpts': '-XX:InitialRAMPercentage=90 -XX:MaxRAMPercentage=90 -XX:+AlwaysPreTouch',
        },
      }),
    );
    const pod = new LocalPod(template, 0, '127.0.14.1', () => [{ host: '127.0.14.1', port: 5701 }], newWorkDir('oom-kill'), {
      enforceMemoryLimits: true,
    });
    const member = pod.startMember();
    expect(await member.terminated).toBe('OOMKilled');
    expect(await member.exited).toBe('SIGKILL');
    const usage = usageOf(member);
    console.log(`too small a limit: OOM kills ${usage.oomKills}, failcnt ${usage.failcnt}, max usage ${mib(usage.maxUsageBytes)} of ${mib(usage.limitBytes)}`);
    expect(usage.oomKills).toBeGreaterThan(0);
    await pod.stop();
  });
});

describe("a member whose heap runs out", () => {
  it('exits with an error at once, from any thread (ExitOnOutOfMemoryError), for the kubelet to restart it', async () => {
    pods = await podSetFromChart('heap-out', '127.0.15', {
      set: { replicaCount: 1, 'hazelcast.javaOpts': '-Xms96m -Xmx96m', 'app.maxValueBytes': 1048576 },
    });
    await pods.start(1);
    const [pod] = pods.pods;
    const { member } = containersOf(pod);
    for (let i = 0; member.isRunning() && i < 1_000; i++) {
      await fetch(`${pod.appUrl}/maps/fill/entries/key-${i}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: VALUE }),
      }).then((response) => response.arrayBuffer(), () => undefined);
    }
    expect(await member.terminated).toBe('Error');
    expect(member.log()).toMatch(/OutOfMemoryError/);
    expect(await member.exited).toBe(3);
  });
});
