// `npm start`: build, recognise the bundled articles, and score the
// recogniser twice: on the bundled articles themselves (it was built with
// them in view, so 1.000 there is a regression check, not an estimate) and,
// beside it, on hiner-dev, a larger and noisier gold of political news from
// the HiNER corpus, which changes are checked against too (so text never seen
// scores lower: the README gives held-out figures).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const run = (args, opts = {}) => {
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
  return r;
};
const cli = (args) => spawnSync(process.execPath, ['server/out/cli.js', ...args], { encoding: 'utf8' });

run(['scripts/build.mjs']);
run(['server/out/cli.js', 'recognize', 'test-fixtures', '--format', 'pretty', '--quiet']);

const count = (f) => readFileSync(f, 'utf8').trim().split('\n').length;
const seed = cli(['eval', 'test-fixtures/seed-gold.jsonl']);
const dev = cli(['eval', 'test-fixtures/hiner-dev.jsonl']);
for (const r of [seed, dev]) if (r.status !== 0) process.exit((process.stderr.write(r.stderr), r.status ?? 1));

// The two tables side by side: label, then P/R/F1/gold for each gold set.
const rows = (out) => out.trim().split('\n').filter((l) => !l.startsWith('micro_f1='));
const a = rows(seed.stdout);
const b = rows(dev.stdout);
const width = Math.max(...a.map((l) => l.length));
const title = (s) => s.padEnd(width + 4);
process.stdout.write(
  '\n' +
    title(`bundled articles (${count('test-fixtures/seed-gold.jsonl')} articles)`) +
    `hiner-dev (${count('test-fixtures/hiner-dev.jsonl')} HiNER documents)\n` +
    a.map((l, i) => l.padEnd(width + 4) + (b[i] ?? '')).join('\n') +
    '\n\nThe bundled articles are the ones the recogniser was built with: their perfect score only shows\n' +
    'that nothing regressed. hiner-dev (political news from HiNER, larger and noisier) is closer to\n' +
    'what to expect, but changes are checked against it too: on text the recogniser has never seen,\n' +
    'expect less (the README, "Quick start", gives held-out figures). `npx hindi-news eval GOLD.jsonl\n' +
    '[PRED.jsonl] --errors` lists every miss.\n',
);
