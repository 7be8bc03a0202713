// Runs every *.test.ts file under client/, server/ and scripts/ with node's
// own test runner (TypeScript loaded through tsx), so CI reads one summary.
// These need Node alone; the tests that drive other programs live in
// test-editors/ and run with `npm run test:editors` (scripts/test-editors.mjs).
//
// A few test files also need the public corpora (HiNER, IL-NER) that are not
// in the repository; they say so with the line `@needs-corpora` and run only
// when `../shared/data` beside the clone holds them. Without them the runner
// says which files it left out and why, so a fresh clone's `npm test` passes
// and says what it did not check.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the corpora live: beside the repository, as scripts/heldout.ts and bench/corpus.ts read them. */
export const CORPORA = resolve(root, '..', 'shared', 'data');

export function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'out' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** True when a test file declares that it reads the corpora (a line holding `@needs-corpora`). */
export function needsCorpora(source) {
  return /^\s*(?:\*|\/\/)\s*@needs-corpora\b/m.test(source);
}

/** Splits test files into those to run and those left out because the corpora are missing. */
export function selectTests(files, corporaPresent, read = (f) => readFileSync(f, 'utf8')) {
  if (corporaPresent) return { run: files, leftOut: [] };
  const leftOut = files.filter((f) => needsCorpora(read(f)));
  return { run: files.filter((f) => !leftOut.includes(f)), leftOut };
}

/** Run the test files under `roots` whose path contains one of `filter` (all when empty); returns the exit status. */
export function runTests(roots, filter) {
  let files = roots.flatMap((d) => findTests(d));
  if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
  files.sort();
  const { run, leftOut } = selectTests(files, existsSync(CORPORA));
  const note = leftOut.length
    ? `test: not run, for want of the public HiNER and IL-NER corpora in ${CORPORA}: ${leftOut.map((f) => relative(root, f)).join(', ')} (README, "Data and licences", says where they come from)\n`
    : '';
  if (run.length === 0) {
    console.error(note + 'no test files found');
    return 1;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...run], { stdio: 'inherit' });
  // After the runner's summary, where it is read.
  if (note) process.stderr.write(note);
  return r.status ?? 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exit(runTests(['server', 'client', 'scripts'], process.argv.slice(2)));
}
