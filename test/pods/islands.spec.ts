import { startApp, type AppProcess } from '../../tools/pod-runtime/app-process.ts';
import { renderChart, type RenderOptions } from '../../tools/pod-runtime/chart.ts';
import { startMember, type MemberAddress, type MemberProcess } from '../../tools/pod-runtime/member-process.ts';
import { podTemplateFrom } from '../../tools/pod-runtime/rendered-pod.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { newWorkDir } from '../support/sidecar.ts';

// Members and apps with the chart's rendered hazelcast.yaml and app env: a Pod whose member is
// alone while its release expects more must leave the Service, loudly; a release scaled down to
// a minimum of 1 must not. Members on loopback: one that cannot see the others is simply one
// whose TCP-IP list names only itself (real network partitions: docs/split-brain.md).
const processes: Array<MemberProcess | AppProcess> = [];
afterAll(() => Promise.all(processes.map((process) => process.kill())));

async function release(set: RenderOptions['set']) {
  const template = podTemplateFrom(await renderChart({ set }));
  const workDir = newWorkDir('islands');
  return {
    template,
    member(self: MemberAddress, peers: MemberAddress[]) {
      const member = startMember({ name: `member-${self.host}`, self, peers, config: template.member.config, workDir });
      processes.push(member);
      return member;
    },
    app(member: MemberAddress, ordinal: number, port = 5000) {
      const env = { ...template.app.env, POD_INDEX: String(ordinal), HAZELCAST_CLUSTER_MEMBERS: `${member.host}:${member.port}` };
      const app = startApp({ name: `app-${member.host}-${port}`, host: member.host, port, env, workDir });
      processes.push(app);
      return app;
    },
  };
}

type Indicator = { status: string; members?: number; message?: string };
type HealthBody = { info?: Record<string, Indicator>; error?: Record<string, Indicator> };

const readiness = async (app: AppProcess) => {
  const response = await fetch(`${app.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as HealthBody };
};
const metric = async (app: AppProcess, name: string) => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
};
const put = async (app: AppProcess) => (await fetch(`${app.url}/put?key=k&value=v`)).status;

/** Pod 1's app on a member alone: live, connected, and not ready for the reason `message` names. */
async function pod1Alone(chart: Awaited<ReturnType<typeof release>>, self: MemberAddress, peers: MemberAddress[], message: RegExp) {
  await chart.member(self, peers).ready(90_000);
  const app = chart.app(self, 1);
  await app.waitForStatus('/health/live', 200, 60_000);
  await waitFor('the client to connect', async () => (await metric(app, 'hazelcast_client_connected')) === 1, { timeoutMs: 60_000 });
  const { status, body } = await readiness(app);
  expect(status).toBe(503);
  expect(body.error?.hazelcast).toEqual({ status: 'down', members: 1, message: expect.stringMatching(message) });
  return app;
}

describe('a Pod whose member is alone while its release of 3 expects a majority, 2', () => {
  const first = { host: '127.0.23.11', port: 5701 };
  const second = { host: '127.0.23.12', port: 5701 };
  let pod1: AppProcess;
  let pod0: AppProcess;
  let joining: MemberProcess;

  it('is not ready, and its readiness names why; /metrics shows 1 member against a minimum of 2; writes are refused', async () => {
    const chart = await release({ replicaCount: 3 });
    expect(chart.template.app.env.HAZELCAST_MIN_CLUSTER_SIZE).toBe('2');
    pod1 = await pod1Alone(chart, first, [first], /^the cluster has 1 member\(s\), fewer than the 2 expected \(minimum cluster size 2\)/);
    expect(await metric(pod1, 'hazelcast_cluster_members')).toBe(1);
    expect(await metric(pod1, 'hazelcast_cluster_minimum_members')).toBe(2);
    expect(await put(pod1)).toBe(503);

    // Pod 0 of a release that starts one Pod at a time: alone is all it can be before it is ready.
    pod0 = chart.app(first, 0, 5001);
    await pod0.waitForStatus('/health/ready', 200, 60_000);

    joining = chart.member(second, [first, second]);
    await joining.ready(90_000);
    await pod1.waitForStatus('/health/ready', 200, 60_000);
    expect((await readiness(pod1)).body.info?.hazelcast).toEqual({ status: 'up', members: 2 });
    expect(await put(pod1)).toBe(200);
  });

  it('is not ready again, Pod 0 too, once the other member is gone (a split, seen from the smaller side)', async () => {
    await joining.kill();
    await pod1.waitForStatus('/health/ready', 503, 60_000);
    await pod0.waitForStatus('/health/ready', 503, 60_000);
    expect((await readiness(pod0)).body.error?.hazelcast.message).toMatch(/fewer than the 2 expected/);
  });
});

describe('Pod 1 of a release of 2, whose default minimum is 1 (no protection)', () => {
  const first = { host: '127.0.23.31', port: 5701 };
  const second = { host: '127.0.23.32', port: 5701 };
  let pod1: AppProcess;
  let other: MemberProcess;

  it('is not ready while its member has never seen another (discovery denied: every Pod alone), naming why', async () => {
    const chart = await release({ replicaCount: 2 });
    expect(chart.template.app.env.HAZELCAST_MIN_CLUSTER_SIZE).toBe('1');
    pod1 = await pod1Alone(chart, first, [first, second], /^the member has seen no other member since this app started, and Pod 1 starts after Pod 0/);

    other = chart.member(second, [first, second]);
    await other.ready(90_000);
    await pod1.waitForStatus('/health/ready', 200, 60_000);
    expect((await readiness(pod1)).body.info?.hazelcast).toEqual({ status: 'up', members: 2 });
  });

  it('stays ready and serving once the other member is gone: it joined once, and 1 member is the minimum', async () => {
    await other.kill();
    await waitFor('a cluster of 1', async () => (await metric(pod1, 'hazelcast_cluster_members')) === 1, { timeoutMs: 60_000 });
    for (let probe = 0; probe < 3; probe++) {
      const { status, body } = await readiness(pod1);
      expect({ status, hazelcast: body.info?.hazelcast }).toEqual({ status: 200, hazelcast: { status: 'up', members: 1 } });
      await new Promise((settle) => setTimeout(settle, 1_000));
    }
    expect(await put(pod1)).toBe(200);
  });
});

describe('a release scaled down to one Pod with a minimum of 1', () => {
  const first = { host: '127.0.23.21', port: 5701 };
  const second = { host: '127.0.23.22', port: 5701 };

  it('stays ready and keeps serving when its cluster goes from 2 members to 1', async () => {
    const chart = await release({ replicaCount: 3, 'splitBrain.minimumClusterSize': 1 });
    await chart.member(first, [first, second]).ready(90_000);
    const leaving = chart.member(second, [first, second]);
    await leaving.ready(90_000);
    const app = chart.app(first, 0);
    await app.waitForStatus('/health/ready', 200, 60_000);
    await waitFor('a cluster of 2', async () => (await metric(app, 'hazelcast_cluster_members')) === 2, { timeoutMs: 60_000 });

    await leaving.stop(60_000);
    await waitFor('a cluster of 1', async () => (await metric(app, 'hazelcast_cluster_members')) === 1, { timeoutMs: 60_000 });
    for (let probe = 0; probe < 3; probe++) {
      expect((await readiness(app)).status).toBe(200);
      await new Promise((settle) => setTimeout(settle, 1_000));
    }
    expect(await put(app)).toBe(200);
  });
});
