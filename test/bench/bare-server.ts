// The floor of our stack: node:http and the same hazelcast-client calls as the API (same client
// configuration, same map, same answers), with no framework, no validation beyond "is there a key"
// and no logging. Configured by the API's own variables: HOST, PORT, HAZELCAST_CLUSTER_MEMBERS,
// HAZELCAST_SMART_ROUTING.
import { createServer, type ServerResponse } from 'node:http';
import { HazelcastError, type IMap } from 'hazelcast-client';
import { connectBenchClient } from './bench-client.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 5000);
const members = (process.env.HAZELCAST_CLUSTER_MEMBERS ?? '127.0.0.1:5701').split(',');
const smartRouting = process.env.HAZELCAST_SMART_ROUTING === 'true';

const ENTRY_PATH = /^\/maps\/([^/]+)\/entries\/([^/]+)$/;

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
const text = (response: ServerResponse, body: string | null) => send(response, 200, 'text/plain; charset=utf-8', body ?? '');
const json = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));

async function main(): Promise<void> {
  const client = await connectBenchClient({ members, smartRouting });
  const maps = new Map<string, IMap<string, string>>();
  const map = async (name: string) => {
    let found = maps.get(name);
    if (!found) maps.set(name, (found = await client.getMap<string, string>(name)));
    return found;
  };

  const server = createServer(async (request, response) => {
    try {
      const [path, query = ''] = (request.url ?? '/').split('?', 2);
      const params = new URLSearchParams(query);
      const key = params.get('key');
      if (request.method !== 'GET') return json(response, 405, { message: 'GET only' });
      if (path === '/get' || path === '/put') {
        if (!key) return json(response, 400, { message: 'key is required' });
        if (path === '/get') return text(response, await (await map('map')).get(key));
        const value = params.get('value');
        if (value === null) return json(response, 400, { message: 'value is required' });
        return text(response, await (await map('map')).put(key, value));
      }
      const entry = ENTRY_PATH.exec(path);
      if (entry) {
        const [mapName, entryKey] = [decodeURIComponent(entry[1]), decodeURIComponent(entry[2])];
        const value = await (await map(mapName)).get(entryKey);
        if (value === null) return json(response, 404, { message: `no entry with key "${entryKey}"` });
        return json(response, 200, { map: mapName, key: entryKey, value });
      }
      if (path === '/health/live' || path === '/health/ready') return json(response, 200, { status: 'ok' });
      return json(response, 404, { message: 'not found' });
    } catch (error) {
      if (error instanceof HazelcastError) return json(response, 503, { message: error.message });
      return json(response, 500, { message: String(error) });
    }
  });
  server.listen(port, host);
  const stop = () => server.close(() => void client.shutdown().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: Error) => {
  console.error(`bare server failed: ${error.message}`);
  process.exit(1);
});
