// What every case asks for: keys drawn uniformly from a fixed key space, one value of a fixed size,
// and for each kind of target the request (or client call) that does the same map operation.

/** The map the guide's /get and /put use; every case reads and writes it. */
export const BENCH_MAP = 'map';

export type Operation = 'get' | 'put' | 'read';

/**
 * api (as the chart runs it: a log line per request), api-quiet (the same build with
 * REQUEST_LOG=errors, so no line for a request answered 2xx), minimal-nest (NestJS on the same
 * adapter with one controller and the same client calls, nothing else: the framework's floor) and
 * bare (node:http and the client) answer the same paths (/get, /put; the API and bare also
 * /maps/map/entries/:key); member-rest is the member's own REST map API; client is hazelcast-client
 * called in a loop, with no HTTP at all.
 */
export type Target = 'api' | 'api-quiet' | 'minimal-nest' | 'bare' | 'member-rest' | 'client';

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
