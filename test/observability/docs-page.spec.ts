// The API docs page (Swagger UI at /docs) in a real browser: Debian's chromium
// (scripts/setup/chromium.sh), driven by playwright-core, against the built app on a real member.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startObservedPod } from './observed-pod.ts';

const CHROMIUM = '/usr/bin/chromium';
// No sandbox: the tests run as root; the rest keeps the browser off the network and quiet.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type OpenApiDocument = { paths: Record<string, Record<string, unknown>> };

let pod: Awaited<ReturnType<typeof startObservedPod>>;
let userDataDir: string;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  pod = await startObservedPod('127.0.3.4');
  userDataDir = mkdtempSync(join(tmpdir(), 'docs-page-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  page = await browser.newPage();
  await page.goto(`${pod.app.url}/docs`);
  await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
});
afterAll(async () => {
  await browser?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await pod?.stop();
});

/** The operation's block on the page, by method and path as the document spells them. */
const operation = (method: string, path: string): Locator =>
  page.locator(`.opblock-${method}`).filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });

/** Opens the operation, fills its parameters with "Try it out", executes it and returns the answer shown. */
async function tryItOut(method: string, path: string, parameters: Record<string, string>): Promise<{ status: string; body: string }> {
  const block = operation(method, path);
  await block.locator('.opblock-summary').click();
  await block.getByRole('button', { name: 'Try it out' }).click();
  for (const [name, value] of Object.entries(parameters)) await block.locator(`tr[data-param-name="${name}"] input`).fill(value);
  await block.getByRole('button', { name: 'Execute' }).click();
  // The server's answer is the live table's response row (its header row has the same columns).
  const answer = block.locator('.live-responses-table tr.response');
  await answer.waitFor();
  const body = answer.locator('.response-col_description .highlight-code pre');
  return {
    status: (await answer.locator('.response-col_status').innerText()).trim(),
    body: (await body.count()) > 0 ? (await body.first().innerText()).trim() : '',
  };
}

describe('the API docs page in a browser', () => {
  it('shows every endpoint of the OpenAPI document', async () => {
    const document = (await (await fetch(`${pod.app.url}/docs-json`)).json()) as OpenApiDocument;
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    const shown = await page.locator('.opblock').evaluateAll((blocks) =>
      blocks.map((block) => {
        const method = block.querySelector('.opblock-summary-method')?.textContent?.toLowerCase();
        return `${method} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`;
      }),
    );
    expect(documented.length).toBeGreaterThanOrEqual(6);
    expect(shown.sort()).toEqual(documented.sort());
  });

  it('puts a value with "Try it out", then gets it back', async () => {
    const value = `from-the-docs-${Date.now()}`;
    expect(await tryItOut('get', '/put', { key: 'docs-page', value })).toMatchObject({ status: '200' });
    expect(await tryItOut('get', '/get', { key: 'docs-page' })).toEqual({ status: '200', body: value });
  });
});
