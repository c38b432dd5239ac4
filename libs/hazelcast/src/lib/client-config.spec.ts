import { ReconnectMode, type LifecycleState } from 'hazelcast-client';
import { buildClientConfig } from './client-config';

const listener: (state: LifecycleState) => void = () => undefined;

describe('buildClientConfig', () => {
  it('binds a sidecar client to the local member, starting asynchronously and reconnecting forever', () => {
    const config = buildClientConfig({ clusterMembers: ['127.0.0.1:5701'], clusterName: 'dev' }, listener);
    expect(config.clusterName).toBe('dev');
    expect(config.network).toMatchObject({ clusterMembers: ['127.0.0.1:5701'], smartRouting: false });
    expect(config.connectionStrategy).toMatchObject({
      asyncStart: true,
      reconnectMode: ReconnectMode.ASYNC,
      connectionRetry: { clusterConnectTimeoutMillis: -1 },
    });
    expect(config.properties).toMatchObject({ 'hazelcast.client.invocation.timeout.millis': 10_000 });
    expect(config.lifecycleListeners).toEqual([listener]);
    expect(config.backupAckToClientEnabled).toBe(false);
  });

  it('applies the options it is given', () => {
    const config = buildClientConfig(
      { clusterMembers: ['10.0.0.1:5701', '10.0.0.2:5701'], clusterName: 'prod', smartRouting: true, invocationTimeoutMs: 3_000 },
      listener,
    );
    expect(config.network?.clusterMembers).toEqual(['10.0.0.1:5701', '10.0.0.2:5701']);
    expect(config.network?.smartRouting).toBe(true);
    expect(config.properties?.['hazelcast.client.invocation.timeout.millis']).toBe(3_000);
  });

  it('merges extra client configuration without losing the state listener or the sidecar settings', () => {
    const extraListener: (state: LifecycleState) => void = () => undefined;
    const config = buildClientConfig(
      {
        clusterMembers: ['127.0.0.1:5701'],
        clusterName: 'dev',
        clientConfig: {
          nearCaches: { hot: { timeToLiveSeconds: 5 } },
          lifecycleListeners: [extraListener],
          network: { connectionTimeout: 1 },
        },
      },
      listener,
    );
    expect(config.nearCaches).toEqual({ hot: { timeToLiveSeconds: 5 } });
    expect(config.lifecycleListeners).toEqual([listener, extraListener]);
    expect(config.network?.clusterMembers).toEqual(['127.0.0.1:5701']);
  });
});
