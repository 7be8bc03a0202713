/**
 * An article whose file is not valid UTF-8 is reported the same way by the
 * workspace index (Review view), the server and the command line, and never
 * gets a sidecar whose offsets count the U+FFFD an editor shows for its bad
 * bytes. Saving it as UTF-8 makes it an article again. The bundled server
 * over stdio and the bundled command line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Commands } from '../src/protocol';
import { editorClient, until } from './lspClient';

const CLI = join(__dirname, '..', 'out', 'cli.js');
const client = editorClient('hna-utf8-');

/** "x <bad byte> सोनिया गांधी ने कहा।": one Latin-1 byte, as a file saved in the wrong encoding has. */
const BYTES = Buffer.concat([Buffer.from('x '), Buffer.from([0xe9]), Buffer.from(' सोनिया गांधी ने कहा।\n')]);

test('an article that is not UTF-8 cannot be tagged, gets no sidecar, and the Review view names it; saved as UTF-8 it can be annotated', async () => {
  writeFileSync(client.pathOf('latin.txt'), BYTES);
  writeFileSync(client.pathOf('good.txt'), 'राहुल गांधी ने कहा।\n');
  // What an editor shows: U+FFFD for the bad byte.
  const doc = client.open('latin.txt', BYTES.toString('utf8'));
  assert.ok(doc.getText().includes('\ufffd'));
  const r = await client.run(Commands.tag, { uri: doc.uri, range: client.rangeOf('latin.txt', 'सोनिया गांधी'), label: 'PERSON' });
  // Repro: the tag was saved with offsets counting U+FFFD, in a sidecar the export then could not use.
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.match(r.message ?? '', /latin\.txt: not valid UTF-8 \(first bad byte at offset 2\); re-save the file as UTF-8/);
  await new Promise((res) => setTimeout(res, 1500));
  assert.equal(existsSync(client.sidecarOf('latin.txt')), false);
  assert.ok(client.messages.some((m) => /latin\.txt: not valid UTF-8/.test(m.message)));
  await client.close('latin.txt');
  const summary = await until('the Review view names it', async () => {
    const s = await client.reviewSummary();
    return s.unreadable?.length ? s : undefined;
  });
  assert.deepEqual(summary.unreadable!.map((u) => u.uri), [client.uriOf('latin.txt')]);
  assert.match(summary.unreadable![0]!.error, /not valid UTF-8 \(first bad byte at offset 2\).*until it is saved as UTF-8/);
  assert.deepEqual(summary.articles.map((a) => a.uri), [client.uriOf('good.txt')]);

  // Opened again and saved as UTF-8 (the editor writes U+FFFD): an article like any other.
  const said = () => client.messages.filter((m) => /latin\.txt: not valid UTF-8/.test(m.message)).length;
  const before = said();
  const again = client.open('latin.txt', BYTES.toString('utf8'));
  await until('refused while not UTF-8', () => said() > before);
  writeFileSync(client.pathOf('latin.txt'), again.getText());
  await client.save('latin.txt');
  await until('told it is UTF-8 now', () => client.messages.find((m) => /latin\.txt is UTF-8 text now/.test(m.message)));
  const ok = await client.run(Commands.tag, { uri: again.uri, range: client.rangeOf('latin.txt', 'सोनिया गांधी'), label: 'PERSON' });
  assert.ok(ok.ok, JSON.stringify(ok));
  const sc = await client.sidecarWhen('latin.txt', (d) => d.annotations.length === 1);
  assert.deepEqual([sc.annotations[0].start, sc.annotations[0].text], [4, 'सोनिया गांधी']);
});

test('the command line reports the same article the same way (export, recognize)', () => {
  const ws = mkdtempSync(join(tmpdir(), 'hn-utf8-cli-'));
  writeFileSync(join(ws, 'latin.txt'), BYTES);
  const out = join(mkdtempSync(join(tmpdir(), 'hn-utf8-out-')), 'x.jsonl');
  for (const args of [['export', ws, '--out', out, '--include-new'], ['recognize', join(ws, 'latin.txt')]]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    assert.notEqual(r.status, 0, args[0]);
    assert.match(r.stderr, /latin\.txt: not valid UTF-8 \(first bad byte at offset 2\); re-save the file as UTF-8/, args[0]);
  }
});
