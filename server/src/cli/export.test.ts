import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AnnotationSet } from '../core/annotations/model';
import { sidecarPath, toSidecar, writeSidecar } from '../core/annotations/sidecar';
import { runExport, runImport } from './export';

const NOW = () => '2024-01-01T00:00:00.000Z';

/** A folder of annotated articles with astral characters, one unannotated article, nested folder. */
async function corpus(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hna-cli-'));
  const articles: Array<[string, string, Array<[string, string, string?]>]> = [
    ['a.txt', 'आज 😀 नरेंद्र मोदी ने 𝐀 भाजपा की बैठक की। 19 अक्टूबर 2023 को।\nकांग्रेस👍 नेता खड़गेजी बोले.', [['नरेंद्र मोदी', 'PERSON', 'wikidata:Q1058'], ['भाजपा', 'PARTY'], ['19 अक्टूबर 2023', 'DATE'], ['खड़गे', 'PERSON']]],
    ['sub/b.txt', '🙏 राहुल गांधी|\nसपा और बसपा', [['राहुल गांधी', 'PERSON'], ['सपा', 'PARTY']]],
    ['c.txt', 'कोई टैग नहीं 😀', []],
  ];
  for (const [name, text, spans] of articles) {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    const set = new AnnotationSet(text, undefined, { now: NOW });
    for (const [s, label, entityId] of spans) {
      const i = text.indexOf(s);
      const r = set.add(i, i + s.length, label, entityId ? { entityId } : {});
      assert.ok(r.ok);
    }
    assert.ok((await writeSidecar(sidecarPath(p), { ...toSidecar(set, p), status: 'done' })).ok);
  }
  writeFileSync(join(dir, 'unannotated.txt'), 'बिना टैग');
  return dir;
}

function capture() {
  const lines: string[] = [];
  return { lines, io: { stderr: (s: string) => void lines.push(s) } };
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

test('export → import → export gives identical files (JSONL)', async () => {
  const src = await corpus();
  const out = mkdtempSync(join(tmpdir(), 'hna-out-'));
  const c = capture();
  assert.equal(await runExport([src, '--format', 'jsonl', '--out', join(out, 'one.jsonl')], c.io), 0, c.lines.join('\n'));
  assert.match(c.lines.join('\n'), /exported 3 documents as jsonl/);
  assert.match(c.lines.join('\n'), /left out 1 article not marked done: 1 new \(never reviewed\) \(pass --include-new\)/);
  const first = readFileSync(join(out, 'one.jsonl'), 'utf8');
  const recs = first.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(recs.map((r) => r.id), ['a.txt', 'c.txt', 'sub/b.txt']);
  for (const r of recs) for (const s of r.spans) assert.equal(Array.from(r.text as string).slice(s.start, s.end).join(''), s.text);

  const into = mkdtempSync(join(tmpdir(), 'hna-into-'));
  assert.equal(await runImport([join(out, 'one.jsonl'), '--into', into], c.io), 0, c.lines.join('\n'));
  assert.equal(readFileSync(join(into, 'sub/b.txt'), 'utf8'), readFileSync(join(src, 'sub/b.txt'), 'utf8'));
  assert.equal(await runExport([into, '--format', 'jsonl', '--out', join(out, 'two.jsonl')], c.io), 0);
  assert.equal(readFileSync(join(out, 'two.jsonl'), 'utf8'), first);
  // Importing again does not replace existing annotations.
  const again = capture();
  assert.equal(await runImport([join(out, 'one.jsonl'), '--into', into], again.io), 1);
  assert.match(again.lines.join('\n'), /already holds annotations; not replaced \(use --force/);
});

test('export → import → export gives identical files (brat)', async () => {
  const src = await corpus();
  const out1 = mkdtempSync(join(tmpdir(), 'hna-brat1-'));
  const out2 = mkdtempSync(join(tmpdir(), 'hna-brat2-'));
  const into = mkdtempSync(join(tmpdir(), 'hna-brat-into-'));
  const c = capture();
  assert.equal(await runExport([src, '--format', 'brat', '--out', out1], c.io), 0, c.lines.join('\n'));
  const t1 = tree(out1);
  assert.ok(t1['a.ann']!.includes('N1\tReference T1 Wikidata:Q1058\tनरेंद्र मोदी'));
  assert.ok('sub/b.txt' in t1 && 'sub/b.ann' in t1 && 'annotation.conf' in t1);
  assert.equal(await runImport([out1, '--into', into], c.io), 0, c.lines.join('\n'));
  assert.equal(await runExport([into, '--format', 'brat', '--out', out2], c.io), 0, c.lines.join('\n'));
  assert.deepEqual(tree(out2), t1);
});

test('export: every format from the CLI, split files, all consumers agree with the text', async () => {
  const src = await corpus();
  for (const format of ['conll', 'labelstudio'] as const) {
    const out = mkdtempSync(join(tmpdir(), `hna-${format}-`));
    const c = capture();
    assert.equal(await runExport([src, '--format', format, '--out', out, '--split', '50/25/25', '--seed', '4'], c.io), 0, c.lines.join('\n'));
    assert.match(c.lines.join('\n'), /split: train \d+, dev \d+, test \d+/);
    const ext = format === 'conll' ? '.conll' : '.json';
    const all = ['train', 'dev', 'test'].map((s) => readFileSync(join(out, s + ext), 'utf8'));
    if (format === 'conll') assert.equal(all.join('').split('-DOCSTART- -X- O O').length - 1, 3);
    else {
      const tasks = all.flatMap((s) => JSON.parse(s));
      assert.equal(tasks.length, 3);
      for (const t of tasks) for (const r of t.annotations.flatMap((a: { result: unknown[] }) => a.result)) assert.equal(Array.from(t.data.text as string).slice(r.value.start, r.value.end).join(''), r.value.text);
    }
  }
});

test('export: a broken sidecar is an error naming the file; the rest is exported; exit code 1', async () => {
  const src = await corpus();
  writeFileSync(join(src, 'bad.txt'), 'x');
  writeFileSync(join(src, 'bad.txt.hna.json'), '{"schema":');
  const c = capture();
  const out = mkdtempSync(join(tmpdir(), 'hna-bad-'));
  assert.equal(await runExport([src, '--out', out], c.io), 1);
  const msg = c.lines.join('\n');
  assert.match(msg, /error: .*bad\.txt\.hna\.json: annotations file is not valid JSON/);
  assert.match(msg, /exported 3 documents/);
  assert.equal(readFileSync(join(src, 'bad.txt.hna.json'), 'utf8'), '{"schema":', 'left untouched');
  assert.equal(await runExport([src], capture().io), 2, 'missing --out is a usage error');
  assert.equal(await runExport([join(src, 'nope'), '--out', out], c.io), 1);
  assert.match(c.lines.join('\n'), /nope: no such file or folder/);
});

test('export --with-suggestions: worker threads give the same output as one thread', async () => {
  const src = await corpus();
  const out = mkdtempSync(join(tmpdir(), 'hna-jobs-'));
  const c = capture();
  assert.equal(await runExport([src, '--with-suggestions', '--include-new', '--jobs', '2', '--out', join(out, 'a.jsonl')], c.io), 0, c.lines.join('\n'));
  assert.doesNotMatch(c.lines.join('\n'), /worker thread stopped/);
  assert.equal(await runExport([src, '--with-suggestions', '--include-new', '--jobs', '1', '--out', join(out, 'b.jsonl')], c.io), 0);
  const a = readFileSync(join(out, 'a.jsonl'), 'utf8');
  assert.equal(a, readFileSync(join(out, 'b.jsonl'), 'utf8'));
  const recs = a.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(recs.length, 4, 'articles never reviewed are included with --include-new');
  assert.ok(recs.every((r) => Array.isArray(r.suggestions)), 'every record carries its unreviewed suggestions apart');
  assert.ok(recs.some((r) => r.suggestions.length > 0));
  for (const r of recs) for (const sg of r.suggestions) assert.ok(!r.spans.some((x: { start: number; end: number }) => x.start === sg.start && x.end === sg.end));
});
