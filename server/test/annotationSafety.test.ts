/**
 * Acknowledged annotations are never lost and never land on the wrong text
 * (issue 12), tested over stdio against the bundled server, each test with
 * its own server process: as `nobody` where permissions must apply (the
 * suite runs as root), SIGKILL where a crash must not lose work.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AnnotationSet } from '../src/core/annotations/model';
import { contentHash, serializeSidecar, toSidecar } from '../src/core/annotations/sidecar';
import { Recognizer } from '../src/core/recognizer';
import { Commands } from '../src/protocol';
import { LspClient, NOBODY, runningAsRoot, until } from './lspClient';

const ARTICLE = [
  '😀 नई दिल्ली, 19 दिसंबर 2023।',
  'कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने सोमवार को कहा कि भाजपा हारेगी।',
  'भाजपा नेता नरेंद्र मोदी ने रैली की। खड़गे ने जवाब दिया।',
  'रमेश कुमार, सुरेश यादव, दिनेश शर्मा, महेश वर्मा, गणेश सिंह, राकेश जैन, मुकेश राय, उमेश पाल, नरेश दास, योगेश साहू, हितेश मीणा और कमलेश गुप्ता भी आए।',
].join('\n');
const NAMES = ['रमेश कुमार', 'सुरेश यादव', 'दिनेश शर्मा', 'महेश वर्मा', 'गणेश सिंह', 'राकेश जैन', 'मुकेश राय', 'उमेश पाल', 'नरेश दास', 'योगेश साहू', 'हितेश मीणा', 'कमलेश गुप्ता'];

const folders: string[] = [];
const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) if (c.proc.exitCode === null && c.proc.signalCode === null) await c.kill();
  for (const f of folders) {
    chmodSync(f, 0o755);
    rmSync(f, { recursive: true, force: true });
  }
});

/** A workspace folder the server (as `nobody` when the suite is root) can read and, unless `readOnly`, write. */
function workspace(files: Record<string, string>, readOnly = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'hna-safety-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  chmodSync(dir, readOnly ? (runningAsRoot ? 0o755 : 0o555) : 0o777);
  return dir;
}

async function client(folder: string, options: { asNobody?: boolean; holdConfiguration?: () => Promise<void> } = {}): Promise<LspClient> {
  const c = new LspClient({ folder, ...options });
  clients.push(c);
  return c.initialize();
}

const sidecar = (dir: string, name: string) => join(dir, name + '.hna.json');
const readSidecarJson = (dir: string, name: string) => (existsSync(sidecar(dir, name)) ? JSON.parse(readFileSync(sidecar(dir, name), 'utf8')) : undefined);
const cpSlice = (text: string, s: number, e: number) => Array.from(text).slice(s, e).join('');

/** Tag exactly `text` (no widening to a suggestion or whole words). */
async function tag(c: LspClient, name: string, text: string, label = 'PERSON', from = 0): Promise<void> {
  const r = await c.run(Commands.tag, { uri: c.uriOf(name), range: c.rangeOf(name, text, from), label, exact: true });
  assert.ok(r.ok, JSON.stringify(r));
}

test('a write that fails stays pending: the user is told once, and the tags are written after the folder becomes writable (on save, on close, at shutdown)', async () => {
  const dir = workspace({ 'a.txt': ARTICLE, 'b.txt': ARTICLE, 'c.txt': ARTICLE }, true);
  const c = await client(dir, { asNobody: true });
  for (const name of ['a.txt', 'b.txt', 'c.txt']) c.open(name, ARTICLE);
  for (const n of NAMES) await tag(c, 'a.txt', n);
  await tag(c, 'b.txt', 'नरेंद्र मोदी');
  await tag(c, 'c.txt', 'मल्लिकार्जुन खड़गे');
  const errors = await until('the error about a.txt', () => {
    const m = c.messages.filter((x) => x.type === 1 && x.message.includes('a.txt'));
    return m.length ? m : undefined;
  });
  // More changes while it fails do not repeat the message.
  c.edit('a.txt', 0, 0, 'ताज़ा: ');
  await tag(c, 'a.txt', 'नरेंद्र मोदी');
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(c.messages.filter((x) => x.type === 1 && x.message.includes('a.txt')).length, 1, JSON.stringify(c.messages));
  assert.match(errors[0]!.message, /read-only.*kept and saved as soon as this is fixed/);
  assert.ok(!existsSync(sidecar(dir, 'a.txt')));
  chmodSync(dir, 0o777);
  await c.save('a.txt');
  const a = await until('a.txt saved', () => readSidecarJson(dir, 'a.txt'));
  assert.equal(a.annotations.length, 13);
  assert.equal(a.contentHash, contentHash(c.doc('a.txt').getText()));
  await until('the user is told it is saved now', () => c.messages.find((m) => m.type === 3 && /a\.txt are saved now/.test(m.message)));
  await c.close('b.txt');
  await until('b.txt saved', () => readSidecarJson(dir, 'b.txt')?.annotations.length === 1);
  await c.quit();
  assert.equal(readSidecarJson(dir, 'c.txt')?.annotations.length, 1);
});

test('a closed article whose write failed keeps its tags until the write succeeds', async () => {
  const dir = workspace({ 'a.txt': ARTICLE }, true);
  const c = await client(dir, { asNobody: true });
  c.open('a.txt', ARTICLE);
  for (const n of NAMES.slice(0, 4)) await tag(c, 'a.txt', n);
  await c.close('a.txt');
  await until('the error', () => c.messages.find((m) => m.type === 1 && m.message.includes('a.txt')));
  chmodSync(dir, 0o777);
  // Nothing else happens: the server's own retry writes them.
  const a = await until('a.txt saved by a retry', () => readSidecarJson(dir, 'a.txt'));
  assert.equal(a.annotations.length, 4);
  await c.quit();
});

test('a sidecar the user made read-only is not overwritten; the tags wait until it is writable, and it keeps its mode', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  const c = await client(dir, { asNobody: true });
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', 'रमेश कुमार');
  await c.save('a.txt');
  const before = await until('first save', () => (readSidecarJson(dir, 'a.txt')?.annotations.length === 1 ? readFileSync(sidecar(dir, 'a.txt'), 'utf8') : undefined));
  chmodSync(sidecar(dir, 'a.txt'), 0o444);
  await tag(c, 'a.txt', 'सुरेश यादव');
  await c.save('a.txt');
  const m = await until('the refusal', () => c.messages.find((x) => x.type === 1 && /read-only \(mode 0444\)/.test(x.message)));
  assert.match(m.message, /chmod u\+w/);
  assert.equal(readFileSync(sidecar(dir, 'a.txt'), 'utf8'), before);
  assert.equal(statSync(sidecar(dir, 'a.txt')).mode & 0o7777, 0o444);
  chmodSync(sidecar(dir, 'a.txt'), 0o640);
  await tag(c, 'a.txt', 'दिनेश शर्मा');
  await c.save('a.txt');
  await until('all three saved', () => readSidecarJson(dir, 'a.txt')?.annotations.length === 3);
  const st = statSync(sidecar(dir, 'a.txt'));
  assert.equal(st.mode & 0o7777, 0o640);
  if (runningAsRoot) assert.equal(st.uid, NOBODY);
  await c.quit();
});

test('continuous tagging is on disk within the maximum wait: SIGKILL loses no tag acknowledged a second before', async () => {
  const words = Array.from({ length: 40 }, (_, i) => `व्यक्ति${i}`);
  const text = words.join(' ');
  const dir = workspace({ 'a.txt': text });
  const c = await client(dir);
  c.open('a.txt', text);
  const acked: Array<{ word: string; at: number }> = [];
  let seenWhileTagging = 0;
  for (const w of words.slice(0, 25)) {
    await tag(c, 'a.txt', w);
    acked.push({ word: w, at: Date.now() });
    seenWhileTagging = Math.max(seenWhileTagging, readSidecarJson(dir, 'a.txt')?.annotations.length ?? 0);
    await new Promise((r) => setTimeout(r, 100));
  }
  await c.kill();
  const killedAt = Date.now();
  const onDisk = new Set<string>((readSidecarJson(dir, 'a.txt')?.annotations ?? []).map((a: { text: string }) => a.text));
  // Generous slack for a loaded machine: this bounds the loss, it does not time the server.
  const due = acked.filter((t) => killedAt - t.at > 2000);
  assert.ok(due.length >= 5, `the tagging lasted long enough (${due.length})`);
  assert.deepEqual(due.filter((t) => !onDisk.has(t.word)).map((t) => t.word), []);
  assert.ok(seenWhileTagging > 0, 'the sidecar was written while tagging went on');
});

test('one tag followed by continuous typing before it is on disk when the server is killed', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  const c = await client(dir);
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', 'नरेंद्र मोदी');
  for (let i = 0; i < 30; i++) {
    c.edit('a.txt', 0, 0, 'क');
    await new Promise((r) => setTimeout(r, 100));
  }
  await c.kill();
  const sc = readSidecarJson(dir, 'a.txt');
  assert.equal(sc?.annotations.length, 1);
  assert.equal(sc.annotations[0].text, 'नरेंद्र मोदी');
});

test('edits made while the server awaits the settings of a just-opened article resize its spans instead of orphaning them', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  const set = new AnnotationSet(ARTICLE);
  const s = ARTICLE.indexOf('मल्लिकार्जुन खड़गे');
  assert.ok(set.add(s, s + 'मल्लिकार्जुन खड़गे'.length, 'PERSON').ok);
  writeFileSync(sidecar(dir, 'a.txt'), serializeSidecar(toSidecar(set, 'a.txt')));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const c = await client(dir, { holdConfiguration: () => gate });
  c.open('a.txt', ARTICLE);
  const inside = ARTICLE.indexOf(' खड़गे');
  c.edit('a.txt', inside, inside, ' एम.');
  c.edit('a.txt', 0, 0, 'ताज़ा: ');
  await new Promise((r) => setTimeout(r, 200));
  release();
  await c.save('a.txt');
  const text = c.doc('a.txt').getText();
  const sc = await until('the sidecar follows the edits', () => {
    const d = readSidecarJson(dir, 'a.txt');
    return d?.contentHash === contentHash(text) ? d : undefined;
  });
  assert.deepEqual(sc.orphans, []);
  assert.equal(sc.annotations[0].text, 'मल्लिकार्जुन एम. खड़गे');
  assert.equal(cpSlice(text, sc.annotations[0].start, sc.annotations[0].end), 'मल्लिकार्जुन एम. खड़गे');
  await c.quit();
});

test('a deleted tag does not come back: the sidecar stores the hash of the text it was saved with, and reopening keeps the orphan an orphan', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  const c = await client(dir);
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', 'खड़गे');
  await c.save('a.txt');
  await until('the tag is saved', () => readSidecarJson(dir, 'a.txt')?.annotations.length === 1);
  const first = ARTICLE.indexOf('खड़गे');
  c.edit('a.txt', first, first + 'खड़गे'.length, '');
  await until('orphaned on disk', () => readSidecarJson(dir, 'a.txt')?.orphans.length === 1);
  const end = c.doc('a.txt').getText().length;
  c.edit('a.txt', end, end, '\nअंत।');
  const text = c.doc('a.txt').getText();
  writeFileSync(join(dir, 'a.txt'), text); // the editor saves the article…
  await c.save('a.txt'); // …and says so
  const sc = await until('the hash of the saved text', () => {
    const d = readSidecarJson(dir, 'a.txt');
    return d?.contentHash === contentHash(text) ? d : undefined;
  });
  assert.deepEqual(sc.annotations, []);
  await c.quit();
  // Reopened: nothing is placed on the other खड़गे.
  const c2 = await client(dir);
  c2.open('a.txt', text);
  await c2.save('a.txt');
  await new Promise((r) => setTimeout(r, 400));
  const again = readSidecarJson(dir, 'a.txt');
  assert.deepEqual(again.annotations, []);
  assert.equal(again.orphans.length, 1);
  assert.ok(!c2.messages.some((m) => /re-anchored/.test(m.message)), JSON.stringify(c2.messages));
  await c2.quit();
});

test('an outside change sent as one ranged change (whole document, or the changed line) re-anchors instead of orphaning; so does LF → CRLF', async () => {
  const fixture = readFileSync(join(__dirname, '../../test-fixtures/001_a79564f461821e4f.txt'), 'utf8');
  const dir = workspace({ 'f.txt': fixture, 'a.txt': ARTICLE });
  const c = await client(dir);
  c.open('f.txt', fixture);
  const all = await c.run(Commands.acceptAll, { uri: c.uriOf('f.txt') });
  assert.ok(all.ok, JSON.stringify(all));
  const n = new Recognizer().recognize(fixture).spans.length;
  assert.equal(n, 25);
  const check = async (name: string, text: string, count: number) => {
    await c.save(name);
    const sc = await until(`${name} saved with the new text`, () => {
      const d = readSidecarJson(dir, name);
      return d?.contentHash === contentHash(text) ? d : undefined;
    });
    assert.deepEqual(sc.orphans.map((o: { text: string }) => o.text), []);
    assert.equal(sc.annotations.length, count);
    for (const a of sc.annotations) assert.equal(cpSlice(text, a.start, a.end), a.text);
  };
  // Reload after an outside edit: a word changed on the first line, sent over the whole document.
  const doc = c.doc('f.txt');
  const firstNl = fixture.indexOf('\n');
  const edited = fixture.slice(0, firstNl) + ' (अद्यतन)' + fixture.slice(firstNl);
  c.change('f.txt', [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, text: edited }]);
  await check('f.txt', edited, 25);
  // Line endings alone.
  const crlf = edited.replace(/\n/g, '\r\n');
  c.change('f.txt', [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, text: crlf }]);
  await check('f.txt', crlf, 25);
  c.change('f.txt', [{ text: edited }]);
  await check('f.txt', edited, 25);
  // Five tags on one line; the line is sent again with a word changed elsewhere on it.
  c.open('a.txt', ARTICLE);
  for (const w of NAMES.slice(0, 5)) await tag(c, 'a.txt', w);
  const line = ARTICLE.split('\n')[3]!;
  c.change('a.txt', [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: line.length } }, text: line.replace('भी आए', 'भी पहुंचे') }]);
  await check('a.txt', c.doc('a.txt').getText(), 5);
  await c.quit();
});

test('non-conforming changes: a version that does not increase is not served a stale analysis; a reversed range is applied the right way round', async () => {
  const fixture = readFileSync(join(__dirname, '../../test-fixtures/001_a79564f461821e4f.txt'), 'utf8');
  const dir = workspace({ 'f.txt': fixture, 'a.txt': ARTICLE });
  const c = await client(dir);
  c.open('f.txt', fixture);
  // Analysed at version 1 …
  await c.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: c.uriOf('f.txt') } }).catch(() => undefined);
  // … then changed, still calling it version 1.
  const doc = c.doc('f.txt');
  c.change('f.txt', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'ताज़ा ख़बर: ' }], 1);
  const all = await c.run(Commands.acceptAll, { uri: c.uriOf('f.txt') });
  assert.ok(all.ok, JSON.stringify(all));
  const text = doc.getText();
  await c.save('f.txt');
  const sc = await until('f.txt saved', () => {
    const d = readSidecarJson(dir, 'f.txt');
    return d?.contentHash === contentHash(text) ? d : undefined;
  });
  const expected = new Recognizer().recognize(text).spans.map((s) => [Array.from(text.slice(0, s.start)).length, s.label, s.text]);
  assert.deepEqual(sc.annotations.map((a: { start: number; label: string; text: string }) => [a.start, a.label, a.text]), expected);

  c.open('a.txt', ARTICLE);
  const r = c.rangeOf('a.txt', 'सोमवार को ');
  c.change('a.txt', [{ range: { start: r.end, end: r.start }, text: '' }]);
  await tag(c, 'a.txt', 'मल्लिकार्जुन खड़गे');
  await tag(c, 'a.txt', 'नरेंद्र मोदी');
  await c.save('a.txt');
  const t2 = c.doc('a.txt').getText();
  assert.ok(!t2.includes('सोमवार'));
  const sa = await until('a.txt saved', () => {
    const d = readSidecarJson(dir, 'a.txt');
    return d?.contentHash === contentHash(t2) ? d : undefined;
  });
  assert.deepEqual(sa.annotations.map((a: { text: string }) => a.text), ['मल्लिकार्जुन खड़गे', 'नरेंद्र मोदी']);
  for (const a of sa.annotations) assert.equal(cpSlice(t2, a.start, a.end), a.text);
  await c.quit();
});

test('invalid sidecars are reported by file and entry and left byte for byte; unknown fields survive the server’s rewrites', async () => {
  const set = new AnnotationSet(ARTICLE);
  const s = ARTICLE.indexOf('नरेंद्र मोदी');
  assert.ok(set.add(s, s + 'नरेंद्र मोदी'.length, 'PERSON').ok);
  const good = JSON.parse(serializeSidecar(toSidecar(set, 'a.txt')));
  const beyond = structuredClone(good);
  beyond.annotations[0].end = Array.from(ARTICLE).length + 3;
  const unknown = structuredClone(good);
  unknown.reviewer = 'सीमा';
  unknown.annotations[0].note = 'पूरा नाम';
  unknown.annotations[0].attributes = { gender: 'm' };
  const dir = workspace({ 'bad.txt': ARTICLE, 'ok.txt': ARTICLE });
  const badBody = JSON.stringify(beyond);
  writeFileSync(sidecar(dir, 'bad.txt'), badBody);
  writeFileSync(sidecar(dir, 'ok.txt'), JSON.stringify(unknown));
  if (runningAsRoot) chownSync(dir, NOBODY, NOBODY);
  const c = await client(dir);
  c.open('bad.txt', ARTICLE);
  const m = await until('the report', () => c.messages.find((x) => x.message.includes('bad.txt.hna.json')));
  assert.match(m.message, /annotations\[0\] ends at \d+, beyond the end of the article/);
  const refused = await c.run(Commands.tag, { uri: c.uriOf('bad.txt'), range: c.rangeOf('bad.txt', 'रमेश कुमार'), label: 'PERSON' });
  assert.equal(refused.ok, false);
  c.open('ok.txt', ARTICLE);
  await tag(c, 'ok.txt', 'रमेश कुमार');
  await c.quit();
  assert.equal(readFileSync(sidecar(dir, 'bad.txt'), 'utf8'), badBody);
  const back = readSidecarJson(dir, 'ok.txt');
  assert.equal(back.annotations.length, 2);
  assert.equal(back.reviewer, 'सीमा');
  const modi = back.annotations.find((a: { text: string }) => a.text === 'नरेंद्र मोदी');
  assert.equal(modi.note, 'पूरा नाम');
  assert.deepEqual(modi.attributes, { gender: 'm' });
});

test('two servers on one folder: each keeps the other’s tags instead of overwriting them', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  const a = await client(dir);
  const b = await client(dir);
  a.open('a.txt', ARTICLE);
  await tag(a, 'a.txt', NAMES[0]!);
  await a.save('a.txt');
  await until('a wrote', () => readSidecarJson(dir, 'a.txt')?.annotations.length === 1);
  b.open('a.txt', ARTICLE);
  await tag(b, 'a.txt', NAMES[1]!);
  await b.save('a.txt');
  await until('b wrote both', () => readSidecarJson(dir, 'a.txt')?.annotations.length === 2);
  await tag(a, 'a.txt', NAMES[2]!);
  await a.save('a.txt');
  const sc = await until('a wrote all three', () => (readSidecarJson(dir, 'a.txt')?.annotations.length === 3 ? readSidecarJson(dir, 'a.txt') : undefined));
  assert.deepEqual(sc.annotations.map((x: { text: string }) => x.text), NAMES.slice(0, 3));
  assert.equal(new Set(sc.annotations.map((x: { id: string }) => x.id)).size, 3, 'ids stay unique');
  // The notice is sent before the file is written, but the file can be polled before the notice is read.
  await until('a is told of the merge', () => a.messages.some((m) => /changed by another program.*1 annotation\(s\) from it were added/.test(m.message)));
  await a.quit();
  await b.quit();
});

test('a sidecar deleted while its article is open is written again, and the user is told', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  const c = await client(dir);
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', NAMES[0]!);
  await c.save('a.txt');
  await until('written', () => readSidecarJson(dir, 'a.txt')?.annotations.length === 1);
  rmSync(sidecar(dir, 'a.txt'));
  await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uriOf('a.txt.hna.json'), type: 3 }] });
  const sc = await until('written again', () => readSidecarJson(dir, 'a.txt'));
  assert.equal(sc.annotations[0].text, NAMES[0]);
  await until('the user is told', () => c.messages.find((m) => /was deleted while a\.txt was open; it was written again/.test(m.message)));
  await c.quit();
});

test('an article opened again without a close follows the new text: tags land on the words the user sees', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  const c = await client(dir);
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', 'नरेंद्र मोदी');
  await c.save('a.txt');
  await until('saved', () => readSidecarJson(dir, 'a.txt')?.annotations.length === 1);
  // Reloaded by the client as a second didOpen with a new first line.
  const reloaded = 'शीर्षक: चुनावी रैली\n' + ARTICLE;
  c.open('a.txt', reloaded);
  await tag(c, 'a.txt', 'रमेश कुमार');
  await c.save('a.txt');
  const sc = await until('saved with the new text', () => {
    const d = readSidecarJson(dir, 'a.txt');
    return d?.contentHash === contentHash(reloaded) ? d : undefined;
  });
  assert.deepEqual(sc.annotations.map((a: { text: string }) => a.text), ['नरेंद्र मोदी', 'रमेश कुमार']);
  for (const a of sc.annotations) assert.equal(cpSlice(reloaded, a.start, a.end), a.text);
  await c.quit();
});

test('a sidecar that is a FIFO does not hang the server: the article is blocked with a message and commands still answer', async () => {
  const dir = workspace({ 'a.txt': ARTICLE });
  execFileSync('mkfifo', [sidecar(dir, 'a.txt')]);
  const c = await client(dir);
  c.open('a.txt', ARTICLE);
  const r = await c.run(Commands.tag, { uri: c.uriOf('a.txt'), range: c.rangeOf('a.txt', NAMES[0]!), label: 'PERSON', exact: true });
  assert.equal(r.ok, false);
  await until('the message', () => c.messages.find((m) => /not a regular file \(a named pipe\)/.test(m.message)));
  await c.quit();
  assert.ok(lstatSync(sidecar(dir, 'a.txt')).isFIFO(), 'left as it was');
});

test('renaming an article while its tags are not yet written moves them with it', async () => {
  const dir = workspace({ 'old.txt': ARTICLE });
  const c = await client(dir);
  c.open('old.txt', ARTICLE);
  for (const n of NAMES.slice(0, 3)) await tag(c, 'old.txt', n);
  // Within the save debounce: nothing may be on disk yet.
  renameSync(join(dir, 'old.txt'), join(dir, 'new.txt'));
  await c.close('old.txt');
  c.open('new.txt', ARTICLE);
  await c.conn.sendNotification('workspace/didRenameFiles', { files: [{ oldUri: c.uriOf('old.txt'), newUri: c.uriOf('new.txt') }] });
  // The sidecar is renamed, then its article name rewritten: wait for both.
  const sc = await until('the tags under the new name', () => {
    const d = readSidecarJson(dir, 'new.txt');
    return d?.annotations.length === 3 && d.article === 'new.txt' ? d : undefined;
  });
  assert.deepEqual(sc.annotations.map((a: { text: string }) => a.text).sort(), NAMES.slice(0, 3).sort());
  assert.ok(!existsSync(sidecar(dir, 'old.txt')));
  await c.quit();
});
