// Explicit property types, though inferable: class-transformer converts each variable by the type
// that decorator metadata records, and TypeScript records no type for an unannotated property.
/* eslint-disable @typescript-eslint/no-inferrable-types */
import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const REQUEST_LOGS = ['all', 'errors'] as const;
export type RequestLog = (typeof REQUEST_LOGS)[number];

// Reads the raw string: implicit conversion would already have made any non-empty string `true`.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return raw === 'true' || raw === true ? true : raw === 'false' || raw === false ? false : raw;
};

/** Every setting the app reads, from environment variables; validated once, at start. */
export class Environment {
  /** 5000, as in the classic sidecar guide. */
  @IsInt() @Min(1) @Max(65535)
  PORT: number = 5000;

  /** All interfaces in a Pod; the local runners give each "Pod" a loopback address of its own. */
  @IsString() @IsNotEmpty()
  HOST: string = '0.0.0.0';

  /** The Pod's own member. An IPv4 literal: `localhost` may resolve to ::1. */
  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, {
    message: 'HAZELCAST_CLUSTER_MEMBERS must be host:port[,host:port...], e.g. 127.0.0.1:5701',
  })
  HAZELCAST_CLUSTER_MEMBERS: string = '127.0.0.1:5701';

  @IsString() @IsNotEmpty()
  HAZELCAST_CLUSTER_NAME: string = 'dev';

  /** false: talk only to the configured (local) member. */
  @Transform(toBoolean) @IsBoolean({ message: 'HAZELCAST_SMART_ROUTING must be true or false' })
  HAZELCAST_SMART_ROUTING: boolean = false;

  /**
   * true: listen before any member answers (503 until connected). A smart client (hazelcast-client
   * 5.7) opens its connections to the other members only when it starts synchronously.
   */
  @Transform(toBoolean) @IsBoolean({ message: 'HAZELCAST_ASYNC_START must be true or false' })
  HAZELCAST_ASYNC_START: boolean = true;

  /** How long one map call may take, retries included; a request with no answer by then gets a 503. */
  @IsInt() @Min(100) @Max(600_000)
  HAZELCAST_INVOCATION_TIMEOUT_MS: number = 2_000;

  /**
   * Maps whose reads the client serves from a near cache of its own (comma-separated names); the
   * member invalidates entries that change. Empty: none, every read asks the member.
   */
  @Matches(/^([A-Za-z0-9*][A-Za-z0-9._*-]*(,[A-Za-z0-9*][A-Za-z0-9._*-]*)*)?$/, {
    message: 'HAZELCAST_NEAR_CACHE_MAPS must be map names separated by commas, e.g. map,sessions',
  })
  HAZELCAST_NEAR_CACHE_MAPS: string = '';

  /** The readiness probe's map round trip must finish within this. */
  @IsInt() @Min(50) @Max(60_000)
  READINESS_TIMEOUT_MS: number = 1_000;

  /**
   * Readiness fails while the member's cluster is smaller (an island, one side of a split); the
   * chart passes its split-brain minimum. 1: never.
   */
  @IsInt() @Min(1) @Max(1000)
  HAZELCAST_MIN_CLUSTER_SIZE: number = 1;

  /** The StatefulSet's Pod index (from the apps.kubernetes.io/pod-index label); empty outside one. */
  @Matches(/^\d{0,4}$/, { message: 'POD_INDEX must be a Pod ordinal, e.g. 0' })
  POD_INDEX: string = '';

  /** After SIGTERM: fail readiness and keep serving this long before closing (see ShutdownDelay). */
  @IsInt() @Min(0) @Max(600_000)
  SHUTDOWN_DELAY_MS: number = 0;

  @IsInt() @Min(1) @Max(4096)
  MAX_KEY_LENGTH: number = 256;

  /** Largest value accepted, in UTF-8 bytes. */
  @IsInt() @Min(1) @Max(64 * 1024 * 1024)
  MAX_VALUE_BYTES: number = 1024 * 1024;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'log';

  /** Which requests get a log line: every one, or only those answered 4xx or 5xx (all are counted in /metrics). */
  @IsIn(REQUEST_LOGS, { message: `REQUEST_LOG must be one of ${REQUEST_LOGS.join(', ')}` })
  REQUEST_LOG: RequestLog = 'all';
}

/** Validates process.env before Nest starts, so a bad setting stops the app with its message alone. */
export function checkEnvironment(): void {
  validateEnvironment(process.env);
}

/** For ConfigModule: returns the typed settings, or throws one error that lists every bad value. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.keys(new Environment());
  const given = Object.fromEntries(Object.entries(raw).filter(([name, value]) => known.includes(name) && value !== ''));
  const environment = plainToInstance(Environment, given, { enableImplicitConversion: true });
  const errors = validateSync(environment, { stopAtFirstError: true });
  if (errors.length > 0) {
    const reasons = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new Error(`invalid configuration:\n  - ${reasons.join('\n  - ')}`);
  }
  return environment;
}
