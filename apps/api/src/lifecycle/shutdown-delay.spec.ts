import type { HazelcastConnectionState } from '@hazelcast-sidecar/nestjs-hazelcast';
import { Agent, createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/app-config';
import { ShutdownDelay } from './shutdown-delay';

function connectionHeader(server: Server, agent: Agent): Promise<string | undefined> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.headers.connection));
    }).on('error', reject);
  });
}

describe('ShutdownDelay', () => {
  let server: Server;
  const agent = new Agent({ keepAlive: true });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterAll(() => agent.destroy());

  it('keeps connections alive while running, and asks every client to close its connection from SIGTERM on', async () => {
    const delay = new ShutdownDelay(
      { shutdownDelayMs: 0 } as AppConfig,
      { markShuttingDown: jest.fn() } as unknown as HazelcastConnectionState,
    );
    server = createServer((_request, response) => response.end('ok'));
    delay.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    expect(await connectionHeader(server, agent)).toBe('keep-alive');
    await delay.beforeApplicationShutdown('SIGTERM');
    expect(await connectionHeader(server, agent)).toBe('close');
  });
});
