/**
 * An article renamed, moved or deleted outside the editor (a terminal, a
 * file manager, `git mv`) leaves its annotations file behind under the old
 * name. Its annotations are never dropped silently: the export names the
 * file (and the article with the same text), and the editor moves them to
 * the renamed article when it opens it. The bundled server and command line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { contentHash } from '../src/core/annotations/sidecar';
import { Commands } from '../src/protocol';
import { editorClient, until } from './lspClient';

const CLI = join(__dirname, '..', 'out', 'cli.js');
const ARTICLE = 'कांग्रेस नेता सोनिया गांधी ने कहा।\n';

function annotated(dir: string, name: string, text = ARTICLE): void {
  writeFileSync(join(dir, name), text);
  const start = Array.from(text.slice(0, text.indexOf('सोनिया'))).length;
  writeFileSync(
    join(dir, name + '.hna.json'),
    JSON.stringify({
      schema: 'hindi-news-annotations', version: 1, article: name, contentHash: contentHash(text), offsetUnit: 'codepoint', status: 'done',
      annotations: [{ id: 'a1', start, end: start + 12, label: 'PERSON', text: 'सोनिया गांधी', contextBefore: '', contextAfter: '', source: 'manual', createdAt: '2026-01-01T00:00:00Z' }],
      rejections: [], orphans: [],
    }),
  );
}

test('export names annotations left behind by an article renamed or deleted outside the editor, and fails', () => {
  const ws = mkdtempSync(join(tmpdir(), 'hn-stray-'));
  annotated(ws, 'a.txt');
  annotated(ws, 'gone.txt', 'भाजपा नेता सोनिया गांधी से मिले।\n');
  annotated(ws, 'kept.txt', 'राहुल नेता सोनिया गांधी से मिले।\n');
  renameSync(join(ws, 'a.txt'), join(ws, 'b.txt'));
  rmSync(join(ws, 'gone.txt'));
  const out = join(mkdtempSync(join(tmpdir(), 'hn-stray-out-')), 'x.jsonl');
  const r = spawnSync(process.execPath, [CLI, 'export', ws, '--out', out, '--include-new'], { encoding: 'utf8' });
  // Repro: exit 0, "exported 2 documents", b.txt without its PERSON and not a word about a.txt.hna.json or gone.txt.hna.json.
  assert.notEqual(r.status, 0, r.stderr);
  assert.match(r.stderr, /a\.txt\.hna\.json: its article a\.txt is gone, and b\.txt has exactly the text it was saved with \(renamed outside the editor\?\); its 1 annotation is not exported\. Rename the file to b\.txt\.hna\.json/);
  assert.match(r.stderr, /gone\.txt\.hna\.json: its article gone\.txt is missing \(renamed, moved or deleted outside the editor\?\), so its 1 annotation is not exported/);
  assert.doesNotMatch(r.stderr, /kept\.txt\.hna\.json/);
});

const client = editorClient('hna-stray-');

test('opening an article renamed outside the editor moves its annotations to it and says so', async () => {
  annotated(client.options.folder, 'old.txt');
  renameSync(client.pathOf('old.txt'), client.pathOf('new.txt'));
  const doc = client.open('new.txt');
  await until('told', () => client.messages.find((m) => /new\.txt had no annotations file, and old\.txt\.hna\.json .* were moved to new\.txt\.hna\.json/.test(m.message)));
  const s = await client.stats(doc.uri);
  assert.deepEqual([s.confirmed, s.status], [1, 'done']);
  assert.equal(existsSync(client.sidecarOf('old.txt')), false);
  assert.equal(client.readSidecar('new.txt').article, 'new.txt');
  // A tag on the renamed article keeps the old one.
  const r = await client.run(Commands.tag, { uri: doc.uri, range: client.rangeOf('new.txt', 'कांग्रेस'), label: 'PARTY' });
  assert.ok(r.ok, JSON.stringify(r));
  await client.sidecarWhen('new.txt', (d) => d.annotations.length === 2);
});
