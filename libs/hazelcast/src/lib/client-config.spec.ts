import { ReconnectMode, type LifecycleState } from 'hazelcast-client';
import { buildClientConfig } from './client-config';
import { NestClientLogger } from './client-logger';

const listener: (state: LifecycleState) => void = () => undefined;

describe('buildClientConfig', () => {
  it('builds a sidecar client by default: the local member, unisocket, async start and reconnect, no backup acks', () => {
    const config = buildClientConfig({}, listener);
    expect(config.clusterName).toBe('dev');
    expect(config.network).toEqual({ clusterMembers: ['127.0.0.1:5701'], smartRouting: false, connectionTimeout: 5_000 });
    expect(config.connectionStrategy).toMatchObject({
      asyncStart: true,
      reconnectMode: ReconnectMode.ASYNC,
      connectionRetry: { maxBackoffMillis: 2_000, clusterConnectTimeoutMillis: -1 },
    });
    expect(config.properties).toEqual({ 'hazelcast.client.invocation.timeout.millis': 2_000, 'hazelcast.client.heartbeat.timeout': 15_000, 'hazelcast.logging.level': 'WARN' });
    expect(config.lifecycleListeners).toEqual([listener]);
    expect(config.backupAckToClientEnabled).toBe(false);
    expect(config.customLogger).toBeInstanceOf(NestClientLogger);
  });

  it('applies the named options it is given, sidecar policies included', () => {
    const config = buildClientConfig(
      {
        clusterMembers: ['10.0.0.1:5701', '10.0.0.2:5701'],
        clusterName: 'prod',
        smartRouting: true,
        asyncStart: false,
        reconnectMode: ReconnectMode.ON,
        backupAcks: true,
        invocationTimeoutMs: 3_000,
        connectionTimeoutMs: 1_500,
        maxReconnectBackoffMs: 8_000,
        heartbeatTimeoutMs: 4_000,
      },
      listener,
    );
    expect(config.clusterName).toBe('prod');
    expect(config.network).toEqual({ clusterMembers: ['10.0.0.1:5701', '10.0.0.2:5701'], smartRouting: true, connectionTimeout: 1_500 });
    expect(config.connectionStrategy).toMatchObject({ asyncStart: false, reconnectMode: ReconnectMode.ON, connectionRetry: { maxBackoffMillis: 8_000 } });
    expect(config.backupAckToClientEnabled).toBe(true);
    expect(config.properties?.['hazelcast.client.invocation.timeout.millis']).toBe(3_000);
    expect(config.properties?.['hazelcast.client.heartbeat.timeout']).toBe(4_000);
  });

  it('takes the default for an option given as undefined', () => {
    const config = buildClientConfig({ smartRouting: undefined, clusterName: undefined }, listener);
    expect(config.network?.smartRouting).toBe(false);
    expect(config.clusterName).toBe('dev');
  });

  it('merges clientConfig over the options: its fields win, nested sections merge key by key, listeners add up', () => {
    const extraListener: (state: LifecycleState) => void = () => undefined;
    const customLogger = new NestClientLogger('INFO');
    const config = buildClientConfig(
      {
        clusterMembers: ['127.0.0.1:5701'],
        connectionTimeoutMs: 5_000,
        clientConfig: {
          clusterName: 'from-client-config',
          nearCaches: { hot: { timeToLiveSeconds: 5 } },
          lifecycleListeners: [extraListener],
          network: { connectionTimeout: 1 },
          connectionStrategy: { asyncStart: false, connectionRetry: { initialBackoffMillis: 10 } },
          backupAckToClientEnabled: true,
          properties: { 'hazelcast.logging.level': 'INFO' },
          customLogger,
        },
      },
      listener,
    );
    expect(config.clusterName).toBe('from-client-config');
    expect(config.nearCaches).toEqual({ hot: { timeToLiveSeconds: 5 } });
    expect(config.lifecycleListeners).toEqual([listener, extraListener]);
    expect(config.network).toEqual({ clusterMembers: ['127.0.0.1:5701'], smartRouting: false, connectionTimeout: 1 });
    expect(config.connectionStrategy).toMatchObject({
      asyncStart: false,
      reconnectMode: ReconnectMode.ASYNC,
      connectionRetry: { initialBackoffMillis: 10, maxBackoffMillis: 2_000, clusterConnectTimeoutMillis: -1 },
    });
    expect(config.backupAckToClientEnabled).toBe(true);
    expect(config.properties).toEqual({ 'hazelcast.client.invocation.timeout.millis': 2_000, 'hazelcast.client.heartbeat.timeout': 15_000, 'hazelcast.logging.level': 'INFO' });
    expect(config.customLogger).toBe(customLogger);
  });
});
