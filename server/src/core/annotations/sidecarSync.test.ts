import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationSet } from './model';
import { readSidecar, readSidecarSync, toSidecar, writeSidecarSync } from './sidecar';

const TEXT = 'आज 😀 मोदी ने भाजपा की बैठक की।';

function data() {
  const set = new AnnotationSet(TEXT);
  assert.ok(set.add(TEXT.indexOf('मोदी'), TEXT.indexOf('मोदी') + 4, 'PERSON').ok);
  return toSidecar(set, 'a.txt');
}

test('sidecar (exit path): the synchronous write is atomic and reads back; it refuses what the asynchronous one refuses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-sync-'));
  const p = join(dir, 'a.txt.hna.json');
  assert.deepEqual(writeSidecarSync(p, data()), { ok: true });
  const back = await readSidecar(p);
  assert.ok(back.ok && back.data.annotations[0]!.text === 'मोदी');
  const sync = readSidecarSync(p);
  assert.ok(sync.ok && JSON.stringify(sync.data) === JSON.stringify(back.ok && back.data));
  // An unreadable sidecar is never replaced, not even at exit.
  const bad = join(dir, 'bad.txt.hna.json');
  writeFileSync(bad, '{ not json');
  const r = writeSidecarSync(bad, data());
  assert.ok(!r.ok && /not valid JSON/.test(r.error), JSON.stringify(r));
  assert.equal(readFileSync(bad, 'utf8'), '{ not json');
  // Nor a file made read-only; a writable one keeps its mode.
  const ro = join(dir, 'ro.txt.hna.json');
  writeFileSync(ro, JSON.stringify(data()));
  chmodSync(ro, 0o444);
  assert.ok(!writeSidecarSync(ro, data()).ok);
  chmodSync(p, 0o600);
  assert.ok(writeSidecarSync(p, data()).ok);
  assert.equal(statSync(p).mode & 0o777, 0o600);
  // A FIFO is refused at once, never waited on.
  const fifo = join(dir, 'f.txt.hna.json');
  execFileSync('mkfifo', [fifo]);
  const f = readSidecarSync(fifo);
  assert.ok(!f.ok && f.kind === 'io', JSON.stringify(f));
});
