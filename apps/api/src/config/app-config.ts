import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { HazelcastModuleOptions } from '@hazelcast-sidecar/nestjs-hazelcast';
import type { ClusterSizeOptions } from '@hazelcast-sidecar/nestjs-hazelcast/health';
import type { Environment } from './environment';

export interface Limits {
  readonly maxKeyLength: number;
  readonly maxValueBytes: number;
}

/** Typed, already validated settings; the only way the rest of the app reads its configuration. */
@Injectable()
export class AppConfig {
  private limitsRead?: Limits;

  constructor(private readonly config: ConfigService<Environment, true>) {}

  get port(): number {
    return this.config.get('PORT', { infer: true });
  }
  get host(): string {
    return this.config.get('HOST', { infer: true });
  }
  get logLevel() {
    return this.config.get('LOG_LEVEL', { infer: true });
  }
  get requestLog() {
    return this.config.get('REQUEST_LOG', { infer: true });
  }
  get readinessTimeoutMs(): number {
    return this.config.get('READINESS_TIMEOUT_MS', { infer: true });
  }
  get minimumClusterSize(): number {
    return this.config.get('HAZELCAST_MIN_CLUSTER_SIZE', { infer: true });
  }
  /**
   * What readiness expects of the member's cluster (see ClusterSizeOptions): nothing only without an
   * ordinal and with a minimum of 1, where no size is too small; with an ordinal, Pod k >= 1 must
   * have joined another member even then (discovery denied leaves every Pod alone).
   */
  get clusterSize(): ClusterSizeOptions | undefined {
    const podIndex = this.config.get('POD_INDEX', { infer: true });
    const ordinal = podIndex === '' ? undefined : Number(podIndex);
    if (this.minimumClusterSize === 1 && ordinal === undefined) return undefined;
    return { minimumMembers: this.minimumClusterSize, ordinal };
  }
  get shutdownDelayMs(): number {
    return this.config.get('SHUTDOWN_DELAY_MS', { infer: true });
  }
  /**
   * Read once: the key and value constraints ask for them on every request, and ConfigService.get
   * walks a path through lodash each time.
   */
  get limits(): Limits {
    return (this.limitsRead ??= Object.freeze({
      maxKeyLength: this.config.get('MAX_KEY_LENGTH', { infer: true }),
      maxValueBytes: this.config.get('MAX_VALUE_BYTES', { infer: true }),
    }));
  }
  get hazelcast(): HazelcastModuleOptions {
    return {
      clusterMembers: this.config.get('HAZELCAST_CLUSTER_MEMBERS', { infer: true }).split(','),
      clusterName: this.config.get('HAZELCAST_CLUSTER_NAME', { infer: true }),
      smartRouting: this.config.get('HAZELCAST_SMART_ROUTING', { infer: true }),
      asyncStart: this.config.get('HAZELCAST_ASYNC_START', { infer: true }),
      invocationTimeoutMs: this.config.get('HAZELCAST_INVOCATION_TIMEOUT_MS', { infer: true }),
      clientConfig: nearCaches(this.config.get('HAZELCAST_NEAR_CACHE_MAPS', { infer: true })),
    };
  }
}

function nearCaches(mapNames: string): HazelcastModuleOptions['clientConfig'] {
  const names = mapNames.split(',').filter((name) => name !== '');
  if (names.length === 0) return undefined;
  return { nearCaches: Object.fromEntries(names.map((name) => [name, { invalidateOnChange: true }])) };
}
