/**
 * Closed articles in the Review view and in workspace-wide mention commands:
 * the server reads their sidecars from disk and may rewrite them. One bad
 * sidecar must fail alone, a rewrite keeps what the user put in the file,
 * and a file saved with a byte order mark is read as the editor and the
 * export read it (without the mark).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { contentHash } from '../src/core/annotations/sidecar';
import { codePointLength } from '../src/core/offsets';
import { Commands } from '../src/protocol';
import { editorClient, rangeIn, until } from './lspClient';

const client = editorClient('hna-review-closed-');

const ARTICLE = 'कांग्रेस नेता सोनिया गांधी ने सोमवार को कहा कि भाजपा हारेगी।\nसोनिया गांधी ने फिर कहा।\n';
const cp = (text: string, s: string, from = 0) => codePointLength(text.slice(0, text.indexOf(s, from)));

function sidecar(name: string, text: string, fields: Record<string, unknown>): void {
  writeFileSync(
    client.sidecarOf(name),
    JSON.stringify({ schema: 'hindi-news-annotations', version: 1, article: name, contentHash: contentHash(text), offsetUnit: 'codepoint', annotations: [], rejections: [], orphans: [], ...fields }),
  );
}

test('a closed article whose sidecar does not fit it fails alone: the review summary lists the others, and a workspace-wide accept reports it and leaves it untouched', async () => {
  client.writeWatched('good.txt', ARTICLE);
  client.writeWatched('bad.txt', ARTICLE);
  // The hash matches, so the offsets are taken as exact, and this one ends beyond the article.
  sidecar('bad.txt', ARTICLE, { annotations: [{ id: 'a1', start: 0, end: 5000, label: 'PARTY', text: 'कांग्रेस', contextBefore: '', contextAfter: '', source: 'manual', createdAt: '2024-01-01T00:00:00Z' }] });
  const before = readFileSync(client.sidecarOf('bad.txt'), 'utf8');
  const sum = await client.reviewSummary();
  assert.ok(sum.articles.some((a) => a.uri === client.uriOf('good.txt')), JSON.stringify(sum.articles));
  assert.ok(!sum.articles.some((a) => a.uri === client.uriOf('bad.txt')), 'an article whose annotations cannot be read has no counts to show');
  client.writeWatched('from.txt', ARTICLE);
  const doc = client.open('from.txt');
  const r = await client.run(Commands.acceptMentions, { uri: doc.uri, position: rangeIn(doc, 'सोनिया').start, scope: 'workspace' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.match(r.message!, /could not be changed: .*bad\.txt/);
  await client.sidecarWhen('good.txt', (d) => d.annotations.length === 2);
  assert.equal(readFileSync(client.sidecarOf('bad.txt'), 'utf8'), before, 'the bad sidecar is left byte for byte');
  await client.close('from.txt');
});

test('a workspace-wide accept that rewrites a closed article’s sidecar keeps the fields this version does not know', async () => {
  client.writeWatched('extra.txt', ARTICLE);
  const s = cp(ARTICLE, 'भाजपा');
  sidecar('extra.txt', ARTICLE, {
    reviewer: 'meera',
    annotations: [{ id: 'a1', start: s, end: s + 5, label: 'PARTY', text: 'भाजपा', contextBefore: '', contextAfter: '', source: 'manual', createdAt: '2024-01-01T00:00:00Z', note: 'checked' }],
  });
  client.writeWatched('from2.txt', ARTICLE);
  const doc = client.open('from2.txt');
  const r = await client.run(Commands.acceptMentions, { uri: doc.uri, position: rangeIn(doc, 'सोनिया').start, scope: 'workspace' });
  assert.ok(r.ok, JSON.stringify(r));
  const sc = await client.sidecarWhen('extra.txt', (d) => d.annotations.length === 3);
  assert.equal(sc.reviewer, 'meera', 'a top-level field of the user’s is kept');
  assert.equal(sc.annotations.find((a: { text: string }) => a.text === 'भाजपा').note, 'checked');
  await client.close('from2.txt');
});

test('a closed article saved with a byte order mark is read without it, as the editor and the export read it', async () => {
  // The sidecar as the editor wrote it: the editor's text has no byte order mark.
  client.writeWatched('bom.txt', '\ufeff' + ARTICLE);
  sidecar('bom.txt', ARTICLE, { status: 'inProgress' });
  client.writeWatched('from3.txt', ARTICLE);
  const doc = client.open('from3.txt');
  const r = await client.run(Commands.acceptMentions, { uri: doc.uri, position: rangeIn(doc, 'सोनिया').start, scope: 'workspace' });
  assert.ok(r.ok, JSON.stringify(r));
  const sc = await client.sidecarWhen('bom.txt', (d) => d.annotations.length === 2);
  assert.equal(sc.contentHash, contentHash(ARTICLE), 'the hash of the text without the mark, so the editor does not see a changed article');
  assert.deepEqual(
    sc.annotations.map((a: { start: number; end: number }) => [a.start, a.end]),
    [[cp(ARTICLE, 'सोनिया गांधी'), cp(ARTICLE, 'सोनिया गांधी') + 12], [cp(ARTICLE, 'सोनिया गांधी', 40), cp(ARTICLE, 'सोनिया गांधी', 40) + 12]],
  );
  // Opened in the editor (no mark), nothing needs re-anchoring.
  const bom = client.open('bom.txt', ARTICLE);
  const stats = await until('bom.txt loaded', async () => {
    const st = await client.stats(bom.uri);
    return st.confirmed === 2 ? st : undefined;
  });
  assert.equal(stats.confirmed, 2);
  assert.ok(!client.messages.some((m) => /bom\.txt changed outside the editor/.test(m.message)), JSON.stringify(client.messages));
  await client.close('bom.txt');
  await client.close('from3.txt');
});
