import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { ServiceProxy, type Endpoint } from '../../tools/pod-runtime/service-proxy.ts';
import { sleep } from '../../tools/pod-runtime/wait.ts';

// Three "Pods" that answer each connection with their own name, behind the proxy on loopback
// addresses of this test's own; readiness and termination flipped by hand.
const PREFIX = '127.0.14';
const PORT = 5000;
const SYNC_MS = 100;
const pods: Array<Endpoint & { ready: boolean; terminating: boolean }> = [1, 2, 3].map((i) => ({
  name: `pod-${i}`,
  host: `${PREFIX}.${i}`,
  ready: true,
  terminating: false,
}));
const servers: Server[] = [];
const proxy = new ServiceProxy({ host: `${PREFIX}.250`, port: PORT, targetPort: PORT, pods: () => pods, syncPeriodMs: SYNC_MS });

/** Opens a connection through the proxy; resolves with the socket and the first line it reads, or the error. */
function connect(): Promise<{ socket: Socket; name?: string; error?: string }> {
  return new Promise((settle) => {
    const socket = createConnection({ host: `${PREFIX}.250`, port: PORT });
    socket.once('data', (data) => settle({ socket, name: data.toString().trim() }));
    socket.once('error', (error: NodeJS.ErrnoException) => settle({ socket, error: error.code }));
    socket.once('close', () => settle({ socket, error: 'closed' }));
  });
}

async function namesOf(connections: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < connections; i++) {
    const { socket, name, error } = await connect();
    names.push(name ?? error ?? '');
    socket.destroy();
  }
  return names;
}

beforeAll(async () => {
  for (const pod of pods) {
    // Each line a client sends is echoed back prefixed with the Pod's name.
    const server = createServer((socket) => {
      socket.write(`${pod.name}\n`);
      socket.on('data', (data) => socket.write(`${pod.name}:${data.toString()}`));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((listening) => server.listen(PORT, pod.host, () => listening()));
    servers.push(server);
  }
  await proxy.listen();
});

afterAll(async () => {
  await proxy.close();
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
});

describe('ServiceProxy, a kube-proxy-like Service over the local Pods', () => {
  it('sends each new connection to the next Ready Pod in turn', async () => {
    expect(await namesOf(6)).toEqual(['pod-1', 'pod-2', 'pod-3', 'pod-1', 'pod-2', 'pod-3']);
  });

  it('leaves out a Pod that is not Ready, or terminating, once it has synced; an open connection stays on its Pod', async () => {
    const open = await connect();
    const pinned = open.name;
    const pod = pods.find((candidate) => candidate.name === pinned);
    if (!pod) throw new Error(`connected to ${pinned}`);
    pod.ready = false;
    pods[(pods.indexOf(pod) + 1) % 3].terminating = true;
    await sleep(SYNC_MS * 3);
    const names = await namesOf(4);
    const remaining = pods.find((candidate) => candidate.ready && !candidate.terminating)?.name;
    expect(names).toEqual([remaining, remaining, remaining, remaining]);

    const echoed = new Promise<string>((answered) => open.socket.once('data', (data) => answered(data.toString())));
    open.socket.write('still here\n');
    expect(await echoed).toBe(`${pinned}:still here\n`);
    open.socket.destroy();
  });

  it('resets a connection when no Pod is Ready', async () => {
    for (const pod of pods) pod.ready = false;
    await sleep(SYNC_MS * 3);
    const { name, error } = await connect();
    expect(name).toBeUndefined();
    expect(error).toBe('ECONNRESET');
    for (const pod of pods) Object.assign(pod, { ready: true, terminating: false });
  });

  it('resets the connection of a Ready Pod whose port refuses it', async () => {
    await new Promise((closed) => servers[0].close(closed));
    pods[1].ready = false;
    pods[2].ready = false;
    await sleep(SYNC_MS * 3);
    const { error } = await connect();
    expect(error).toBe('ECONNRESET');
  });
});
