import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from './atomicFile';

test('an atomic write replaces the file whole and leaves no temporary file, also when it fails', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-atomic-'));
  try {
    const p = join(dir, 'a.json');
    writeFileSync(p, 'old');
    await writeFileAtomic(p, 'new', { durable: true });
    assert.equal(readFileSync(p, 'utf8'), 'new');
    // A folder where the file should go: the rename fails, the error reaches the caller, nothing is left behind.
    mkdirSync(join(dir, 'b.json'));
    writeFileSync(join(dir, 'b.json', 'x'), 'x');
    await assert.rejects(writeFileAtomic(join(dir, 'b.json'), 'data'));
    assert.deepEqual(readdirSync(dir).sort(), ['a.json', 'b.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
