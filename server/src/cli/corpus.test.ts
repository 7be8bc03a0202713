/**
 * Command-line reproductions of the dataset and file-safety issues: each
 * test is one reported case (issues 12 and 13), run through `hindi-news
 * export` / `import` in process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AnnotationSet } from '../core/annotations/model';
import { isGraphemeBoundary } from '../core/graphemes';
import { sidecarPath, toSidecar, writeSidecar, type SidecarData, type StoredSuggestion } from '../core/annotations/sidecar';
import type { ReviewStatus } from '../core/annotations/status';
import { readBratConfStrict, readBratStrict, universalNewlines } from '../../test/support/bratStrict';
import { runExport, runImport } from './export';

const NOW = () => '2024-01-01T00:00:00.000Z';
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `hna-${p}-`));

interface Spec {
  spans?: Array<[string, string, string?]>;
  status?: ReviewStatus;
  suggestions?: Array<[string, string, string?]>;
}

/** Write an article and (unless `spec` is undefined) its sidecar. */
async function article(dir: string, name: string, text: string, spec?: Spec): Promise<string> {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  if (!spec) return p;
  const set = new AnnotationSet(text, undefined, { now: NOW });
  for (const [s, label, entityId] of spec.spans ?? []) {
    const i = text.indexOf(s);
    assert.ok(i >= 0, s);
    assert.ok(set.add(i, i + s.length, label, entityId ? { exact: true, entityId } : { exact: true }).ok, s);
  }
  const data: SidecarData = { ...toSidecar(set, p) };
  if (spec.status) data.status = spec.status;
  if (spec.suggestions) {
    data.suggestions = spec.suggestions.map(([s, label, source]): StoredSuggestion => {
      const i = Array.from(text.slice(0, text.indexOf(s))).length;
      const o: StoredSuggestion = { start: i, end: i + Array.from(s).length, label, text: s };
      if (source) o.source = source;
      return o;
    });
  }
  const w = await writeSidecar(sidecarPath(p), data);
  assert.ok(w.ok);
  return p;
}

function cli() {
  const lines: string[] = [];
  return { lines, io: { stderr: (s: string) => void lines.push(s) }, get text() { return lines.join('\n'); } };
}

const jsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** Every file under `dir` (relative path → bytes as latin1 string), links not followed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, n.name);
      if (n.isDirectory()) walk(p);
      else if (n.isFile()) out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

const TEXT_A = 'भाजपा नेता नरेंद्र मोदी ने रैली की।';
const TEXT_B = 'कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने कहा।';
const TEXT_C = 'राहुल गांधी 19 दिसंबर 2023 को आए।';

/** A workspace of three done articles. */
async function workspace(): Promise<string> {
  const ws = tmp('ws');
  await article(ws, 'a.txt', TEXT_A, { spans: [['नरेंद्र मोदी', 'PERSON']], status: 'done' });
  await article(ws, 'sub/b.txt', TEXT_B, { spans: [['कांग्रेस', 'PARTY']], status: 'done' });
  await article(ws, 'c.txt', TEXT_C, { spans: [['राहुल गांधी', 'PERSON']], status: 'done' });
  return ws;
}

// ---------------------------------------------------------------- nothing escapes the workspace

test('issue 12: an article symlinked to a private key outside the workspace, with a planted sidecar, is not exported (JSONL, Label Studio); the link is reported', async () => {
  const ws = await workspace();
  const secret = join(tmp('outside'), 'id_rsa');
  writeFileSync(secret, '-----BEGIN OPENSSH PRIVATE KEY----- AWS_SECRET=abc');
  symlinkSync(secret, join(ws, 'key.txt'));
  writeFileSync(join(ws, 'key.txt.hna.json'), JSON.stringify({ schema: 'hindi-news-annotations', version: 1, contentHash: '', status: 'done', annotations: [] }));
  for (const [format, file] of [['jsonl', 'x.jsonl'], ['labelstudio', 'x.json']] as const) {
    const out = tmp('out');
    const c = cli();
    assert.equal(await runExport([ws, '--format', format, '--out', join(out, file)], c.io), 0, c.text);
    const body = readFileSync(join(out, file), 'utf8');
    assert.doesNotMatch(body, /PRIVATE KEY|AWS_SECRET/);
    assert.match(c.text, /skipped .*key\.txt: a symbolic link to a place outside the exported folders/);
    assert.match(c.text, /exported 3 documents/);
  }
});

test('issue 12: a folder symlinked to articles outside is not exported; a symlink loop does not multiply records (3 articles → 3 records)', async () => {
  const ws = await workspace();
  const elsewhere = tmp('elsewhere');
  await article(elsewhere, 'foreign.txt', 'विदेशी लेख मोदी', { spans: [], status: 'done' });
  symlinkSync(elsewhere, join(ws, 'linked'));
  symlinkSync(ws, join(ws, 'sub', 'loop'));
  symlinkSync('.', join(ws, 'self'));
  const out = tmp('out');
  const c = cli();
  assert.equal(await runExport([ws, '--out', join(out, 'x.jsonl')], c.io), 0, c.text);
  const ids = jsonl(join(out, 'x.jsonl')).map((r) => r.id);
  assert.deepEqual(ids, ['a.txt', 'c.txt', 'sub/b.txt']);
  assert.match(c.text, /skipped .*linked: a symbolic link to a place outside/);
  assert.match(c.text, /skipped .*loop: a symbolic link; links are not followed/);
});

test('issue 12: import --into does not write through a symlinked subfolder', async () => {
  const into = tmp('into');
  const outside = tmp('outside');
  symlinkSync(outside, join(into, 'sub'));
  const input = join(tmp('in'), 'in.jsonl');
  writeFileSync(input, [JSON.stringify({ id: 'sub/x', text: TEXT_A, spans: [] }), JSON.stringify({ id: 'ok', text: TEXT_B, spans: [] })].join('\n') + '\n');
  const c = cli();
  assert.equal(await runImport([input, '--into', into], c.io), 1);
  assert.deepEqual(readdirSync(outside), [], 'nothing written outside');
  assert.match(c.text, /sub is a symbolic link; nothing is written through links/);
  assert.ok(existsSync(join(into, 'ok.txt')), 'the other document is imported');
});

test('issue 12: an export folder that is a planted symlink out of the workspace is refused; nothing is written outside', async () => {
  const ws = await workspace();
  const outside = tmp('outside');
  symlinkSync(outside, join(ws, 'exports'));
  const c = cli();
  assert.equal(await runExport([ws, '--format', 'brat', '--out', join(ws, 'exports', '2024')], c.io), 1);
  assert.match(c.text, /leads outside .* through a symbolic link; nothing was written/);
  assert.deepEqual(readdirSync(outside), []);
});

test('issue 12: --out <corpus> never overwrites the README or the articles', async () => {
  const ws = await workspace();
  writeFileSync(join(ws, 'README.md'), 'my notes');
  const before = snapshot(ws);
  for (const format of ['jsonl', 'brat', 'conll', 'labelstudio']) {
    for (const extra of [[], ['--force']]) {
      const c = cli();
      assert.equal(await runExport([ws, '--format', format, '--out', ws, ...extra], c.io), 1, c.text);
      assert.match(c.text, /holds the articles being exported; an export never writes among them|is an article being exported/);
    }
  }
  assert.deepEqual(snapshot(ws), before);
});

test('issue 12: --out corpus/a.txt (CoNLL) does not truncate the article; even --force does not', async () => {
  const ws = await workspace();
  const before = readFileSync(join(ws, 'a.txt'), 'utf8');
  for (const extra of [[], ['--force']]) {
    const c = cli();
    assert.equal(await runExport([ws, '--format', 'conll', '--out', join(ws, 'a.txt'), ...extra], c.io), 1);
    assert.match(c.text, /is an article being exported .*the export would overwrite it/);
  }
  assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), before);
});

test('issue 12: a brat export into the corpus does not rewrite the articles (a BOM is kept)', async () => {
  const ws = await workspace();
  writeFileSync(join(ws, 'bom.txt'), '\ufeff' + TEXT_C);
  const before = snapshot(ws);
  const c = cli();
  assert.equal(await runExport([join(ws, 'sub'), '--format', 'brat', '--out', ws, '--force'], c.io), 1);
  assert.deepEqual(snapshot(ws), before);
});

test('issue 12: an export never writes into a non-empty folder it did not create, nor over a file, unless --force; it says so', async () => {
  const ws = await workspace();
  const out = tmp('out');
  writeFileSync(join(out, 'notes.md'), 'mine');
  let c = cli();
  assert.equal(await runExport([ws, '--out', out], c.io), 1);
  assert.match(c.text, /is not empty and was not written by an export .*nothing was written.*--force/);
  assert.deepEqual(readdirSync(out), ['notes.md']);
  c = cli();
  assert.equal(await runExport([ws, '--out', out, '--force'], c.io), 0, c.text);
  assert.match(c.text, /note: writing into .*which is not empty \(--force\)/);
  assert.equal(readFileSync(join(out, 'notes.md'), 'utf8'), 'mine');
  // A file.
  const file = join(tmp('f'), 'x.jsonl');
  writeFileSync(file, 'keep');
  c = cli();
  assert.equal(await runExport([ws, '--out', file], c.io), 1);
  assert.match(c.text, /already exists; nothing was written\. Pass --force/);
  assert.equal(readFileSync(file, 'utf8'), 'keep');
  assert.equal(await runExport([ws, '--out', file, '--force'], cli().io), 0);
  assert.equal(jsonl(file).length, 3);
  // Exporting again into an export's own folder replaces it, and says so; files it no longer writes go.
  const again = join(tmp('again'), 'ds');
  assert.equal(await runExport([ws, '--format', 'brat', '--out', again], cli().io), 0);
  assert.ok(existsSync(join(again, 'c.ann')));
  writeFileSync(join(ws, 'c.txt.hna.json'), readFileSync(join(ws, 'c.txt.hna.json'), 'utf8').replace('"done"', '"inProgress"'));
  c = cli();
  assert.equal(await runExport([ws, '--format', 'brat', '--out', again], c.io), 0, c.text);
  assert.match(c.text, /note: .*holds an earlier export; its files are replaced/);
  assert.ok(!existsSync(join(again, 'c.ann')) && !existsSync(join(again, 'c.txt')), 'the article no longer exported is gone from the export');
});

test('issue 12: error messages never quote the contents of files', async () => {
  const ws = await workspace();
  writeFileSync(join(ws, 'a.txt.hna.json'), 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI');
  writeFileSync(join(ws, 'sub', 'b.txt.hna.json'), '{"schema": AWS_SECRET}');
  const c = cli();
  assert.equal(await runExport([ws, '--out', join(tmp('o'), 'x.jsonl')], c.io), 1);
  assert.match(c.text, /a\.txt\.hna\.json: annotations file is not valid JSON/);
  assert.doesNotMatch(c.text, /AWS|wJalr/);
  const bad = join(tmp('in'), 'bad.jsonl');
  writeFileSync(bad, 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n');
  const i = cli();
  assert.equal(await runImport([bad, '--into', tmp('into')], i.io), 1);
  assert.match(i.text, /bad\.jsonl:1: not a JSON record/);
  assert.doesNotMatch(i.text, /AWS|wJalr/);
});

// ---------------------------------------------------------------- exports that never mislead

/** Articles in every review status; the in-progress one has 1 confirmed span and 2 unreviewed imported suggestions. */
async function mixedWorkspace(): Promise<string> {
  const ws = tmp('mixed');
  await article(ws, 'done.txt', TEXT_A, { spans: [['नरेंद्र मोदी', 'PERSON']], status: 'done' });
  await article(ws, 'progress.txt', TEXT_B, { spans: [['कांग्रेस', 'PARTY']], status: 'inProgress', suggestions: [['मल्लिकार्जुन खड़गे', 'PERSON', 'kb']] });
  await article(ws, 'legacy.txt', TEXT_C, { spans: [['राहुल गांधी', 'PERSON']] }); // no status: worked on, so in progress
  await article(ws, 'new.txt', 'कोई टैग नहीं, भाजपा', { spans: [] });
  await article(ws, 'bare.txt', 'सिर्फ़ पाठ'); // no sidecar at all
  return ws;
}

test('issue 13: by default only done articles are exported, every record carries meta.status, and the summary says what was left out and why', async () => {
  const ws = await mixedWorkspace();
  const out = join(tmp('o'), 'x.jsonl');
  const c = cli();
  assert.equal(await runExport([ws, '--out', out], c.io), 0, c.text);
  const recs = jsonl(out);
  assert.deepEqual(recs.map((r) => [r.id, r.meta.status]), [['done.txt', 'done']]);
  assert.match(c.text, /left out 4 articles not marked done: 2 in progress \(pass --include-in-progress\), 2 new \(never reviewed\) \(pass --include-new\)/);
});

test('issue 13: --include-in-progress: each in-progress record says so and keeps its unreviewed suggestions apart from its confirmed spans (JSONL, Label Studio, brat, CoNLL)', async () => {
  const ws = await mixedWorkspace();
  const dir = tmp('o');
  const c = cli();
  assert.equal(await runExport([ws, '--include-in-progress', '--out', join(dir, 'x.jsonl')], c.io), 0, c.text);
  const recs = jsonl(join(dir, 'x.jsonl'));
  assert.deepEqual(recs.map((r) => [r.id, r.meta.status]), [['done.txt', 'done'], ['legacy.txt', 'inProgress'], ['progress.txt', 'inProgress']]);
  const p = recs.find((r) => r.id === 'progress.txt');
  assert.deepEqual(p.spans.map((s: { text: string }) => s.text), ['कांग्रेस'], 'only the confirmed span is in spans');
  assert.ok(p.suggestions.some((s: { text: string; source: string }) => s.text === 'मल्लिकार्जुन खड़गे' && s.source === 'kb'), JSON.stringify(p.suggestions));
  for (const r of recs) for (const s of r.suggestions ?? []) assert.ok(!r.spans.some((x: { start: number; end: number }) => x.start < s.end && s.start < x.end), 'no suggestion overlaps a confirmed span');
  assert.match(c.text, /left out 2 articles not marked done: 2 new/);
  // Label Studio: a done article is an annotation; an in-progress one is not (its confirmed spans are a prediction of their own).
  assert.equal(await runExport([ws, '--include-in-progress', '--format', 'labelstudio', '--out', join(dir, 'ls.json')], cli().io), 0);
  const tasks = JSON.parse(readFileSync(join(dir, 'ls.json'), 'utf8'));
  const done = tasks.find((t: { meta: { docId: string } }) => t.meta.docId === 'done.txt');
  const prog = tasks.find((t: { meta: { docId: string } }) => t.meta.docId === 'progress.txt');
  assert.equal(done.meta.status, 'done');
  assert.equal(done.annotations.length, 1);
  assert.equal(prog.meta.status, 'inProgress');
  assert.deepEqual(prog.annotations, []);
  assert.deepEqual(prog.predictions.map((p: { model_version: string; result: unknown[] }) => p.result.length > 0), [true, true]);
  // brat: suggestions in their own file, statuses listed.
  const b = join(dir, 'brat');
  assert.equal(await runExport([ws, '--include-in-progress', '--format', 'brat', '--out', b], cli().io), 0);
  assert.doesNotMatch(readFileSync(join(b, 'progress.ann'), 'utf8'), /खड़गे/);
  assert.match(readFileSync(join(b, 'progress.suggestions.ann'), 'utf8'), /मल्लिकार्जुन खड़गे/);
  assert.match(readFileSync(join(b, 'documents.tsv'), 'utf8'), /progress\.txt\tinProgress\t1\t\d+/);
  // CoNLL: confirmed tags only.
  assert.equal(await runExport([ws, '--include-in-progress', '--format', 'conll', '--out', join(dir, 'x.conll')], cli().io), 0);
  assert.doesNotMatch(readFileSync(join(dir, 'x.conll'), 'utf8'), /खड़गे -X- _ [BI]-PERSON/);
});

test('issue 13: exports never become articles: brat into WS/exports/a (or a renamed export folder), then export WS → the same ids and count', async () => {
  const ws = await workspace();
  const first = join(tmp('o'), 'one.jsonl');
  assert.equal(await runExport([ws, '--out', first], cli().io), 0);
  assert.equal(await runExport([ws, '--format', 'brat', '--out', join(ws, 'exports', 'a')], cli().io), 0);
  assert.equal(await runExport([ws, '--format', 'brat', '--out', join(ws, 'datasets', 'b')], cli().io), 0);
  const second = join(tmp('o'), 'two.jsonl');
  const c = cli();
  assert.equal(await runExport([ws, '--out', second], c.io), 0, c.text);
  assert.deepEqual(jsonl(second).map((r) => r.id), jsonl(first).map((r) => r.id));
  assert.equal(readFileSync(second, 'utf8'), readFileSync(first, 'utf8'));
  assert.match(c.text, /skipped .*exports: the export folder/);
  assert.match(c.text, /skipped .*datasets[/\\]b: a folder written by an export/);
  // A CoNLL file written among the articles is not read as one.
  assert.equal(await runExport([ws, '--format', 'conll', '--out', join(ws, 'train.txt')], cli().io), 0);
  const third = join(tmp('o'), 'three.jsonl');
  assert.equal(await runExport([ws, '--out', third], cli().io), 0);
  assert.equal(readFileSync(third, 'utf8'), readFileSync(first, 'utf8'));
});

// ---------------------------------------------------------------- import keeps what the data is

test('issue 13: import of a --with-suggestions export keeps the suggestions unreviewed; a confirmed export comes back confirmed; --as confirmed', async () => {
  const ws = await mixedWorkspace();
  const exp = join(tmp('o'), 'x.jsonl');
  assert.equal(await runExport([ws, '--include-in-progress', '--with-suggestions', '--out', exp], cli().io), 0);
  const into = tmp('into');
  const c = cli();
  assert.equal(await runImport([exp, '--into', into], c.io), 0, c.text);
  const sc = JSON.parse(readFileSync(join(into, 'progress.txt.hna.json'), 'utf8'));
  assert.equal(sc.status, 'inProgress');
  assert.deepEqual(sc.annotations.map((a: { text: string }) => a.text), ['कांग्रेस']);
  assert.ok(sc.suggestions.some((s: { text: string; source: string }) => s.text === 'मल्लिकार्जुन खड़गे' && s.source === 'kb'));
  assert.equal(JSON.parse(readFileSync(join(into, 'done.txt.hna.json'), 'utf8')).status, 'done');
  // Round trip: exporting the imported folder gives the same records.
  const again = join(tmp('o'), 'y.jsonl');
  assert.equal(await runExport([into, '--include-in-progress', '--with-suggestions', '--out', again], cli().io), 0);
  assert.deepEqual(jsonl(again), jsonl(exp));
  // --as confirmed: everything confirmed, the article done.
  const into2 = tmp('into');
  assert.equal(await runImport([exp, '--into', into2, '--as', 'confirmed'], cli().io), 0);
  const sc2 = JSON.parse(readFileSync(join(into2, 'progress.txt.hna.json'), 'utf8'));
  assert.ok(sc2.annotations.some((a: { text: string; source: string }) => a.text === 'मल्लिकार्जुन खड़गे'));
  assert.equal(sc2.suggestions, undefined);
});

test('issue 13: absolute ids are made relative to --base, or refused with a message naming --base', async () => {
  const base = tmp('base');
  const input = join(tmp('in'), 'abs.jsonl');
  writeFileSync(input, JSON.stringify({ id: join(base, 'sub', 'x.txt'), text: TEXT_A, spans: [{ start: 11, end: 23, label: 'PERSON', text: 'नरेंद्र मोदी', source: 'kb' }] }) + '\n');
  let c = cli();
  assert.equal(await runImport([input, '--into', tmp('into')], c.io), 1);
  assert.match(c.text, /is an absolute path; pass --base DIR/);
  const into = tmp('into');
  c = cli();
  assert.equal(await runImport([input, '--into', into, '--base', base], c.io), 0, c.text);
  const sc = JSON.parse(readFileSync(join(into, 'sub', 'x.txt.hna.json'), 'utf8'));
  assert.deepEqual(sc.annotations, []);
  assert.deepEqual(sc.suggestions.map((s: { text: string; source: string }) => [s.text, s.source]), [['नरेंद्र मोदी', 'kb']]);
  assert.equal(sc.status, 'new');
  c = cli();
  assert.equal(await runImport([input, '--into', tmp('into'), '--base', tmp('elsewhere')], c.io), 1);
  assert.match(c.text, /is not inside --base/);
});

// ---------------------------------------------------------------- exports their readers accept

const AWKWARD = 'क\tख नेता राम\u2028श्याम और सीता\u0085गीता तथा मोहन\fसोहन व अमर\vअकबर ने नरेंद्र मोदी से भाजपा में कहा।';

test('issue 12: brat — spans holding a tab, U+2028, U+0085, \\f or \\v are read back equal by a strict brat reader; Wikidata links are written and survive brat → import → JSONL', async () => {
  const ws = tmp('brat');
  await article(ws, 'a.txt', AWKWARD, {
    status: 'done',
    spans: [['क\tख', 'PERSON'], ['राम\u2028श्याम', 'PERSON'], ['सीता\u0085गीता', 'PERSON'], ['मोहन\fसोहन', 'PERSON'], ['अमर\vअकबर', 'PERSON', 'ws-amar-akbar'], ['नरेंद्र मोदी', 'PERSON', 'narendra-modi'], ['भाजपा', 'PARTY', 'bjp']],
  });
  const out = join(tmp('o'), 'brat');
  let c = cli();
  assert.equal(await runExport([ws, '--format', 'brat', '--out', out], c.io), 0, c.text);
  const txt = readFileSync(join(out, 'a.txt'), 'utf8');
  const ann = readFileSync(join(out, 'a.ann'), 'utf8');
  const strict = readBratStrict(txt, ann);
  assert.deepEqual(strict.failures, []);
  assert.equal(strict.textBounds.length, 7);
  const cps = Array.from(txt);
  const whole = strict.textBounds.map((t) => cps.slice(t.fragments[0]![0], t.fragments[t.fragments.length - 1]![1]).join(''));
  assert.deepEqual(whole, ['क\tख', 'राम\u2028श्याम', 'सीता\u0085गीता', 'मोहन\fसोहन', 'अमर\vअकबर', 'नरेंद्र मोदी', 'भाजपा']);
  assert.deepEqual(strict.normalizations.map((n) => [n.target, n.db, n.ref]), [['T5', 'HindiNewsKB', 'ws-amar-akbar'], ['T6', 'Wikidata', 'Q1058'], ['T7', 'Wikidata', 'Q10230']]);
  const conf = readBratConfStrict(readFileSync(join(out, 'annotation.conf'), 'utf8'));
  assert.deepEqual(conf.failures, []);
  assert.deepEqual(conf.entities, ['DATE', 'PARTY', 'PERSON']);
  // brat → import → JSONL keeps every span and every link.
  const into = tmp('into');
  c = cli();
  assert.equal(await runImport([out, '--into', into], c.io), 0, c.text);
  const back = join(tmp('o'), 'back.jsonl');
  assert.equal(await runExport([into, '--out', back], cli().io), 0);
  const [rec] = jsonl(back);
  assert.deepEqual(rec.spans.map((s: { text: string }) => s.text), whole);
  assert.deepEqual(rec.spans.filter((s: { entityId?: string }) => s.entityId).map((s: { entityId: string }) => s.entityId), ['ws-amar-akbar', 'narendra-modi', 'bjp']);
});

test('issue 12: imported labels are validated before they reach annotation.conf ([events], #x)', async () => {
  const input = join(tmp('in'), 'labels.jsonl');
  writeFileSync(
    input,
    [
      JSON.stringify({ id: 'a', text: TEXT_A, spans: [{ start: 0, end: 5, label: '[events]' }] }),
      JSON.stringify({ id: 'b', text: TEXT_A, spans: [{ start: 0, end: 5, label: '#x' }] }),
      JSON.stringify({ id: 'c', text: TEXT_A, spans: [{ start: 0, end: 5, label: 'PARTY' }] }),
    ].join('\n') + '\n',
  );
  const into = tmp('into');
  const c = cli();
  assert.equal(await runImport([input, '--into', into], c.io), 1);
  assert.match(c.text, /labels\.jsonl:1: span 1 has the label "\[events\]"/);
  assert.match(c.text, /labels\.jsonl:2: span 1 has the label "#x"/);
  const out = join(tmp('o'), 'b');
  assert.equal(await runExport([into, '--format', 'brat', '--out', out], cli().io), 0);
  assert.deepEqual(readBratConfStrict(readFileSync(join(out, 'annotation.conf'), 'utf8')).failures, []);
});

test('issue 12: CoNLL — a token holding U+0085 adds no column; a span before a colon visarga (कांग्रेसः) ends on a cluster boundary', async () => {
  const ws = tmp('conll');
  const text = 'भाजपा\u0085नेता मोदी। कांग्रेसः 14 सीटें।';
  await article(ws, 'a.txt', text, { status: 'done', spans: [['मोदी', 'PERSON'], ['कांग्रेस', 'PARTY']] });
  const out = join(tmp('o'), 'x.conll');
  assert.equal(await runExport([ws, '--format', 'conll', '--out', out], cli().io), 0);
  const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l && !l.startsWith('-DOCSTART-'));
  // As Python's str.split() reads a line: split at every Unicode whitespace, U+001C–U+001F and U+0085; empty fields dropped.
  const pySplit = (l: string) => l.split(/[\s\x1c-\x1f\x85]+/u).filter(Boolean);
  for (const l of lines) assert.equal(pySplit(l).length, 4, JSON.stringify(l));
  assert.deepEqual(lines.slice(0, 2), ['भाजपा -X- _ O', 'नेता -X- _ O']);
  assert.ok(lines.includes('कांग्रेस -X- _ B-PARTY'));
  assert.ok(lines.includes('ः -X- _ O'), 'the colon visarga is a token of its own, outside the span');
  const end = text.indexOf('कांग्रेस') + 'कांग्रेस'.length;
  assert.ok(isGraphemeBoundary(text, end), 'the span ends on a cluster boundary: a colon visarga is punctuation, a cluster of its own');
  // A visarga a letter follows may end a span too (`भाजपाःसुनील`, words run together); a vowel sign never does.
  assert.ok(isGraphemeBoundary('भाजपाःसुनील', 5) && !isGraphemeBoundary('दुःख', 1), 'a span may end before a glued visarga, never before a vowel sign');
});

test('issue 12 audit: brat — an article with \\r\\n and lone \\r line ends is written byte for byte, its offsets count the text as brat reads it (universal newlines), and brat → import → JSONL gives back the same spans', async () => {
  const ws = tmp('crlf');
  const text = 'भाजपा नेता नरेंद्र मोदी ने कहा।\r\nकांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने\rजवाब दिया।\r\n\r\nराहुल गांधी 19 दिसंबर 2023 को आए।\r\n';
  const spans: Array<[string, string, string?]> = [
    ['नरेंद्र मोदी', 'PERSON', 'narendra-modi'],
    ['कहा।\r\nकांग्रेस', 'PARTY'],
    ['मल्लिकार्जुन खड़गे', 'PERSON'],
    ['राहुल गांधी', 'PERSON'],
    ['19 दिसंबर 2023', 'DATE'],
  ];
  await article(ws, 'a.txt', text, { status: 'done', spans });
  const out = join(tmp('o'), 'brat');
  let c = cli();
  assert.equal(await runExport([ws, '--format', 'brat', '--out', out], c.io), 0, c.text);
  assert.equal(readFileSync(join(out, 'a.txt'), 'latin1'), readFileSync(join(ws, 'a.txt'), 'latin1'), 'the .txt is the article, line ends included');
  const strict = readBratStrict(readFileSync(join(out, 'a.txt'), 'utf8'), readFileSync(join(out, 'a.ann'), 'utf8'));
  assert.deepEqual(strict.failures, []);
  const asBrat = Array.from(universalNewlines(text));
  const whole = strict.textBounds.map((t) => asBrat.slice(t.fragments[0]![0], t.fragments[t.fragments.length - 1]![1]).join(''));
  assert.deepEqual(whole, spans.map(([s]) => universalNewlines(s)));
  assert.deepEqual(strict.normalizations.map((n) => [n.target, n.ref]), [['T1', 'Q1058']]);
  // Back through the importer: the same code point offsets in the article as written.
  const into = tmp('into');
  c = cli();
  assert.equal(await runImport([out, '--into', into], c.io), 0, c.text);
  const back = join(tmp('o'), 'back.jsonl');
  const direct = join(tmp('o'), 'direct.jsonl');
  assert.equal(await runExport([into, '--out', back], cli().io), 0);
  assert.equal(await runExport([ws, '--out', direct], cli().io), 0);
  const [b] = jsonl(back);
  const [d] = jsonl(direct);
  assert.equal(b.text, text);
  assert.deepEqual(b.spans, d.spans);
  assert.deepEqual(b.spans.map((s: { text: string }) => s.text), spans.map(([s]) => s));
});

test('issue 12 audit: brat written by another tool, its .txt with a byte order mark and \\r\\n line ends, offsets counted as brat reads it (the mark one character, each \\r\\n one): import places every span on its words', async () => {
  const dir = tmp('bratbom');
  const text = 'भाजपा नेता नरेंद्र मोदी ने कहा।\r\nकांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने जवाब दिया।\r\n';
  writeFileSync(join(dir, 'a.txt'), '\ufeff' + text);
  const asBrat = Array.from('\ufeff' + universalNewlines(text));
  const at = (s: string) => {
    const i = asBrat.join('').indexOf(s);
    return `${Array.from(asBrat.join('').slice(0, i)).length} ${Array.from(asBrat.join('').slice(0, i)).length + Array.from(s).length}`;
  };
  writeFileSync(join(dir, 'a.ann'), `T1\tPERSON ${at('नरेंद्र मोदी')}\tनरेंद्र मोदी\nT2\tPERSON ${at('मल्लिकार्जुन खड़गे')}\tमल्लिकार्जुन खड़गे\n`);
  assert.deepEqual(readBratStrict('\ufeff' + text, readFileSync(join(dir, 'a.ann'), 'utf8')).failures, [], 'the .ann is what brat reads');
  const into = tmp('into');
  const c = cli();
  assert.equal(await runImport([dir, '--into', into], c.io), 0, c.text);
  const out = join(tmp('o'), 'x.jsonl');
  assert.equal(await runExport([into, '--include-in-progress', '--out', out], cli().io), 0);
  const [rec] = jsonl(out);
  assert.deepEqual(rec.spans.map((s: { text: string }) => s.text), ['नरेंद्र मोदी', 'मल्लिकार्जुन खड़गे']);
  const cps = Array.from(rec.text as string);
  for (const s of rec.spans) assert.equal(cps.slice(s.start, s.end).join(''), s.text);
});
