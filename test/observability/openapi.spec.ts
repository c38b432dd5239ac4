import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startObservedPod } from './observed-pod.ts';

// Non-default limits, so the test sees that the document shows the limits in force.
const MAX_KEY_LENGTH = 40;
const MAX_VALUE_BYTES = 2048;

type Schema = { type?: string; pattern?: string; maxLength?: number; minLength?: number; 'x-max-bytes'?: number };
type Operation = { parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>; requestBody?: unknown };
type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, Schema>; required?: string[] }> };
};

let pod: Awaited<ReturnType<typeof startObservedPod>>;
let document: OpenApiDocument;
let workDir: string;

beforeAll(async () => {
  pod = await startObservedPod('127.0.3.3', { MAX_KEY_LENGTH: String(MAX_KEY_LENGTH), MAX_VALUE_BYTES: String(MAX_VALUE_BYTES) });
  workDir = pod.workDir;
  const response = await fetch(`${pod.app.url}/docs-json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
});
afterAll(() => pod?.stop());

const parameter = (path: string, method: string, name: string) =>
  document.paths[path]?.[method]?.parameters?.find((candidate) => candidate.name === name);

describe('the OpenAPI document at /docs-json', () => {
  it('is a valid OpenAPI 3 document (checked by an OpenAPI schema validator)', async () => {
    const file = join(workDir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    // The validator is ESM-only: run its CLI rather than load it into Jest's CommonJS sandbox.
    const validator = join(__dirname, '../../node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [validator, file]).catch((failure) => failure);
    expect(JSON.parse(stdout)).toEqual({ valid: true });
    expect(document.openapi).toMatch(/^3\./);
  });

  it('lists every endpoint of the API', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'GET /put',
        'GET /get',
        'GET /maps/{map}/entries/{key}',
        'PUT /maps/{map}/entries/{key}',
        'DELETE /maps/{map}/entries/{key}',
        'GET /maps/{map}/size',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
      ].sort(),
    );
  });

  it('shows the key and value limits this instance enforces, and the API enforces exactly those', async () => {
    const key = parameter('/put', 'get', 'key');
    expect(key).toMatchObject({ in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH } });
    expect(parameter('/maps/{map}/entries/{key}', 'get', 'key')?.schema.maxLength).toBe(MAX_KEY_LENGTH);
    expect(parameter('/put', 'get', 'value')?.schema['x-max-bytes']).toBe(MAX_VALUE_BYTES);

    const atLimit = 'k'.repeat(MAX_KEY_LENGTH);
    expect((await fetch(`${pod.app.url}/put?key=${atLimit}&value=v`)).status).toBe(200);
    expect((await fetch(`${pod.app.url}/put?key=${atLimit}k&value=v`)).status).toBe(400);
    expect((await fetch(`${pod.app.url}/put?key=k&value=${'v'.repeat(MAX_VALUE_BYTES)}`)).status).toBe(200);
    expect((await fetch(`${pod.app.url}/put?key=k&value=${'v'.repeat(MAX_VALUE_BYTES + 1)}`)).status).toBe(400);
  });

  it("documents the map name's pattern, and names it matches are accepted while others are refused", async () => {
    const pattern = new RegExp(parameter('/maps/{map}/size', 'get', 'map')?.schema.pattern ?? 'missing');
    for (const name of ['orders', 'a.b_c-1', '__internal', '-dash', 'x'.repeat(129)]) {
      const status = (await fetch(`${pod.app.url}/maps/${name}/size`)).status;
      expect({ name, status }).toEqual({ name, status: pattern.test(name) ? 200 : 400 });
    }
  });

  it('describes the body of a write with its optional TTL bounds', () => {
    const body = document.components.schemas.PutEntryBody;
    expect(body.required).toEqual(['value']);
    expect(body.properties.value['x-max-bytes']).toBe(MAX_VALUE_BYTES);
    expect(body.properties.ttlSeconds).toMatchObject({ type: 'integer', minimum: 1 });
  });
});
