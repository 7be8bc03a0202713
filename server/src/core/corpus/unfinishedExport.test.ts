/**
 * An export that did not finish (killed, cancelled, a full disk) leaves a
 * folder with part of the documents: its marker says so, and importing it
 * as a dataset is refused; a finished export imports whole.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ImportError } from '../export/import';
import { exportCorpus } from './exportCorpus';
import { importCorpus } from './importCorpus';
import { EXPORT_MARKER } from './marker';
import { EXPORT_LOCK } from './output';

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

test('two exports into one folder at once: the second is refused instead of mixing two datasets; a killed export\'s lock is taken over', async () => {
  const a = mkdtempSync(join(tmpdir(), 'hn-lock-a-'));
  const b = mkdtempSync(join(tmpdir(), 'hn-lock-b-'));
  for (let i = 0; i < 40; i++) writeFileSync(join(a, `a${i}.txt`), 'कांग्रेस नेता सोनिया गांधी ने कहा।\n');
  writeFileSync(join(b, 'other.txt'), 'भाजपा नेता ने कहा।\n');
  const out = join(mkdtempSync(join(tmpdir(), 'hn-lock-out-')), 'brat');
  // Repro: both wrote; the folder held 41 documents, documents.tsv and the marker listed 40.
  const [ra, rb] = await Promise.allSettled([
    exportCorpus([a], { format: 'brat', out, includeNew: true, jobs: 1 }),
    exportCorpus([b], { format: 'brat', out, includeNew: true, jobs: 1 }),
  ]);
  const refused = [ra, rb].filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  assert.equal(refused.length, 1, 'one of the two is refused');
  assert.match(String(refused[0]!.reason), /another export .*is writing into .*two at once would mix their files/);
  const tsv = readFileSync(join(out, 'documents.tsv'), 'utf8').trim().split('\n').length - 1;
  const winner = ra.status === 'fulfilled' ? 40 : 1;
  assert.equal(tsv, winner);
  assert.equal(existsSync(join(out, 'other.txt')), winner === 1);
  assert.equal(existsSync(join(out, 'a0.txt')), winner === 40);
  assert.ok(!existsSync(join(out, EXPORT_LOCK)), 'the lock goes with the export');
  // A lock left by a killed export (its process is gone) does not block the next one.
  writeFileSync(join(out, EXPORT_LOCK), '2147483646\n');
  const next = await exportCorpus([b], { format: 'brat', out, includeNew: true, jobs: 1 });
  assert.equal(next.documents, 1);
});
