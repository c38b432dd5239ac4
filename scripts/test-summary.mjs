// Sums the Jest result files that each project's test target writes (--json --outputFile) into one
// closing line, "N passed, N failed", so a reader (or CI) sees the whole run's count at once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, seconds] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const projects = [];
for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
  const result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  projects.push(`${file.replace(/\.json$/, '')} ${result.numPassedTests}`);
}
if (projects.length === 0) {
  console.error(`no test results in ${dir}: no test ran`);
  process.exit(1);
}
console.log(`projects: ${projects.join(', ')}; ${seconds} s for lint and tests`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
