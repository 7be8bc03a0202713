// Runs every *.test.ts file under client/, server/ and scripts/ with node's
// own test runner (TypeScript loaded through tsx), so CI reads one summary.
// These need Node alone; the tests that drive other programs live in
// test-editors/ and run with `npm run test:editors` (scripts/test-editors.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'out' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Run the test files under `roots` whose path contains one of `filter` (all when empty); returns the exit status. */
export function runTests(roots, filter) {
  let files = roots.flatMap((d) => findTests(d));
  if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
  files.sort();
  if (files.length === 0) {
    console.error('no test files found');
    return 1;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
  return r.status ?? 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exit(runTests(['server', 'client', 'scripts'], process.argv.slice(2)));
}
