/**
 * `npm test` on a fresh clone: the test files that read the public corpora
 * (not in the repository) are left out, by name, when `../shared/data` is
 * missing, and every such file says that it needs them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '..');
// scripts/test.mjs is an ES module and these tests run as CommonJS.
const load = () => import(join(root, 'scripts', 'test.mjs')) as Promise<{
  findTests(dir: string): string[];
  needsCorpora(source: string): boolean;
  selectTests(files: string[], present: boolean, read?: (f: string) => string): { run: string[]; leftOut: string[] };
}>;

test('without the corpora, the test files that need them are left out and the rest run; with them, all run', async () => {
  const { selectTests } = await load();
  const sources: Record<string, string> = {
    'a.test.ts': "import { test } from 'node:test';",
    'b.test.ts': '/**\n * Floors on held-out text.\n * @needs-corpora\n */',
    'c.test.ts': '// @needs-corpora\n',
    'd.test.ts': "// mentions needs-corpora in passing: 'x @needs-corpora' inside a string is no marker\nconst s = 'x @needs-corpora';",
  };
  const files = Object.keys(sources);
  const read = (f: string) => sources[f]!;
  assert.deepEqual(selectTests(files, false, read), { run: ['a.test.ts', 'd.test.ts'], leftOut: ['b.test.ts', 'c.test.ts'] });
  assert.deepEqual(selectTests(files, true, read), { run: files, leftOut: [] });
});

test('every test file that reads ../shared/data (the held-out corpora) is marked @needs-corpora', async () => {
  const { findTests, needsCorpora } = await load();
  const files = ['server', 'client', 'scripts'].flatMap((d) => findTests(join(root, d))).filter((f) => resolve(f) !== __filename);
  const readsCorpora = (src: string) => /from '\.\/heldout'|from '\.\.\/scripts\/heldout'|'shared', 'data'|shared\/data\//.test(src.replace(/^\s*(\*|\/\/).*$/gm, ''));
  const unmarked = files.filter((f) => readsCorpora(readFileSync(f, 'utf8')) && !needsCorpora(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
  assert.deepEqual(unmarked, [], 'these tests read the corpora: add a `@needs-corpora` line to their header comment');
  assert.ok(needsCorpora(readFileSync(join(root, 'scripts', 'heldout.test.ts'), 'utf8')), 'scripts/heldout.test.ts reads the corpora');
});
