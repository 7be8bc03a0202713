/**
 * The bundles' data pack (server/src/core/shippedData.ts): the bundles carry
 * no knowledge base or tagger weights of their own, so the pack must ship
 * beside them, and a bundle without it must say what is wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_PACK_FILE } from '../src/core/shippedData';

const ROOT = join(__dirname, '..', '..');
const OUT = join(ROOT, 'server', 'out');
const ARTICLE = 'भाजपा नेता नरेंद्र मोदी ने 12 मार्च 2024 को कहा।';

function recognizeWith(dir: string) {
  const file = join(dir, 'article.txt');
  writeFileSync(file, ARTICLE);
  return spawnSync(process.execPath, [join(dir, 'cli.js'), 'recognize', file, '--quiet'], { encoding: 'utf8' });
}

test('the extension and the npm package ship the data pack beside the bundles', () => {
  for (const list of ['.vscodeignore', '.npmignore']) {
    const lines = readFileSync(join(ROOT, list), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(lines.includes(`!server/out/${DATA_PACK_FILE}`), `${list} leaves server/out/${DATA_PACK_FILE} out of the package`);
  }
});

test('the command line bundle recognises with its data pack beside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-pack-'));
  copyFileSync(join(OUT, 'cli.js'), join(dir, 'cli.js'));
  copyFileSync(join(OUT, DATA_PACK_FILE), join(dir, DATA_PACK_FILE));
  const r = recognizeWith(dir);
  assert.equal(r.status, 0, r.stderr);
  const labels = (JSON.parse(r.stdout) as { spans: Array<{ label: string; text: string }> }).spans.map((s) => `${s.label} ${s.text}`);
  assert.deepEqual(labels, ['PARTY भाजपा', 'PERSON नरेंद्र मोदी', 'DATE 12 मार्च 2024']);
});

test('a bundle without its data pack, or with a damaged or foreign one, says which file and what to do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-pack-'));
  copyFileSync(join(OUT, 'cli.js'), join(dir, 'cli.js'));
  let r = recognizeWith(dir);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`${DATA_PACK_FILE.replace('.', '\\.')} cannot be read .*reinstall, or rebuild with node scripts/build\\.mjs`));
  const pack = readFileSync(join(OUT, DATA_PACK_FILE));
  writeFileSync(join(dir, DATA_PACK_FILE), pack.subarray(0, 1000));
  r = recognizeWith(dir);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /cannot be read \(truncated data pack\)/);
  // The same layout from another build: the id differs.
  const foreign = Buffer.from(pack);
  const at = foreign.indexOf('"id":"') + 6;
  foreign[at] = foreign[at] === 0x30 ? 0x31 : 0x30;
  writeFileSync(join(dir, DATA_PACK_FILE), foreign);
  r = recognizeWith(dir);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /belongs to another build/);
});
