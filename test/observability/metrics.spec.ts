import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { startObservedPod } from './observed-pod.ts';

let pod: Awaited<ReturnType<typeof startObservedPod>>;
beforeAll(async () => (pod = await startObservedPod('127.0.3.1')));
afterAll(() => pod?.stop());

async function scrape() {
  const response = await fetch(`${pod.app.url}/metrics`);
  // The text exposition format, version 0.0.4 (Express adds the charset parameter).
  expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*\bversion=0\.0\.4\b/);
  return parsePrometheusTextFormat(await response.text());
}

function sampleValue(families: Awaited<ReturnType<typeof scrape>>, name: string, labels: Record<string, string> = {}) {
  const family = families.find((candidate) => candidate.name === name);
  const sample = family?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
  return sample === undefined ? 0 : Number(sample.value ?? sample.count);
}

describe('GET /metrics', () => {
  it('answers the Prometheus text format with the process metrics and the cluster as the client sees it', async () => {
    const families = await scrape();
    const names = families.map((family) => family.name);
    expect(names).toEqual(expect.arrayContaining(['process_cpu_seconds_total', 'nodejs_heap_size_used_bytes', 'hazelcast_client_connected']));
    expect(sampleValue(families, 'hazelcast_client_connected')).toBe(1);
    expect(sampleValue(families, 'hazelcast_cluster_members')).toBe(1);
  });

  it('counts requests by route pattern and status, and map operations by kind and outcome', async () => {
    const before = await scrape();
    const routeLabels = { method: 'GET', route: '/maps/:map/entries/:key', status: '404' };
    for (const key of ['a', 'b', 'c']) await fetch(`${pod.app.url}/maps/metrics/entries/${key}`);
    await fetch(`${pod.app.url}/put?key=k&value=v`);
    const after = await scrape();

    expect(sampleValue(after, 'http_requests_total', routeLabels) - sampleValue(before, 'http_requests_total', routeLabels)).toBe(3);
    const gets = { operation: 'get', outcome: 'ok' };
    expect(sampleValue(after, 'hazelcast_map_operations_total', gets) - sampleValue(before, 'hazelcast_map_operations_total', gets)).toBe(3);
    const histogram = after.find((family) => family.name === 'http_request_duration_seconds');
    expect(histogram?.type).toBe('HISTOGRAM');
    // One series per route, never one per key.
    const routes = new Set(after.find((family) => family.name === 'http_requests_total')?.metrics.map((metric) => metric.labels?.route));
    expect([...routes].some((route) => route?.includes('/maps/metrics/'))).toBe(false);
  });

  it('counts failed map operations as errors and reports the client disconnected while the member is down', async () => {
    await pod.member.kill();
    await pod.app.waitForStatus('/health/ready', 503, 10_000);
    await fetch(`${pod.app.url}/get?key=k`);
    const families = await scrape();
    expect(sampleValue(families, 'hazelcast_client_connected')).toBe(0);
    expect(sampleValue(families, 'hazelcast_map_operations_total', { operation: 'get', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, 'http_requests_total', { route: '/get', status: '503' })).toBeGreaterThanOrEqual(1);
  });
});
