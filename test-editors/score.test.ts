/**
 * `hindi-news eval` against the reference scorer (test-fixtures/score.py,
 * python3): the same table, line for line, on the seed gold and on hiner-dev.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '..');
const CLI = join(root, 'server', 'out', 'cli.js');
const FIXTURES = join(root, 'test-fixtures');

function node(args: string[], input?: string) {
  return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

for (const goldName of ['seed-gold.jsonl', 'hiner-dev.jsonl']) {
  test(`eval prints the same table as score.py (${goldName})`, () => {
    const gold = join(FIXTURES, goldName);
    const dir = mkdtempSync(join(tmpdir(), 'hn-eval-'));
    const pred = join(dir, 'pred.jsonl');
    const texts = readFileSync(gold, 'utf8').trim().split('\n').map((l) => {
      const g = JSON.parse(l) as { id: string; text: string };
      return JSON.stringify({ id: g.id, text: g.text });
    });
    const rec = node(['recognize', '-'], texts.join('\n') + '\n');
    assert.equal(rec.status, 0, rec.stderr);
    writeFileSync(pred, rec.stdout);
    const ours = node(['eval', gold, pred]);
    assert.equal(ours.status, 0, ours.stderr);
    const py = spawnSync('python3', [join(FIXTURES, 'score.py'), gold, pred], { encoding: 'utf8' });
    assert.ok(!py.error, 'python3 is not installed: `npm run test:editors` installs it');
    assert.equal(ours.stdout.trim(), py.stdout.trim());
  });
}
