/**
 * Review status that must never be wrong: an article is `done` only when
 * nothing in it is left unreviewed, whatever could not be accepted on the
 * way. The bundled server over stdio.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { contentHash } from '../src/core/annotations/sidecar';
import { codePointLength } from '../src/core/offsets';
import { Commands } from '../src/protocol';
import { editorClient } from './lspClient';

const client = editorClient('hna-review-status-');

/** A name inside a URL, suggested by an imported model (a tag inside a URL is refused). */
const ARTICLE = 'कांग्रेस नेता सोनिया गांधी ने कहा। देखें https://example.com/सोनिया-गांधी पर।\n';

function withUrlSuggestion(name: string): void {
  client.writeWatched(name, ARTICLE);
  const at = ARTICLE.indexOf('सोनिया', ARTICLE.indexOf('https'));
  const start = codePointLength(ARTICLE.slice(0, at));
  writeFileSync(
    client.sidecarOf(name),
    JSON.stringify({
      schema: 'hindi-news-annotations', version: 1, article: name, contentHash: contentHash(ARTICLE), offsetUnit: 'codepoint', annotations: [], rejections: [], orphans: [],
      suggestions: [{ start, end: start + 'सोनिया'.length, label: 'PERSON', text: 'सोनिया', source: 'model' }],
    }),
  );
}

test('marking done while accepting the unreviewed suggestions does not mark it done when some cannot be accepted', async () => {
  withUrlSuggestion('url.txt');
  const doc = client.open('url.txt');
  const s0 = await client.stats(doc.uri);
  assert.ok(s0.unreviewed >= 2, JSON.stringify(s0));
  const r = await client.run(Commands.setStatus, { uri: doc.uri, status: 'done', unreviewed: 'accept' });
  const s1 = await client.stats(doc.uri);
  // Repro: the article was marked done with the suggestion inside the URL still unreviewed.
  assert.ok(!(s1.status === 'done' && s1.unreviewed > 0), `done with ${s1.unreviewed} unreviewed; ${JSON.stringify(r)}`);
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.unreviewed, s1.unreviewed);
  assert.match(r.message, /could not be accepted \(“सोनिया”: Cannot tag inside a URL/);
  assert.ok(s1.confirmed >= 2, 'what could be accepted was');
  // Rejecting the rest then marks it done.
  const d = await client.run(Commands.setStatus, { uri: doc.uri, status: 'done', unreviewed: 'reject' });
  assert.ok(d.ok, JSON.stringify(d));
  const s2 = await client.stats(doc.uri);
  assert.deepEqual([s2.status, s2.unreviewed], ['done', 0]);
});

test('accept all says which suggestions it could not accept', async () => {
  withUrlSuggestion('url2.txt');
  const doc = client.open('url2.txt');
  const r = await client.run(Commands.acceptAll, { uri: doc.uri });
  assert.ok(r.ok, JSON.stringify(r));
  const s = await client.stats(doc.uri);
  assert.equal(r.count, s.confirmed);
  // Repro: "Accepted 2 suggestions." while the one inside the URL stayed unreviewed, with no word about it.
  assert.ok(s.unreviewed > 0);
  assert.match(r.message!, new RegExp(`${s.unreviewed} could not be accepted \\(“सोनिया”: Cannot tag inside a URL`));
});
