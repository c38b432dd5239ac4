import { Injectable } from '@nestjs/common';
import { InjectHazelcastClient } from '@hazelcast-sidecar/nestjs-hazelcast';
import type { Client, IMap } from 'hazelcast-client';
import { MapMetrics } from '../metrics/map-metrics';
import { readStoredString } from './stored-value';

/** Map operations on the cluster, through the Pod's own member. Values are plain strings. */
@Injectable()
export class MapsService {
  // client.getMap builds a name and looks the proxy up in the client's own cache (which also
  // shares a creation in flight and forgets a failed one) behind a promise, a cost and a turn the
  // hot paths pay per request. So the proxies once created are held here and used at once. The
  // client keeps every proxy until it shuts down and re-creates their maps on a member that
  // restarted empty, so holding them keeps nothing alive that it would have dropped.
  private readonly created = new Map<string, IMap<string, string>>();

  constructor(
    @InjectHazelcastClient() private readonly client: Client,
    private readonly metrics: MapMetrics,
  ) {}

  /** Stores the value and returns the one it replaced, or null. */
  put(mapName: string, key: string, value: string, ttlSeconds?: number): Promise<string | null> {
    return this.metrics.measure('put', () =>
      this.withMap(mapName, (map) =>
        readStoredString(ttlSeconds === undefined ? map.put(key, value) : map.put(key, value, ttlSeconds * 1000)),
      ),
    );
  }

  get(mapName: string, key: string): Promise<string | null> {
    return this.metrics.measure('get', () => this.withMap(mapName, (map) => readStoredString(map.get(key))));
  }

  /** Removes the entry and returns its value, or null when there was none. */
  remove(mapName: string, key: string): Promise<string | null> {
    // Called with a key only, IMap.remove resolves the old value; its boolean result is for (key, value).
    return this.metrics.measure('remove', () => this.withMap(mapName, (map) => readStoredString(map.remove(key))));
  }

  size(mapName: string): Promise<number> {
    return this.metrics.measure('size', () => this.withMap(mapName, (map) => map.size()));
  }

  private withMap<T>(name: string, use: (map: IMap<string, string>) => Promise<T>): Promise<T> {
    const map = this.created.get(name);
    if (map) return use(map);
    return this.client.getMap<string, string>(name).then((proxy) => {
      this.created.set(name, proxy);
      return use(proxy);
    });
  }
}
