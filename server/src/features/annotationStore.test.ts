/**
 * The annotation store driven directly (no server process), for orderings
 * of document events that are hard to time over stdio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnnotationSet } from '../core/annotations/model';
import { sidecarPath, toSidecar, writeSidecar } from '../core/annotations/sidecar';
import { AnnotationStore } from './annotations';

const TEXT = 'कांग्रेस नेता सोनिया गांधी ने सोमवार को कहा कि भाजपा हारेगी।\n';

function storeFor(texts: Map<string, string>) {
  const messages: string[] = [];
  const store = new AnnotationStore({
    text: (uri) => texts.get(uri),
    publishDiagnostics: () => undefined,
    showMessage: (_t, m) => messages.push(m),
    log: () => undefined,
  });
  return { store, messages };
}

test('an article closed and opened again at once (a change of language mode) loads what the close wrote: a tag removed after it does not come back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-store-'));
  const path = join(dir, 'a.txt');
  writeFileSync(path, TEXT);
  const saved = new AnnotationSet(TEXT);
  for (const w of ['कांग्रेस', 'भाजपा']) assert.ok(saved.add(TEXT.indexOf(w), TEXT.indexOf(w) + w.length, 'PARTY').ok);
  assert.deepEqual(await writeSidecar(sidecarPath(path), toSidecar(saved, path)), { ok: true });
  const uri = pathToFileURL(path).toString();
  const texts = new Map([[uri, TEXT]]);
  const { store, messages } = storeFor(texts);
  store.didOpen(uri, TEXT);
  store.open(uri, TEXT);
  const first = (await store.ready(uri))!.set!;
  assert.ok(first.add(TEXT.indexOf('सोनिया'), TEXT.indexOf('सोनिया') + 'सोनिया गांधी'.length, 'PERSON').ok);
  store.changed(uri);
  // The close writes the new tag; the editor opens the article again before that write is done.
  const closing = store.close(uri);
  store.didOpen(uri, TEXT);
  store.open(uri, TEXT);
  const again = (await store.ready(uri))!.set!;
  await closing;
  assert.deepEqual(again.annotations().map((a) => a.text), ['कांग्रेस', 'सोनिया गांधी', 'भाजपा'], 'the reopened article has the tag the close was writing');
  // Repro: the reopened article held the sidecar as it was before the close's write; the next save then
  // took that write for another program's and merged it back, with the tag the annotator had just removed.
  assert.ok(again.removeAt(TEXT.indexOf('कांग्रेस')));
  store.changed(uri);
  await store.saved(uri);
  const disk = JSON.parse(readFileSync(sidecarPath(path), 'utf8'));
  assert.deepEqual(disk.annotations.map((a: { text: string }) => a.text), ['सोनिया गांधी', 'भाजपा']);
  assert.ok(!messages.some((m) => /changed by another program/.test(m)), messages.join('\n'));
  await store.shutdown();
});
