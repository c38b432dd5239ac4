// What every case asks for: keys drawn uniformly from a fixed key space, one value of a fixed size,
// and for each kind of target the request (or client call) that does the same map operation.

/** The map the guide's /get and /put use; every case reads and writes it. */
export const BENCH_MAP = 'map';

export type Operation = 'get' | 'put' | 'read';

/**
 * api (as the chart runs it: a log line per request), api-quiet (the same build with
 * REQUEST_LOG=errors, so no line for a request answered 2xx), api-router (FAST_PATH=false: every
 * request through Express and Nest's router) and bare answer the same paths (/get, /put, /maps/map/entries/:key);
 * member-rest is the member's own REST map API; client is hazelcast-client called in a loop, with no
 * HTTP at all; no-op is node:http answering every request at once, with no map call (the machine's
 * own floor: what the load generator and the shared cores leave to any server).
 */
export type Target = 'api' | 'api-quiet' | 'api-router' | 'bare' | 'member-rest' | 'client' | 'no-op';

/** The targets that are our API: each is compared with the others. */
export type ApiTarget = Extract<Target, 'api' | 'api-quiet' | 'api-router'>;
export const isApiTarget = (target: Target): target is ApiTarget => target.startsWith('api');

export const keyName = (index: number) => `k${index}`;

export const randomKey = (keys: number) => keyName(Math.floor(Math.random() * keys));

/** ASCII letters only, so the value travels in a query string unescaped and its size is its length. */
export function valueOfSize(bytes: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let value = '';
  while (value.length < bytes) value += letters;
  return value.slice(0, bytes);
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export function httpRequest(target: Exclude<Target, 'client'>, operation: Operation, key: string, value: string): HttpRequest {
  if (target === 'member-rest') {
    // The member's REST API has no separate "read" shape: a GET of the entry is its only read.
    const path = `/hazelcast/rest/maps/${BENCH_MAP}/${key}`;
    return operation === 'put'
      ? { method: 'POST', path, body: value, headers: { 'content-type': 'text/plain' } }
      : { method: 'GET', path };
  }
  switch (operation) {
    case 'get':
      return { method: 'GET', path: `/get?key=${key}` };
    case 'put':
      return { method: 'GET', path: `/put?key=${key}&value=${value}` };
    case 'read':
      return { method: 'GET', path: `/maps/${BENCH_MAP}/entries/${key}` };
  }
}
