import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destination } from 'pino';
import { STDOUT_BATCHING } from './request-logging';

describe('the request log destination', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'log-batching-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every line whole and in order, lines longer than a batch included', async () => {
    const file = join(dir, 'out.log');
    const stream = destination({ dest: file, sync: false, ...STDOUT_BATCHING });
    await new Promise((resolve) => stream.once('ready', resolve));
    const lines = Array.from({ length: 2_000 }, (_, index) => {
      // Mostly request-line sized, with a line over the write cap every 250 (a long stack trace).
      const size = index % 250 === 0 ? 3 * STDOUT_BATCHING.maxWrite : 150 + (index % 90);
      return `${index}:` + 'x'.repeat(size) + 'é';
    });
    // In bursts, the way the responses of many connections finish in one turn of the event loop.
    for (let from = 0; from < lines.length; from += 64) {
      for (const line of lines.slice(from, from + 64)) stream.write(`${line}\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => {
      stream.once('close', resolve);
      stream.end();
    });
    expect(readFileSync(file, 'utf8').split('\n').slice(0, -1)).toEqual(lines);
  });
});
