import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationSet } from './model';
import { contentHash, fromSidecar, moveSidecar, readSidecar, sidecarPath, toSidecar, writeSidecar } from './sidecar';

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
