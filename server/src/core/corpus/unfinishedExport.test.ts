/**
 * An export that did not finish (killed, cancelled, a full disk) leaves a
 * folder with part of the documents: its marker says so, and importing it
 * as a dataset is refused; a finished export imports whole.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ImportError } from '../export/import';
import { exportCorpus } from './exportCorpus';
import { importCorpus } from './importCorpus';
import { EXPORT_MARKER } from './marker';

test('a cancelled brat export is marked unfinished and is not imported as a dataset; a finished one is', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'hn-unfinished-'));
  for (let i = 0; i < 6; i++) writeFileSync(join(ws, `a${i}.txt`), 'कांग्रेस नेता सोनिया गांधी ने कहा।\n');
  const out = join(mkdtempSync(join(tmpdir(), 'hn-unfinished-out-')), 'brat');
  const ac = new AbortController();
  const r = await exportCorpus([ws], { format: 'brat', out, includeNew: true, jobs: 1, signal: ac.signal, onProgress: (n) => n === 2 && ac.abort() });
  assert.equal(r.cancelled, true);
  assert.equal(JSON.parse(readFileSync(join(out, EXPORT_MARKER), 'utf8')).complete, false);
  // Repro: "imported 2 document(s)" from a folder holding 2 of 6, as if it were the dataset.
  await assert.rejects(importCorpus(out, { into: mkdtempSync(join(tmpdir(), 'hn-unfinished-into-')) }), (e: Error) => {
    assert.ok(e instanceof ImportError);
    assert.match(e.message, /holds an export that did not finish .* only part of the documents; export again into it/);
    return true;
  });
  const again = await exportCorpus([ws], { format: 'brat', out, includeNew: true, jobs: 1 });
  assert.equal(again.documents, 6);
  assert.equal(JSON.parse(readFileSync(join(out, EXPORT_MARKER), 'utf8')).complete, true);
  const imported = await importCorpus(out, { into: mkdtempSync(join(tmpdir(), 'hn-unfinished-into-')) });
  assert.equal(imported.documents, 6);
});
