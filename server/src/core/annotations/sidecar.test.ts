import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationSet } from './model';
import { cleanStaleTemps, contentHash, fromSidecar, InvalidSidecarError, MAX_SIDECAR_BYTES, moveSidecar, parseSidecar, readSidecar, serializeSidecar, sidecarPath, toSidecar, writeSidecar } from './sidecar';

const NOW = () => '2024-01-01T00:00:00.000Z';
const TEXT = 'आज 😀 मोदी ने 𝐀 भाजपा की बैठक की।';

function sample(text = TEXT): AnnotationSet {
  const set = new AnnotationSet(text, undefined, { now: NOW });
  assert.ok(set.add(text.indexOf('मोदी'), text.indexOf('मोदी') + 4, 'PERSON', { entityId: 'narendra-modi' }).ok);
  assert.ok(set.add(text.indexOf('भाजपा'), text.indexOf('भाजपा') + 5, 'PARTY').ok);
  set.reject({ start: 0, end: 2, label: 'DATE' });
  return set;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'hna-sidecar-'));

test('sidecar: path beside the article; code point offsets on disk; round-trip', async () => {
  const dir = tmp();
  const article = join(dir, 'a.txt');
  writeFileSync(article, TEXT);
  assert.equal(sidecarPath(article), article + '.hna.json');
  const data = toSidecar(sample(), article);
  assert.equal(data.article, 'a.txt');
  assert.equal(data.offsetUnit, 'codepoint');
  assert.equal(data.contentHash, contentHash(TEXT));
  const cps = Array.from(TEXT);
  for (const a of data.annotations) assert.equal(cps.slice(a.start, a.end).join(''), a.text);
  assert.deepEqual(await writeSidecar(sidecarPath(article), data), { ok: true });
  const back = await readSidecar(sidecarPath(article));
  assert.ok(back.ok);
  const loaded = fromSidecar(back.data, TEXT, { now: NOW });
  assert.equal(loaded.stale, false);
  assert.deepEqual(loaded.set.snapshot(), sample().snapshot());
  assert.deepEqual(readdirSync(dir).sort(), ['a.txt', 'a.txt.hna.json'], 'no temporary file left');
});

test('sidecar: an article edited outside the editor is re-anchored; lost spans become orphans and stay', async () => {
  const data = toSidecar(sample(), 'a.txt');
  const changed = 'शीर्षक 🙏🙏\n' + TEXT.replace('भाजपा', 'कांग्रेस');
  const loaded = fromSidecar(data, changed, { now: NOW });
  assert.equal(loaded.stale, true);
  assert.equal(loaded.report!.moved.length, 1);
  assert.equal(loaded.report!.orphaned.length, 1);
  const [m] = loaded.set.annotations();
  assert.equal(changed.slice(m!.start, m!.end), 'मोदी');
  const again = toSidecar(loaded.set, 'a.txt');
  assert.equal(again.orphans.length, 1);
  assert.equal(again.orphans[0]!.text, 'भाजपा');
  assert.equal(again.orphans[0]!.status, 'orphaned');
  const reread = fromSidecar(again, changed, { now: NOW });
  assert.equal(reread.stale, false);
  assert.equal(reread.set.orphans().length, 1);
});

test('sidecar: malformed, foreign and newer-version files give clear errors and are never overwritten', async () => {
  const dir = tmp();
  const cases: Array<[string, string, RegExp]> = [
    ['bad.txt.hna.json', '{"schema": "hindi-news-annotations", "version": 1, ', /not valid JSON.*left untouched/],
    ['foreign.txt.hna.json', '{"schema": "something-else", "version": 1}', /not a Hindi News Annotator file/],
    ['newer.txt.hna.json', JSON.stringify({ schema: 'hindi-news-annotations', version: 99, annotations: [] }), /newer Hindi News Annotator.*version 99.*Update/],
    ['damaged.txt.hna.json', JSON.stringify({ schema: 'hindi-news-annotations', version: 1, contentHash: 'x', annotations: [{ id: 'a1', start: -1 }] }), /annotations\[0\] "start"/],
  ];
  for (const [name, body, re] of cases) {
    const p = join(dir, name);
    writeFileSync(p, body);
    const r = await readSidecar(p);
    assert.ok(!r.ok);
    assert.match(r.error, re);
    const w = await writeSidecar(p, toSidecar(sample(), 'x.txt'));
    assert.ok(!w.ok && /not saving annotations/.test(w.error));
    assert.equal(readFileSync(p, 'utf8'), body, `${name} untouched`);
  }
  const forced = await writeSidecar(join(dir, 'bad.txt.hna.json'), toSidecar(sample(), 'x.txt'), { force: true });
  assert.ok(forced.ok);
  const missing = await readSidecar(join(dir, 'none.txt.hna.json'));
  assert.ok(!missing.ok && missing.kind === 'missing');
});

test('sidecar: atomic write survives a process killed mid-write', async () => {
  const dir = tmp();
  const p = join(dir, 'article.txt.hna.json');
  const old = toSidecar(sample(), 'article.txt');
  assert.ok((await writeSidecar(p, old)).ok);
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sidecar.crash-child.ts'), p], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('MIDWRITE')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before the write started`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const tmpFiles = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  assert.equal(tmpFiles.length, 1, 'the child really was mid-write');
  const r = await readSidecar(p);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.data, old);
});

test('sidecar: a folder that cannot be written gives an error that says what to do (works as root)', async () => {
  const dir = tmp();
  const notAFolder = join(dir, 'file');
  writeFileSync(notAFolder, 'x');
  const r = await writeSidecar(join(notAFolder, 'a.txt.hna.json'), toSidecar(sample(), 'a.txt'));
  assert.ok(!r.ok);
  assert.match(r.error, /is not a folder.*Save the article inside a real folder/);
  // sysfs refuses new files even to root.
  if (existsSync('/sys/kernel')) {
    const s = await writeSidecar('/sys/kernel/a.txt.hna.json', toSidecar(sample(), 'a.txt'));
    assert.ok(!s.ok);
    assert.match(s.error, /read-only|does not exist/);
    assert.match(s.error, /Make the folder writable|normal folder/);
  }
  // A plain read-only folder, where permissions apply (not root).
  if (process.getuid?.() !== 0) {
    const ro = tmp();
    chmodSync(ro, 0o555);
    const w = await writeSidecar(join(ro, 'a.txt.hna.json'), toSidecar(sample(), 'a.txt'));
    chmodSync(ro, 0o755);
    assert.ok(!w.ok && /read-only.*Make the folder writable/.test(w.error));
  }
});

test('sidecar: moving an article moves its sidecar and never overwrites one', async () => {
  const dir = tmp();
  const a = join(dir, 'a.txt');
  const b = join(dir, 'b.txt');
  writeFileSync(a, TEXT);
  assert.ok((await writeSidecar(sidecarPath(a), toSidecar(sample(), a))).ok);
  const m = await moveSidecar(a, b);
  assert.deepEqual(m, { ok: true, moved: true });
  assert.ok(!existsSync(sidecarPath(a)));
  const r = await readSidecar(sidecarPath(b));
  assert.ok(r.ok && r.data.article === 'b.txt');
  assert.deepEqual(await moveSidecar(join(dir, 'none.txt'), a), { ok: true, moved: false });
  writeFileSync(sidecarPath(a), '{}');
  const clash = await moveSidecar(b, a);
  assert.ok(!clash.ok && /already exists/.test(clash.error));
  assert.equal(readFileSync(sidecarPath(a), 'utf8'), '{}');
});

// ---- what is read is what is kept (issue 12) ----------------------------------

const bodyWith = (patch: (d: any) => void, text = TEXT): string => {
  const d = JSON.parse(serializeSidecar(toSidecar(sample(text), 'a.txt')));
  patch(d);
  return JSON.stringify(d, null, 1);
};

test('sidecar: offsets that are not safe integers, empty or overlapping spans and duplicate ids are reported by entry and never overwritten', async () => {
  const dir = tmp();
  const cases: Array<[string, (d: any) => void, RegExp]> = [
    ['huge.txt.hna.json', (d) => (d.annotations[0].start = d.annotations[0].end = 1e308), /annotations\[0\] "start" \(1e\+308\)/],
    ['unsafe.txt.hna.json', (d) => (d.annotations[1].end = 2 ** 53 + 2), /annotations\[1\] "end" \(9007199254740994\)/],
    ['overlap.txt.hna.json', (d) => (d.annotations[1].start = d.annotations[0].start + 1), /annotations\[1\] .* overlaps annotations\[0\]/],
    ['dup.txt.hna.json', (d) => (d.annotations[1].id = d.annotations[0].id), /annotations\[1\] has the id "a1" of annotations\[0\]/],
    ['dup-orphan.txt.hna.json', (d) => d.orphans.push({ ...d.annotations[0], status: 'orphaned' }), /orphans\[0\] has the id "a1"/],
    ['empty.txt.hna.json', (d) => (d.annotations[0].end = d.annotations[0].start), /annotations\[0\] is empty/],
  ];
  for (const [name, patch, re] of cases) {
    const p = join(dir, name);
    const body = bodyWith(patch);
    writeFileSync(p, body);
    const r = await readSidecar(p);
    assert.ok(!r.ok, name);
    assert.match(r.error, re);
    assert.match(r.error, new RegExp(name.replace(/\./g, '\\.')), 'the message names the file');
    const w = await writeSidecar(p, toSidecar(sample(), 'x.txt'));
    assert.ok(!w.ok, name);
    assert.equal(readFileSync(p, 'utf8'), body, `${name} untouched`);
  }
});

test('sidecar: offsets beyond the text, or over other text, while the hash says the text is unchanged, are invalid and name the entry', () => {
  const good = JSON.parse(serializeSidecar(toSidecar(sample(), 'a.txt')));
  const n = Array.from(TEXT).length;
  const beyond = structuredClone(good);
  beyond.annotations[1].end = n + 5;
  const r1 = parseSidecar(JSON.stringify(beyond), 'a.txt.hna.json');
  assert.ok(r1.ok);
  assert.throws(() => fromSidecar(r1.data, TEXT), (e: Error) => e instanceof InvalidSidecarError && /a\.txt: annotations\[1\] ends at \d+, beyond the end of the article/.test(e.message));
  const moved = structuredClone(good);
  moved.annotations[0].start += 2;
  moved.annotations[0].end += 2;
  const r2 = parseSidecar(JSON.stringify(moved), 'a.txt.hna.json');
  assert.ok(r2.ok);
  assert.throws(() => fromSidecar(r2.data, TEXT), /annotations\[0\] records the text "मोदी" but the article has/);
  // When the article changed, stored offsets are hints and re-anchoring places the spans.
  const changed = TEXT + ' और';
  const loaded = fromSidecar(r1.data, changed);
  assert.equal(loaded.stale, true);
  assert.deepEqual(loaded.set.annotations().map((a) => changed.slice(a.start, a.end)), ['मोदी', 'भाजपा']);
});

test('sidecar: invalid UTF-8 is malformed, not replaced by U+FFFD', async () => {
  const dir = tmp();
  const p = join(dir, 'a.txt.hna.json');
  const body = Buffer.concat([Buffer.from(bodyWith(() => undefined).replace('"मोदी"', '"XX"'), 'utf8')]);
  body[body.indexOf('XX')] = 0xff;
  writeFileSync(p, body);
  const r = await readSidecar(p);
  assert.ok(!r.ok && r.kind === 'malformed' && /not valid UTF-8/.test(r.error), JSON.stringify(r));
  assert.ok(!(await writeSidecar(p, toSidecar(sample(), 'a.txt'))).ok);
  assert.deepEqual(readFileSync(p), body);
});

test('sidecar: unknown fields (top level, per annotation, per rejection) survive a rewrite', async () => {
  const dir = tmp();
  const article = join(dir, 'a.txt');
  writeFileSync(article, TEXT);
  const body = bodyWith((d) => {
    d.reviewer = { name: 'सीमा', at: '2024-02-01' };
    d.status = 'inProgress';
    d.annotations[0].note = 'check the spelling';
    d.annotations[1].attributes = { confidence: 'high', tags: ['x'], extra: { nested: true } };
    d.rejections[0].why = 'not a date';
  });
  writeFileSync(sidecarPath(article), body);
  const r = await readSidecar(sidecarPath(article));
  assert.ok(r.ok, r.ok ? '' : r.error);
  const { set } = fromSidecar(r.data, TEXT, { now: NOW });
  // An edit and a new tag: the rewrite is a real one.
  set.applyEdit(0, 0, 'ताज़ा ');
  assert.ok(set.add(set.text.indexOf('बैठक'), set.text.indexOf('बैठक') + 4, 'DATE').ok);
  assert.ok((await writeSidecar(sidecarPath(article), toSidecar(set, article, r.data))).ok);
  const back = JSON.parse(readFileSync(sidecarPath(article), 'utf8'));
  assert.deepEqual(back.reviewer, { name: 'सीमा', at: '2024-02-01' });
  assert.equal(back.status, 'inProgress');
  assert.equal(back.annotations[0].note, 'check the spelling');
  assert.deepEqual(back.annotations[1].attributes, { confidence: 'high', tags: ['x'], extra: { nested: true } });
  assert.equal(back.annotations[2].note, undefined);
  assert.equal(back.rejections[0].why, 'not a date');
  assert.equal(back.extra, undefined, 'no wrapper key on disk');
});

test('sidecar: a read-only file is not overwritten; a writable one keeps its mode and owner', async () => {
  const dir = tmp();
  const p = join(dir, 'a.txt.hna.json');
  const body = serializeSidecar(toSidecar(sample(), 'a.txt'));
  writeFileSync(p, body);
  chmodSync(p, 0o444);
  const w = await writeSidecar(p, toSidecar(sample(TEXT + ' फिर'), 'a.txt'));
  assert.ok(!w.ok);
  assert.match(w.error, /read-only \(mode 0444\).*chmod u\+w/);
  assert.equal(readFileSync(p, 'utf8'), body);
  assert.equal(statSync(p).mode & 0o7777, 0o444);
  chmodSync(p, 0o640);
  const nobody = 65534;
  if (process.getuid?.() === 0) chownSync(p, nobody, nobody);
  assert.ok((await writeSidecar(p, toSidecar(sample(TEXT + ' फिर'), 'a.txt'))).ok);
  assert.notEqual(readFileSync(p, 'utf8'), body);
  const st = statSync(p);
  assert.equal(st.mode & 0o7777, 0o640);
  if (process.getuid?.() === 0) assert.deepEqual([st.uid, st.gid], [nobody, nobody]);
});

test('sidecar: only regular files are read: a FIFO, a device, a folder and a huge file are refused at once and left alone', async () => {
  const dir = tmp();
  const fifo = join(dir, 'fifo.txt.hna.json');
  execFileSync('mkfifo', [fifo]);
  const r = await readSidecar(fifo);
  assert.ok(!r.ok && r.kind === 'io' && /not a regular file \(a named pipe\)/.test(r.error), JSON.stringify(r));
  const w = await writeSidecar(fifo, toSidecar(sample(), 'fifo.txt'));
  assert.ok(!w.ok && /named pipe/.test(w.error));
  assert.ok(lstatSync(fifo).isFIFO());
  const zero = join(dir, 'zero.txt.hna.json');
  symlinkSync('/dev/zero', zero);
  // A link is not followed at all (issue-12 audit); the device itself is refused as one.
  const z = await readSidecar(zero);
  assert.ok(!z.ok && z.kind === 'io' && /is a symbolic link/.test(z.error), JSON.stringify(z));
  const dev = await readSidecar('/dev/zero');
  assert.ok(!dev.ok && /a device/.test(dev.error), JSON.stringify(dev));
  const folder = join(dir, 'folder.txt.hna.json');
  mkdirSync(folder);
  const f = await readSidecar(folder);
  assert.ok(!f.ok && /a folder/.test(f.error), JSON.stringify(f));
  const huge = join(dir, 'huge.txt.hna.json');
  writeFileSync(huge, '');
  truncateSync(huge, MAX_SIDECAR_BYTES + 1); // sparse: no disk used
  const h = await readSidecar(huge);
  assert.ok(!h.ok && /more than the 128 MB/.test(h.error), JSON.stringify(h));
  assert.ok(!(await writeSidecar(huge, toSidecar(sample(), 'huge.txt'))).ok);
  assert.equal(statSync(huge).size, MAX_SIDECAR_BYTES + 1);
});

test('sidecar: temporary files of killed writes are cleaned up; a live write is left alone', async () => {
  const dir = tmp();
  const p = join(dir, 'a.txt.hna.json');
  const dead = join(dir, '.a.txt.hna.json.4194305.deadbeef.tmp'); // above any pid_max
  const mine = join(dir, `.a.txt.hna.json.${process.pid}.0badf00d.tmp`);
  const live = join(dir, '.a.txt.hna.json.1.cafebabe.tmp');
  const oldLive = join(dir, '.a.txt.hna.json.1.00c0ffee.tmp');
  const other = join(dir, '.b.txt.hna.json.4194305.deadbeef.tmp');
  const user = join(dir, '.a.txt.hna.json.notes.tmp');
  for (const f of [dead, mine, live, oldLive, other, user]) writeFileSync(f, '{');
  const hoursAgo = new Date(Date.now() - 2 * 3600_000);
  utimesSync(oldLive, hoursAgo, hoursAgo);
  assert.equal(await cleanStaleTemps(p), 2);
  assert.deepEqual(readdirSync(dir).sort(), [mine, live, other, user].map((f) => f.slice(dir.length + 1)).sort());
});

test('sidecar: one saved by a Windows editor (byte order mark, CRLF line ends) is read as it is and written back as plain UTF-8 with LF', async () => {
  const dir = tmp();
  const p = join(dir, 'a.txt.hna.json');
  const plain = bodyWith(() => undefined);
  writeFileSync(p, '\ufeff' + plain.replace(/\n/g, '\r\n'));
  const r = await readSidecar(p);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.data, (parseSidecar(plain, p) as { data: unknown }).data);
  assert.ok((await writeSidecar(p, r.data)).ok);
  assert.equal(readFileSync(p, 'utf8'), serializeSidecar(r.data));
});
