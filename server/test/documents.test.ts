import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver';
import { Recognizer } from '../src/core/recognizer';
import type { Span } from '../src/core/types';
import { DocumentAnalyzer } from '../src/features/documents';
import { entityKey, mergeSpans, spanAt } from '../src/features/entities';
import { weekday } from '../src/features/hover';
import { warmUpEditorPath } from '../src/features/warmUp';

const recognizer = new Recognizer();
const article = ['कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने सोमवार को कहा।', 'भाजपा नेता नरेंद्र मोदी ने 19 दिसंबर 2023 को रैली की।', '', 'खड़गे ने फिर कहा।'].join('\n');

function doc(text: string, version = 1) {
  return { uri: 'file:///a.txt', version, getText: () => text };
}

test('the analyzer gives exactly what the recogniser gives, and its warmed cache is the one recognise() reads', async () => {
  const a = new DocumentAnalyzer(recognizer);
  const got = await a.analyze(doc(article));
  assert.deepEqual(got, recognizer.recognize(article));
  // One entry per non-empty paragraph: recognise() found every pre-warmed key (no second copies).
  assert.equal(a.cacheSize('file:///a.txt'), 3);
});

test('an edit re-analyses only the edited paragraph and drops the old one', async () => {
  const a = new DocumentAnalyzer(recognizer);
  await a.analyze(doc(article));
  let calls = 0;
  const counting = new Recognizer();
  const orig = counting.analyzeParagraph.bind(counting);
  counting.analyzeParagraph = (t: string, p?: string) => (calls++, orig(t, p));
  // Count paragraph analyses with a second recogniser (setRecognizer empties the cache, so warm it again first).
  a.setRecognizer(counting);
  await a.analyze(doc(article, 2));
  calls = 0;
  const edited = article.replace('फिर', 'दोबारा');
  const got = await a.analyze(doc(edited, 3));
  assert.equal(calls, 1);
  assert.deepEqual(got, recognizer.recognize(edited));
  assert.equal(a.cacheSize('file:///a.txt'), 3);
});

test('a cancelled analysis returns undefined; another caller of the same version still gets the result', async () => {
  const a = new DocumentAnalyzer(recognizer);
  const big = Array.from({ length: 3000 }, (_, i) => `${i}: ${article.split('\n')[i % 2]}`).join('\n');
  const cts = new CancellationTokenSource();
  const first = a.analyze(doc(big), cts.token);
  const second = a.analyze(doc(big));
  cts.cancel();
  assert.equal(await first, undefined);
  assert.deepEqual((await second)?.spans.length, recognizer.recognize(big).spans.length);
});

test('windowed analysis keeps document offsets', () => {
  const a = new DocumentAnalyzer(recognizer);
  const at = article.indexOf('नरेंद्र');
  const w = a.analyzeWindow(doc(article), at, at, 0);
  const full = recognizer.recognize(article).spans.filter((s) => s.start >= article.lastIndexOf('\n', at) && s.end <= article.indexOf('\n', at));
  assert.deepEqual(w.spans.map((s) => [s.start, s.end, s.label]), full.map((s) => [s.start, s.end, s.label]));
});

const sp = (start: number, end: number, label: Span['label'], text = 'x'): Span => ({ start, end, label, text, source: 'rule', reason: '' });

test('annotations: rejected suggestions are hidden, confirmed spans replace overlapping suggestions, labels filter', () => {
  const suggestions = [sp(0, 5, 'PERSON'), sp(10, 15, 'PARTY'), sp(20, 25, 'DATE'), sp(30, 35, 'PERSON')];
  const merged = mergeSpans(suggestions, { confirmed: [sp(12, 18, 'PERSON')], rejected: [{ start: 0, end: 5, label: 'PERSON' }] }, new Set(['PERSON', 'PARTY']));
  assert.deepEqual(merged.map((s) => [s.start, s.end, s.label, s.confirmed]), [
    [12, 18, 'PERSON', true],
    [30, 35, 'PERSON', false],
  ]);
});

test('spanAt finds the span under or just after the cursor', () => {
  const spans = [sp(0, 5, 'PERSON'), sp(5, 9, 'DATE'), sp(20, 25, 'PARTY')];
  assert.equal(spanAt(spans, 0), 0);
  assert.equal(spanAt(spans, 5), 1);
  assert.equal(spanAt(spans, 9), 1);
  assert.equal(spanAt(spans, 12), -1);
  assert.equal(spanAt(spans, 25), 2);
});

test('entity keys join spellings through the knowledge-base id, otherwise the normalised text', () => {
  assert.equal(entityKey({ label: 'PERSON', text: 'खरगे', entityId: 'mallikarjun-kharge' }), entityKey({ label: 'PERSON', text: 'खड़गे', entityId: 'mallikarjun-kharge' }));
  assert.equal(entityKey({ label: 'PERSON', text: 'अविनाश  पांडेय' }), entityKey({ label: 'PERSON', text: 'अविनाश पांडेय' }));
});

test('weekday names for full dates only', () => {
  assert.deepEqual(weekday('2023-12-19'), { en: 'Tuesday', hi: 'मंगलवार' });
  assert.equal(weekday('2023-12'), undefined);
  assert.equal(weekday('2023-02-30'), undefined);
});

test('the provisional analysis after an edit equals the exact one when the edit links nothing new', async () => {
  const a = new DocumentAnalyzer(recognizer);
  await a.analyze(doc(article));
  const edited = article.replace('रैली', 'बड़ी सभा');
  const p = a.provisional(doc(edited, 2));
  assert.ok(p);
  assert.deepEqual(p.spans, recognizer.recognize(edited).spans);
  assert.equal(a.provisional(doc(article, 1)), undefined, 'no provisional analysis for the analysed version itself');
});

test('a viewport window analysed while the whole document is being analysed keeps the shared cache (no paragraph analysed twice)', async () => {
  // Well over 5,000 distinct paragraphs (the size at which a windowed-only document's cache is dropped), so the
  // analysis is still running, time slice after time slice, once its cache has passed that size.
  const paras = Array.from({ length: 12_000 }, (_, i) => `खड़गे ने ${i} कहा।`);
  const text = paras.join('\n');
  const counting = new Recognizer();
  let calls = 0;
  const orig = counting.analyzeParagraph.bind(counting);
  counting.analyzeParagraph = (t: string, p?: string) => (calls++, orig(t, p));
  const a = new DocumentAnalyzer(counting);
  const d = doc(text);
  assert.equal(a.analyzedBefore(d.uri), false);
  const whole = a.analyze(d);
  assert.equal(a.analyzedBefore(d.uri), true);
  // The analysis yields between time slices; range requests come in meanwhile, one once the cache is past the limit.
  let done = false;
  void whole.then(() => (done = true));
  let windows = 0;
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    if (done) break;
    assert.ok(a.analyzeWindow(d, 0, 100, 5).spans.length > 0);
    windows++;
  }
  assert.ok(windows > 1);
  const got = await whole;
  assert.deepEqual(got, recognizer.recognize(text));
  assert.ok(calls <= paras.length + 20, `${calls} paragraph analyses for ${paras.length} paragraphs`);
});

test('the editor-path warm-up runs the warm-up articles through every stage and changes no result', async () => {
  const warmed = new Recognizer();
  const recognised: string[] = [];
  let paragraphs = 0;
  const analyzeParagraph = warmed.analyzeParagraph.bind(warmed);
  const recognize = warmed.recognize.bind(warmed);
  warmed.analyzeParagraph = (text, publication) => (paragraphs++, analyzeParagraph(text, publication));
  warmed.recognize = (text, cache) => (recognised.push(text), recognize(text, cache));
  await warmUpEditorPath(warmed);
  const docs = warmed.warmUpDocuments();
  // Every generated article is recognised whole, and the last one once more after an edit.
  for (const d of docs) assert.ok(recognised.includes(d), 'a warm-up article was not analysed');
  const last = docs[docs.length - 1]!;
  assert.ok(recognised.some((t) => t.length === last.length + 'श्री '.length && t !== last), 'the edited article was not re-analysed');
  assert.ok(paragraphs > 500, `${paragraphs} paragraphs analysed`);
  const a = new DocumentAnalyzer(warmed);
  assert.deepEqual(await a.analyze(doc(article)), recognizer.recognize(article));
});
