// `npm run test:editors`: the tests that need programs other than Node.
//
//  1. installs what they need (scripts/editor-tools.mjs: Neovim, Emacs with
//     eglot, python3, Dask's distributed scheduler; apt-get as root, otherwise
//     it prints the command);
//  2. runs test-editors/*.test.ts: the bundled server under Neovim and Emacs
//     (the README's snippets, loaded from docs/editors/), `hindi-news eval`
//     against score.py, and `hindi-news recognize -` on a Dask LocalCluster;
//  3. runs the browser end-to-end suite (e2e/run.mjs: code-server + Chromium),
//     which installs its own tools.
//
//   node scripts/test-editors.mjs [filter…] [--no-e2e]
// A filter (substring of a test file's path) or --no-e2e skips step 3.
import { spawnSync } from 'node:child_process';
import { ensureEditorTools } from './editor-tools.mjs';
import { runTests } from './test.mjs';

const args = process.argv.slice(2);
const filter = args.filter((a) => !a.startsWith('--'));
const e2e = !args.includes('--no-e2e') && filter.length === 0;

const missing = ensureEditorTools();
if (missing.length) {
  process.stderr.write(`test:editors: cannot run without ${missing.join(', ')} (see above)\n`);
  process.exit(1);
}
let status = runTests(['test-editors'], filter);
if (e2e) {
  process.stderr.write('test:editors: the browser end-to-end suite (e2e/run.mjs)\n');
  const r = spawnSync(process.execPath, ['e2e/run.mjs'], { stdio: 'inherit' });
  status ||= r.status ?? 1;
}
process.exit(status);
