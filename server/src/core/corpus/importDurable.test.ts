/**
 * `hindi-news import` writes articles and sidecars through the one atomic
 * helper, flushed to the disk before the rename and the folder after it (as
 * the server writes sidecars): a power cut never leaves an empty article
 * beside its annotations.
 */
import assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mock, test } from 'node:test';
import { importCorpus } from './importCorpus';

test('import flushes every article and sidecar before renaming it into place, and the folder after', async () => {
  const src = mkdtempSync(join(tmpdir(), 'hn-imp-src-'));
  const into = mkdtempSync(join(tmpdir(), 'hn-imp-into-'));
  const input = join(src, 'gold.jsonl');
  writeFileSync(
    input,
    ['a', 'b'].map((id) => JSON.stringify({ id, text: 'सोनिया गांधी ने कहा।', spans: [{ start: 0, end: 12, label: 'PERSON' }] })).join('\n') + '\n',
  );
  const synced: string[] = [];
  const open = fsp.open.bind(fsp);
  mock.method(fsp, 'open', async (path: string, ...rest: unknown[]) => {
    const fh = await (open as (...a: unknown[]) => Promise<fsp.FileHandle>)(path, ...rest);
    const sync = fh.sync.bind(fh);
    fh.sync = async () => {
      synced.push(String(path));
      return sync();
    };
    return fh;
  });
  try {
    const r = await importCorpus(input, { into });
    assert.equal(r.documents, 2);
  } finally {
    mock.restoreAll();
  }
  assert.deepEqual(readdirSync(into).sort(), ['a.txt', 'a.txt.hna.json', 'b.txt', 'b.txt.hna.json']);
  const flushed = (name: string) => synced.some((p) => basename(p).startsWith(`.${name}.`) && /^\d+\.[0-9a-f]{8}\.tmp$/.test(basename(p).slice(name.length + 2)));
  // Repro: the articles were renamed into place without a flush (only their sidecars were).
  for (const name of ['a.txt', 'a.txt.hna.json', 'b.txt', 'b.txt.hna.json']) assert.ok(flushed(name), `${name} flushed before its rename; synced: ${synced.join(', ')}`);
  assert.ok(synced.some((p) => p === into || p.endsWith(basename(into))), 'the folder is flushed after the renames');
});
