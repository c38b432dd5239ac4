import { mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_BATCHING, logDestination } from './log-destination';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the log destination', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'log-destination-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every line whole and in order, lines longer than a write and multi-byte text included', async () => {
    const file = join(dir, 'out.log');
    const out = logDestination(openSync(file, 'w'));
    const lines = Array.from({ length: 2_000 }, (_, index) => {
      // Mostly request-line sized, with a line over the write cap every 250 (a long stack trace).
      const size = index % 250 === 0 ? 3 * LOG_BATCHING.maxWrite : 150 + (index % 90);
      return `${index}:` + 'x'.repeat(size) + 'é€😀';
    });
    // In bursts, the way the responses of many connections finish in one turn of the event loop.
    for (let from = 0; from < lines.length; from += 64) {
      for (const line of lines.slice(from, from + 64)) out.write(`${line}\n`);
      await nextTurn();
    }
    // What is left below a write's minimum goes out with the periodic flush.
    const bytes = Buffer.byteLength(lines.join('\n') + '\n');
    for (let waited = 0; statSync(file).size < bytes && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readFileSync(file, 'utf8').split('\n').slice(0, -1)).toEqual(lines);
  });

  it('writes what it has gathered when asked to flush synchronously', () => {
    const file = join(dir, 'out.log');
    const out = logDestination(openSync(file, 'w'));
    out.write('{"msg":"first"}\n');
    out.write('{"msg":"second"}\n');
    expect(readFileSync(file, 'utf8')).toBe('');
    out.flushSync();
    expect(readFileSync(file, 'utf8')).toBe('{"msg":"first"}\n{"msg":"second"}\n');
  });
});
