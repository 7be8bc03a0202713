/**
 * The editor goes away without shutting the server down (a crash, a killed
 * window, a terminal closed under Neovim): the server's input ends and it
 * exits at once. What it acknowledged and had not written yet (the save
 * waits up to a second for quiet) is written before it exits.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Commands } from '../src/protocol';
import { LspClient, DEFAULT_TEST_SETTINGS, rangeIn } from './lspClient';

const ARTICLE = 'कांग्रेस नेता सोनिया गांधी ने सोमवार को कहा कि भाजपा हारेगी।\n';

test('a tag acknowledged just before the editor went away is on disk after the server exits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-gone-'));
  try {
    writeFileSync(join(dir, 'a.txt'), ARTICLE);
    const c = new LspClient({ folder: dir, settings: () => DEFAULT_TEST_SETTINGS });
    await c.initialize();
    const doc = c.open('a.txt');
    const r = await c.run(Commands.tag, { uri: doc.uri, range: rangeIn(doc, 'सोनिया गांधी'), label: 'PERSON' });
    assert.ok(r.ok, JSON.stringify(r));
    // No shutdown, no exit notification: the input just ends, as when the editor dies.
    const exited = new Promise<number | null>((res) => c.proc.once('exit', (code) => res(code)));
    c.proc.stdin!.end();
    await exited;
    c.conn.dispose();
    const path = join(dir, 'a.txt.hna.json');
    // Repro: the server exited within the save's quiet time and the acknowledged tag was never written.
    assert.ok(existsSync(path), 'the sidecar was written');
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).annotations.map((a: { text: string }) => a.text), ['सोनिया गांधी']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
