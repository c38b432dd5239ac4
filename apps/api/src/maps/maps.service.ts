import { Inject, Injectable } from '@nestjs/common';
import { HAZELCAST_CLIENT } from '@hazelcast-sidecar/hazelcast';
import type { Client, IMap } from 'hazelcast-client';

/** Map operations on the cluster, through the Pod's own member. Values are plain strings. */
@Injectable()
export class MapsService {
  constructor(@Inject(HAZELCAST_CLIENT) private readonly client: Client) {}

  /** Stores the value and returns the one it replaced, or null. */
  async put(mapName: string, key: string, value: string, ttlSeconds?: number): Promise<string | null> {
    const map = await this.map(mapName);
    return ttlSeconds === undefined ? map.put(key, value) : map.put(key, value, ttlSeconds * 1000);
  }

  async get(mapName: string, key: string): Promise<string | null> {
    return (await this.map(mapName)).get(key);
  }

  /** Removes the entry and returns its value, or null when there was none. */
  async remove(mapName: string, key: string): Promise<string | null> {
    // Called with a key only, IMap.remove resolves the old value; its boolean result is for (key, value).
    return (await this.map(mapName)).remove(key) as Promise<string | null>;
  }

  async size(mapName: string): Promise<number> {
    return (await this.map(mapName)).size();
  }

  private map(name: string): Promise<IMap<string, string>> {
    return this.client.getMap<string, string>(name);
  }
}
