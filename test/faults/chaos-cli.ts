// `npm run chaos -- --minutes N [--seed S]`: 3 of the chart's Pods behind a Service, 10,000 keys,
// random faults under load for N minutes, then every acknowledged write read back; a Markdown table.
import { parseArgs } from 'node:util';
import { FaultBench } from './fault-bench.ts';
import { runChaos } from './chaos.ts';

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, seed: { type: 'string' } },
});
const minutes = Number(args.minutes);
if (!(minutes > 0 && minutes <= 120)) {
  console.error('--minutes must be a number above 0 and at most 120');
  process.exit(2);
}
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(args.seed);
if (!Number.isInteger(seed)) {
  console.error('--seed must be a whole number');
  process.exit(2);
}

async function main(): Promise<number> {
  console.log(`starting 3 Pods and writing 10,000 keys; then ${minutes} min of faults (seed ${seed})`);
  const bench = await FaultBench.start('chaos', { addressPrefix: '127.0.13' });
  try {
    const result = await runChaos(bench, { durationMs: minutes * 60_000, seed });
    console.log(`\n${result.table}\n`);
    const lost = result.verification.lost.length;
    console.log(`${result.verification.keys} keys read back: ${lost} acknowledged writes lost, ${result.wrongReads} wrong reads.`);
    return lost === 0 && result.wrongReads === 0 ? 0 : 1;
  } finally {
    await bench.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
