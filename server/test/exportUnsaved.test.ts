/**
 * The editor's export reads the articles from disk: an open article with
 * unsaved text changes is exported as saved, and its annotations on text
 * that is not saved cannot be in the export. The export says so, naming the
 * article, instead of calling it "changed since it was annotated".
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Commands } from '../src/protocol';
import { editorClient, rangeIn } from './lspClient';

const client = editorClient('hna-export-unsaved-');

test('exporting while an article has unsaved text changes names it and says what to do', async () => {
  client.writeWatched('u.txt', 'कांग्रेस नेता सोनिया गांधी ने कहा।\n');
  const doc = client.open('u.txt');
  client.edit('u.txt', 0, 0, 'राहुल गांधी और ');
  const t = await client.run(Commands.tag, { uri: doc.uri, range: rangeIn(doc, 'राहुल गांधी'), label: 'PERSON' });
  assert.ok(t.ok, JSON.stringify(t));
  assert.ok((await client.run(Commands.setStatus, { uri: doc.uri, status: 'done', unreviewed: 'accept' })).ok);
  const out = join(mkdtempSync(join(tmpdir(), 'hna-export-unsaved-out-')), 'data.jsonl');
  const r = await client.run(Commands.exportAnnotations, { format: 'jsonl', out });
  assert.ok(r.ok, JSON.stringify(r));
  // Repro: the only word was "u.txt: the article changed since it was annotated; … orphaned (open it in the editor to review)", about an article open in the editor.
  assert.match(r.message!, /1 open article has unsaved changes \(.*u\.txt\).*save/i);
  assert.ok(r.summary!.problems.some((p) => /unsaved changes/.test(p)), JSON.stringify(r.summary!.problems));
});
