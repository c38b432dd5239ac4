import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { histogramCount as countOf } from '../support/metrics-text.ts';
import { startObservedPod } from './observed-pod.ts';

let pod: Awaited<ReturnType<typeof startObservedPod>>;
beforeAll(async () => (pod = await startObservedPod('127.0.3.1')));
afterAll(() => pod?.stop());

async function scrapeText() {
  const response = await fetch(`${pod.app.url}/metrics`);
  // The text exposition format, version 0.0.4 (Express adds the charset parameter).
  expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*\bversion=0\.0\.4\b/);
  return response.text();
}
const scrape = async () => parsePrometheusTextFormat(await scrapeText());

function sampleValue(families: Awaited<ReturnType<typeof scrape>>, name: string, labels: Record<string, string> = {}) {
  const family = families.find((candidate) => candidate.name === name);
  const sample = family?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
  return sample === undefined ? 0 : Number(sample.value);
}

describe('GET /metrics', () => {
  it('answers the Prometheus text format with the process metrics and the cluster as the client sees it', async () => {
    const families = await scrape();
    const names = families.map((family) => family.name);
    expect(names).toEqual(expect.arrayContaining(['process_cpu_seconds_total', 'nodejs_heap_size_used_bytes', 'hazelcast_client_connected']));
    expect(sampleValue(families, 'hazelcast_client_connected')).toBe(1);
    expect(sampleValue(families, 'hazelcast_cluster_members')).toBe(1);
  });

  it('counts requests by route pattern and status, and map operations by kind and outcome, in the histograms\' _count', async () => {
    const before = await scrapeText();
    const routeLabels = { method: 'GET', route: '/maps/:map/entries/:key', status: '404' };
    for (const key of ['a', 'b', 'c']) await fetch(`${pod.app.url}/maps/metrics/entries/${key}`);
    await fetch(`${pod.app.url}/put?key=k&value=v`);
    const after = await scrapeText();

    const requests = 'http_request_duration_seconds';
    expect(parsePrometheusTextFormat(after).find((family) => family.name === requests)?.type).toBe('HISTOGRAM');
    expect(countOf(after, requests, routeLabels) - countOf(before, requests, routeLabels)).toBe(3);
    const gets = { operation: 'get', outcome: 'ok' };
    const operations = 'hazelcast_map_operation_duration_seconds';
    expect(countOf(after, operations, gets) - countOf(before, operations, gets)).toBe(3);
    // One series per route, never one per key.
    expect(after).toContain('route="/maps/:map/entries/:key"');
    expect(after).not.toContain('/maps/metrics/');
  });

  it('counts failed map operations as errors and reports the client disconnected while the member is down', async () => {
    await pod.member.kill();
    await pod.app.waitForStatus('/health/ready', 503, 10_000);
    await fetch(`${pod.app.url}/get?key=k`);
    const text = await scrapeText();
    expect(sampleValue(parsePrometheusTextFormat(text), 'hazelcast_client_connected')).toBe(0);
    expect(countOf(text, 'hazelcast_map_operation_duration_seconds', { operation: 'get', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(countOf(text, 'http_request_duration_seconds', { route: '/get', status: '503' })).toBeGreaterThanOrEqual(1);
  });
});
