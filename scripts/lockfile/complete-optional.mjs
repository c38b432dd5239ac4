// Records in package-lock.json every optional dependency that npm left out of it.
//
// Why: the package registry this project's machines reach mirrors only some platforms' builds of
// packages such as sass-embedded-* and @unrs/resolver-binding-* (optional, one per OS and CPU).
// npm then writes a lock without the missing ones, and `npm ci` refuses that lock as out of sync.
// An entry with the version and "optional": true is enough: npm ci skips what it cannot fetch or
// does not fit the platform, and installs the right build wherever the registry has it.
//
// Run after `npm install <package>`: node scripts/lockfile/complete-optional.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const missing = [];

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted] || missing.some((item) => item.path === hoisted)) continue;
    missing.push({ path: hoisted, entry: { version, dev: entry.dev ?? false, optional: true } });
  }
}

if (process.argv.includes('--check')) {
  if (missing.length > 0) {
    console.error(`package-lock.json lacks ${missing.length} optional packages (${missing[0].path}, ...): npm ci would refuse it.`);
    console.error('Run: node scripts/lockfile/complete-optional.mjs');
    process.exit(1);
  }
  console.log('package-lock.json records every optional dependency');
} else {
  for (const { path, entry } of missing) packages[path] = entry;
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`recorded ${missing.length} optional packages in package-lock.json`);
}
