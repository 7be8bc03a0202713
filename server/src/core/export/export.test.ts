import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBrat, bratConf } from './brat';
import { CONLL_DOCSTART, conllSentences, toConll } from './conll';
import type { ExportDoc, ExportSpan } from './doc';
import { parseBrat, parseJsonlRecord } from './import';
import { exportDocuments, formatSummary } from './index';
import { toJsonl } from './jsonl';
import { toLabelStudioTask } from './labelstudio';
import { assignSplit, parseRatios } from './split';

/** A document with astral characters before most spans, so code points ≠ UTF-16. */
export function sampleDoc(id = 'sub/doc1.txt'): ExportDoc {
  const text =
    'आज 😀 नरेंद्र मोदी ने 𝐀 भाजपा की बैठक की। 19 अक्टूबर 2023 को राहुल गांधी|\n' +
    'कांग्रेस👍 नेता खड़गेजी बोले. "फिर" कहा?  अंत॥';
  const mk = (s: string, label: string, extra: Partial<ExportSpan> = {}, from = 0): ExportSpan => {
    const start = text.indexOf(s, from);
    assert.ok(start >= 0, s);
    return { start, end: start + s.length, label, text: s, ...extra };
  };
  const spans = [
    mk('नरेंद्र मोदी', 'PERSON', { entityId: 'wikidata:Q1058' }),
    mk('भाजपा', 'PARTY'),
    mk('19 अक्टूबर 2023', 'DATE'),
    mk('राहुल गांधी', 'PERSON', { suggestion: true }),
    mk('कांग्रेस', 'PARTY'),
    mk('खड़गे', 'PERSON'), // ends inside the token खड़गेजी
  ];
  return { id, text, spans };
}

const cpSlice = (text: string, s: number, e: number) => Array.from(text).slice(s, e).join('');

test('jsonl: code point offsets, read back the way Python/spaCy would', () => {
  const doc = sampleDoc();
  const line = toJsonl(doc);
  assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
  const rec = JSON.parse(line);
  assert.equal(rec.meta.offsetUnit, 'codepoint');
  let differ = 0;
  rec.spans.forEach((s: { start: number; end: number; text: string }, i: number) => {
    assert.equal(cpSlice(rec.text, s.start, s.end), s.text);
    if (s.start !== doc.spans[i]!.start) differ++;
  });
  assert.ok(differ >= 4, 'the sample really has code point ≠ UTF-16 offsets');
  assert.equal(rec.spans[0].entityId, 'wikidata:Q1058');
  assert.equal(rec.meta.status, 'done');
  assert.equal(rec.spans.length, doc.spans.length - 1, 'the suggestion is not among the confirmed spans');
  assert.deepEqual(rec.suggestions.map((s: { text: string }) => s.text), ['राहुल गांधी']);
  const back = parseJsonlRecord(line, 'x:1');
  assert.deepEqual(back.spans, doc.spans.filter((s) => !s.suggestion));
  assert.deepEqual(back.suggestions, doc.spans.filter((s) => s.suggestion));
});

test('jsonl import: doccano label arrays, UTF-16 unit, and clear errors', () => {
  const text = '😀 मोदी और';
  const d = parseJsonlRecord(JSON.stringify({ id: 7, text, label: [[3, 7, 'PERSON']] }), 'f:1', 'utf16');
  assert.equal(d.spans[0]!.text, 'मोदी');
  assert.throws(() => parseJsonlRecord(JSON.stringify({ id: 'a', text, spans: [{ start: 3, end: 7, label: 'PERSON', text: 'मोदी' }] }), 'f:2'), /f:2: span 1 .*--offset-unit/);
  assert.throws(() => parseJsonlRecord('{"text": "x"}', 'f:3'), /f:3: "id" is missing/);
  assert.throws(() => parseJsonlRecord('{oops', 'f:4'), /f:4: not a JSON record/);
  assert.throws(() => parseJsonlRecord(JSON.stringify({ id: 'a', text, spans: [{ start: 0, end: 99, label: 'X' }] }), 'f:5'), /outside the text/);
});

test('brat: T lines in code points, Wikidata normalisation, suggestion notes; consumer reads .txt by code points', () => {
  const doc = sampleDoc();
  const { txt, ann } = toBrat(doc);
  assert.equal(txt, doc.text);
  const lines = ann.trim().split('\n');
  const tLines = lines.filter((l) => l.startsWith('T'));
  assert.equal(tLines.length, doc.spans.length - 1, 'the suggestion is not in the .ann');
  for (const l of tLines) {
    const [, typeOff, surface] = l.split('\t');
    const [, ...offs] = typeOff!.split(' ');
    const frags = offs.join(' ').split(';').map((f) => f.split(' ').map(Number));
    assert.equal(frags.map(([a, b]) => cpSlice(txt, a!, b!)).join(' '), surface);
  }
  assert.ok(lines.includes('N1\tReference T1 Wikidata:Q1058\tनरेंद्र मोदी'));
  const { suggestions } = toBrat(doc);
  assert.match(suggestions!, /^T1\tPERSON \d+ \d+\tराहुल गांधी\n$/);
  const back = parseBrat(doc.id, txt, ann, 'x.ann', suggestions);
  assert.equal(back.spans.length, doc.spans.length - 1);
  assert.deepEqual(back.suggestions.map((s) => s.text), ['राहुल गांधी']);
  assert.equal(back.spans[0]!.entityId, 'wikidata:Q1058');
  assert.match(bratConf(['PERSON', 'DATE']), /^\[entities\]\nDATE\nPERSON\n/);
});

test('brat: a span across a line break becomes fragments and imports back whole', () => {
  const text = 'x 😀 राहुल\nगांधी y';
  const start = text.indexOf('राहुल');
  const end = text.indexOf(' y');
  const { ann } = toBrat({ id: 'a.txt', text, spans: [{ start, end, label: 'PERSON', text: text.slice(start, end) }] });
  assert.equal(ann, 'T1\tPERSON 4 9;10 15\tराहुल गांधी\n');
  const back = parseBrat('a.txt', text, ann, 'a.ann');
  assert.deepEqual([back.spans[0]!.start, back.spans[0]!.end], [start, end]);
});

test('conll: Hindi tokens, sentences at danda/|/./?/line breaks, span edge inside a token splits it; tokens join back to the text', () => {
  const doc = sampleDoc();
  const out = toConll(doc);
  assert.ok(out.startsWith(CONLL_DOCSTART + '\n\n'));
  const body = out.slice(CONLL_DOCSTART.length + 2);
  const sentences = body.trim().split('\n\n').map((b) => b.split('\n').map((l) => l.split(' ')));
  for (const sent of sentences) for (const cols of sent) assert.equal(cols.length, 4, cols.join(' '));
  const tokens = sentences.flat().map((c) => c[0]!);
  assert.equal(tokens.join(''), doc.text.replace(/\s+/gu, ''));
  // Rebuild spans from IOB2 and compare surfaces (modulo whitespace).
  const found: string[] = [];
  for (const sent of sentences) {
    for (const [tok, , , tag] of sent) {
      if (tag!.startsWith('B-')) found.push(tok!);
      else if (tag!.startsWith('I-')) found[found.length - 1] += tok!;
    }
  }
  assert.deepEqual(found, doc.spans.filter((s) => !s.suggestion).map((s) => s.text.replace(/\s+/g, '')), 'only confirmed spans are tags');
  assert.ok(tokens.includes('खड़गे') && tokens.includes('जी'), 'token split at the span edge');
  const firstWords = sentences.map((s) => s[0]![0]);
  assert.deepEqual(firstWords, ['आज', '19', 'कांग्रेस', '"', 'अंत']);
  // A danda inside a span does not end the sentence there.
  const t = 'श्री ए। बी ने कहा।';
  const sents = conllSentences({ id: 'x', text: t, spans: [{ start: 5, end: 10, label: 'PERSON', text: t.slice(5, 10) }] });
  assert.equal(sents.length, 1);
});

test('labelstudio: annotations vs predictions, value.text matches the text by code points', () => {
  const doc = sampleDoc();
  const task = toLabelStudioTask(doc, 3);
  assert.equal(task.meta.offsetUnit, 'codepoint');
  assert.equal(task.annotations[0]!.result.length, 5);
  assert.equal(task.predictions[0]!.result.length, 1);
  for (const r of [...task.annotations[0]!.result, ...task.predictions[0]!.result]) {
    assert.equal(cpSlice(task.data.text, r.value.start, r.value.end), r.value.text);
    assert.equal(r.from_name, 'label');
    assert.equal(r.to_name, 'text');
  }
  assert.deepEqual(task.predictions[0]!.result[0]!.value.labels, ['PERSON']);
});

test('labelstudio: a suggestion\'s confidence is its region score, and the least confident one scores the prediction', () => {
  const doc = sampleDoc();
  const first = doc.spans.find((x) => x.suggestion)!;
  first.confidence = 0.62;
  const at = doc.text.indexOf('नेता');
  doc.spans.push({ start: at, end: at + 'नेता'.length, label: 'PERSON', text: 'नेता', suggestion: true, confidence: 0.9 });
  doc.spans.sort((a, b) => a.start - b.start);
  const task = toLabelStudioTask(doc, 1);
  const p = task.predictions.find((x) => x.model_version === 'hindi-news-annotator')!;
  assert.deepEqual(p.result.map((r) => r.score), [0.62, 0.9]);
  assert.equal(p.score, 0.62);
});

test('split: reproducible by id and seed, ratios roughly kept', () => {
  assert.deepEqual(parseRatios('80/10/10'), [80, 10, 10]);
  assert.deepEqual(parseRatios('90/10'), [90, 10, 0]);
  assert.throws(() => parseRatios('80-20'), /expected train\/dev\/test/);
  const spec = { ratios: [80, 10, 10] as const, seed: 1 };
  const counts = { train: 0, dev: 0, test: 0 };
  for (let i = 0; i < 5000; i++) counts[assignSplit(`doc${i}.txt`, spec)]++;
  assert.ok(Math.abs(counts.train - 4000) < 200 && Math.abs(counts.dev - 500) < 100, JSON.stringify(counts));
  assert.equal(assignSplit('a.txt', spec), assignSplit('a.txt', { ...spec }));
  let moved = 0;
  for (let i = 0; i < 200; i++) if (assignSplit(`d${i}`, spec) !== assignSplit(`d${i}`, { ...spec, seed: 2 })) moved++;
  assert.ok(moved > 20, 'the seed matters');
  assert.equal(assignSplit('x', { ratios: [90, 10, 0], seed: 0 }) === 'test', false);
});

test('exportDocuments: streams every format, with a split, and summarises', async () => {
  async function* docs() {
    for (let i = 0; i < 30; i++) yield { ...sampleDoc(`d${i}.txt`), orphans: i === 3 ? 2 : 0 };
  }
  for (const format of ['jsonl', 'conll', 'brat', 'labelstudio'] as const) {
    const out = mkdtempSync(join(tmpdir(), `hna-exp-${format}-`));
    const s = await exportDocuments(docs(), { format, out, split: { ratios: [80, 10, 10], seed: 3 } });
    assert.equal(s.documents, 30);
    assert.equal(s.spans.PERSON, 60);
    assert.equal(s.suggestions.PERSON, 30);
    assert.equal(s.orphans, 2);
    assert.deepEqual(s.documentsWithOrphans, ['d3.txt']);
    assert.equal(s.splits!.train + s.splits!.dev + s.splits!.test, 30);
    assert.match(formatSummary(s, out), /exported 30 documents .*code points[^]*orphaned annotations left out: 2 \(in d3.txt\)/);
    const names = readdirSync(out).sort();
    assert.ok(names.includes('README.md'));
    assert.match(readFileSync(join(out, 'README.md'), 'utf8'), format === 'conll' ? /no offsets/ : /CODE POINTS/);
    if (format === 'labelstudio') {
      const tasks = JSON.parse(readFileSync(join(out, 'train.json'), 'utf8'));
      assert.equal(tasks.length, s.splits!.train);
      assert.ok(names.includes('label-config.xml'));
    }
    if (format === 'jsonl') assert.equal(readFileSync(join(out, 'dev.jsonl'), 'utf8').trim().split('\n').filter(Boolean).length, s.splits!.dev);
    if (format === 'brat') assert.ok(names.includes('annotation.conf') && names.includes('train'));
  }
  // A single-file output.
  const dir = mkdtempSync(join(tmpdir(), 'hna-exp-file-'));
  await exportDocuments(docs(), { format: 'labelstudio', out: join(dir, 'tasks.json') });
  assert.equal(JSON.parse(readFileSync(join(dir, 'tasks.json'), 'utf8')).length, 30);
  await exportDocuments([], { format: 'labelstudio', out: join(dir, 'empty.json') });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'empty.json'), 'utf8')), []);
  await assert.rejects(exportDocuments([{ ...sampleDoc('../evil.txt') }], { format: 'brat', out: join(dir, 'b') }), /not a safe relative path/);
});
