import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { normalize } from '../normalize';
import { Recognizer } from '../recognizer';
import { shippedTagger, shippedWeights, Tagger } from '../tagger';
import { contextKind } from './contextKind';
import { kbKnows } from './kbKnows';
import { Learner, examplesOf, type AnnotatedDocument } from './learner';
import { emptyModel, parseModel, serializeModel, type LearnedModel } from './model';
import { readModelFile, writeModelFile } from './modelFile';
import { LearnedRecognition, shippedWeightsFingerprint } from './recognition';

const NOW = (): string => '2024-01-01T00:00:00.000Z';
const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test-fixtures');

/** A finished document: `[[text, label]]` marks every occurrence of each text as confirmed. */
function done(text: string, confirmed: Array<[string, string]> = [], rejected: Array<[string, string]> = []): AnnotatedDocument {
  const at = (xs: Array<[string, string]>) =>
    xs.flatMap(([s, label]) => {
      const out = [];
      for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) out.push({ start: i, end: i + s.length, label });
      assert.ok(out.length > 0, `${s} not in the text`);
      return out;
    });
  return { text, spans: at(confirmed), rejected: at(rejected), complete: true };
}

function learn(docs: AnnotatedDocument[], start?: LearnedModel): LearnedModel {
  const learner = new Learner(shippedTagger(), start ?? { fingerprint: shippedWeightsFingerprint() }, { now: NOW, kbKnows: kbKnows(new Recognizer().index) });
  learner.learn(docs);
  return learner.model();
}

const persons = (rec: Recognizer, text: string): string[] => rec.recognize(text).spans.filter((s) => s.label === 'PERSON').map((s) => s.text);

/** Sentences with a word the shipped tagger may take for a name; the test uses those it does. */
const LOOKALIKES: Array<[word: string, training: string, unseen: string]> = [
  ['राजा', 'राजा ने रानी से कहा।\nराजा ने महल छोड़ा।', 'फिर राजा ने रानी से बात की।'],
  ['विजय', 'सभा में विजय ने भाषण दिया।\nकल विजय ने भाषण दिया।', 'बाद में विजय ने भाषण दिया।'],
  ['सूरज', 'सुबह सूरज ने गांव को रोशन किया।\nसूरज ने खेत सुखा दिए।', 'शाम को सूरज ने पहाड़ को रोशन किया।'],
  ['किरण', 'उम्मीद की किरण ने रास्ता दिखाया।\nकिरण ने अंधेरा दूर किया।', 'फिर किरण ने अंधेरा दूर किया।'],
];

test('a finished document that contradicts the shipped tagger changes the suggestion on a similar unseen sentence', () => {
  const shipped = new Recognizer();
  const cases = LOOKALIKES.filter(([w, , unseen]) => persons(shipped, unseen).includes(w));
  assert.ok(cases.length > 0, 'the shipped tagger takes none of the look-alike words for a name; add a sentence it does');
  for (const [word, training, unseen] of cases) {
    // The annotator finished an article where the word is not a name and rejected its suggestions.
    const m = learn([done(training, [], [[word, 'PERSON']])]);
    assert.ok(m.tagger.weights.size > 0, word);
    // Without the remembered rejections and names: the tagger's weights alone changed it.
    const weightsOnly = new Recognizer({ learned: new LearnedRecognition({ ...m, rejections: [], names: [], titles: [] }) });
    assert.ok(!persons(weightsOnly, unseen).includes(word), `${word}: ${persons(weightsOnly, unseen).join(', ')}`);
    // Other sentences keep their names.
    assert.deepEqual(persons(weightsOnly, 'मुख्यमंत्री रमेश बैस ने कहा कि राज्य में विकास होगा।'), persons(shipped, 'मुख्यमंत्री रमेश बैस ने कहा कि राज्य में विकास होगा।'));
  }
  // And the other way: a name the shipped tagger misses, confirmed, is found by the learned tagger (its weights and
  // the name lists it learned, not the learned-name matcher) in another sentence.
  const unseen = 'इस बार भोलूराम टिक्कीवाल की कविता छपी।';
  const n = normalize(unseen).norm;
  const tagged = (t: Tagger): string[] => t.tag(n).map((x) => n.slice(x.start, x.end));
  assert.deepEqual(tagged(shippedTagger()), []);
  const m = learn([done('उस दिन भोलूराम टिक्कीवाल की कहानी छपी।\nपिछले साल भोलूराम टिक्कीवाल की किताब छपी।', [['भोलूराम टिक्कीवाल', 'PERSON']])]);
  assert.deepEqual(tagged(new LearnedRecognition(m).tagger), ['भोलूराम टिक्कीवाल']);
});

test('a confirmed name the recogniser did not know is suggested wherever it occurs, with its reason', () => {
  const unseen = 'इस बार भोलूराम टिक्कीवाल की कविता छपी।';
  const shipped = new Recognizer();
  assert.deepEqual(persons(shipped, unseen), []);
  const m = learn([done('कवि भोलूराम टिक्कीवाल की किताब छपी।', [['भोलूराम टिक्कीवाल', 'PERSON']])]);
  assert.deepEqual(m.names.map((n) => [n.text, n.label, n.count]), [['भोलूराम टिक्कीवाल', 'PERSON', 1]]);
  const rec = new Recognizer({ learned: new LearnedRecognition(m) });
  const spans = rec.recognize(unseen).spans.filter((s) => s.label === 'PERSON');
  assert.deepEqual(spans.map((s) => [s.text, s.source, s.reason]), [['भोलूराम टिक्कीवाल', 'learned', 'learned from 1 of your annotation']]);
  // A name the knowledge base holds is not learned again.
  assert.deepEqual(learn([done('नरेंद्र मोदी ने कहा।', [['नरेंद्र मोदी', 'PERSON']])]).names, []);
});

test('a learned name the annotator leaves untagged in finished articles as often as they confirmed it is no longer suggested everywhere', () => {
  // One article tags गोविंदपुरी (a Delhi locality) as a person by mistake; two later finished articles leave it alone.
  const unseen = 'शाम को गोविंदपुरी में मेला लगा।';
  assert.deepEqual(persons(new Recognizer(), unseen), []);
  const learner = new Learner(shippedTagger(), { fingerprint: shippedWeightsFingerprint() }, { now: NOW, kbKnows: kbKnows(new Recognizer().index) });
  learner.learn([done('कल गोविंदपुरी ने भाषण दिया।', [['गोविंदपुरी', 'PERSON']])]);
  assert.deepEqual(persons(new Recognizer({ learned: new LearnedRecognition(learner.model()) }), unseen), ['गोविंदपुरी']);
  learner.learn([done('गोविंदपुरी में बाजार बंद रहा।\nपुलिस गोविंदपुरी पहुंची।')]);
  const m = learner.model();
  assert.deepEqual(m.names.map((n) => [n.text, n.count, n.misses]), [['गोविंदपुरी', 1, 2]]);
  const rec = new Recognizer({ learned: new LearnedRecognition(m) });
  assert.deepEqual(persons(rec, unseen), []);
  // Its words leave the tagger's name lists too.
  assert.ok(!new LearnedRecognition(m).tagger.lexicons.surnames.has('गोविंदपुरी'));
  // Confirmed again more often than missed: suggested again.
  learner.learn([done('गोविंदपुरी ने फिर कहा। गोविंदपुरी ने माना।', [['गोविंदपुरी', 'PERSON']])]);
  assert.deepEqual(persons(new Recognizer({ learned: new LearnedRecognition(learner.model()) }), unseen), ['गोविंदपुरी']);
});

test('a learned name inside a longer name the recogniser finds yields to the longer name', () => {
  const text = 'कल सुरेश कुमार टिक्कीवाल ने भाषण दिया।';
  assert.deepEqual(persons(new Recognizer(), text), ['सुरेश कुमार टिक्कीवाल']);
  const m = learn([done('उस दिन टिक्कीवाल ने कहा।', [['टिक्कीवाल', 'PERSON']])]);
  assert.deepEqual(m.names.map((n) => n.text), ['टिक्कीवाल']);
  const rec = new Recognizer({ learned: new LearnedRecognition(m) });
  assert.deepEqual(persons(rec, text), ['सुरेश कुमार टिक्कीवाल']);
  // Alone, it is the learned name.
  assert.deepEqual(rec.recognize('फिर टिक्कीवाल ने कहा।').spans.filter((x) => x.label === 'PERSON').map((x) => [x.text, x.source]), [['टिक्कीवाल', 'learned']]);
  // So is a learned name of two words inside a longer one.
  const two = learn([done('उस दिन कुमार टिक्कीवाल ने कहा।', [['कुमार टिक्कीवाल', 'PERSON']])]);
  assert.deepEqual(persons(new Recognizer({ learned: new LearnedRecognition(two) }), text), ['सुरेश कुमार टिक्कीवाल']);
});

test('a rejection hides the same string in the same kind of context only, or everywhere after "reject every mention"', () => {
  const text = 'सभा में विजय ने भाषण दिया।';
  const shipped = new Recognizer();
  assert.deepEqual(persons(shipped, text), ['विजय']);
  const m = learn([{ text: 'कल विजय ने भाषण दिया।', spans: [], rejected: [{ start: 3, end: 7, label: 'PERSON' }], complete: false }]);
  assert.deepEqual(m.rejections.map((r) => [r.text, r.label, r.context]), [['विजय', 'PERSON', 'word|ने']]);
  const rec = new Recognizer({ learned: new LearnedRecognition({ ...m, tagger: { weights: new Map(), words: new Set() } }) });
  assert.deepEqual(persons(rec, text), []);
  // Another context kind (after a title, before को) keeps the suggestion.
  assert.deepEqual(persons(rec, 'मंत्री विजय को बधाई।'), persons(shipped, 'मंत्री विजय को बधाई।'));
  const learner = new Learner(shippedTagger(), m, { now: NOW });
  learner.rejectEverywhere('विजय', 'PERSON');
  const everywhere = new Recognizer({ learned: new LearnedRecognition({ ...learner.model(), tagger: { weights: new Map(), words: new Set() } }) });
  assert.deepEqual(persons(everywhere, 'मंत्री विजय को बधाई।'), []);
});

test('a title the annotator cuts off suggested names is learned and cut off other names', () => {
  const m = learn([
    {
      ...done('तब लॉर्ड मिंटो भारत आए।', [['मिंटो', 'PERSON']]),
      suggested: [{ start: 3, end: 14, label: 'PERSON' }],
    },
  ]);
  assert.deepEqual(m.titles.map((t) => t.text), ['लॉर्ड']);
  const rec = new Recognizer({ learned: new LearnedRecognition(m) });
  for (const s of rec.recognize('फिर लॉर्ड कर्ज़न ने बंगाल बांटा।').spans.filter((x) => x.label === 'PERSON')) assert.ok(!s.text.includes('लॉर्ड'), s.text);
});

test('learning is deterministic: the same documents and seed give the same bytes', () => {
  const docs = [
    done('राजा ने सेना भेजी। मुंशी रामप्रसाद ने चिट्ठी लिखी।', [['रामप्रसाद', 'PERSON']], [['राजा', 'PERSON']]),
    done('सभापति महोदय ने 12 मार्च 1975 को सदन स्थगित किया।', [['12 मार्च 1975', 'DATE']]),
  ];
  const a = serializeModel(learn(docs));
  const b = serializeModel(learn(docs));
  assert.equal(a, b);
  // A document learned again changes nothing.
  const again = learn(docs, parseModel(a, 'a').ok ? (parseModel(a, 'a') as { model: LearnedModel }).model : undefined);
  assert.equal(serializeModel(again), a);
});

test('a saved model loads to the same model and the same spans', async () => {
  const m = learn([done('राजा ने सेना भेजी। मुंशी रामप्रसाद ने चिट्ठी लिखी।', [['रामप्रसाद', 'PERSON']], [['राजा', 'PERSON']])]);
  const dir = mkdtempSync(join(tmpdir(), 'hna-learned-'));
  const path = join(dir, '.hindi-news', 'model.json');
  const w = await writeModelFile(path, m);
  assert.ok(w.ok);
  assert.deepEqual(readdirSync(join(dir, '.hindi-news')), ['model.json']); // no temporary file left
  const r = await readModelFile(path);
  assert.ok(r.ok);
  assert.equal(serializeModel(r.model), serializeModel(m));
  const text = readFileSync(join(FIXTURES, '001_a79564f461821e4f.txt'), 'utf8') + '\nराजा ने कहा। रामप्रसाद आए।';
  assert.equal(JSON.stringify(new Recognizer({ learned: new LearnedRecognition(r.model) }).recognize(text)), JSON.stringify(new Recognizer({ learned: new LearnedRecognition(m) }).recognize(text)));
});

test('without learned state (or after a reset) the recogniser is byte-identical to the shipped one', () => {
  const learned = learn([done('राजा ने सेना भेजी। मुंशी रामप्रसाद ने चिट्ठी लिखी।', [['रामप्रसाद', 'PERSON']], [['राजा', 'PERSON']])]);
  const shipped = new Recognizer();
  const withLearned = new Recognizer({ learned: new LearnedRecognition(learned) });
  const reset = withLearned.withLearned(undefined);
  const empty = new Recognizer({ learned: new LearnedRecognition(emptyModel(shippedWeightsFingerprint())) });
  // A learned tagger with nothing in it scores exactly as the shipped one.
  const noDelta = new Tagger(shippedWeights(), new Map());
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'))) {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const want = JSON.stringify(shipped.recognize(text));
    assert.equal(JSON.stringify(reset.recognize(text)), want, name);
    assert.equal(JSON.stringify(empty.recognize(text)), want, name);
    assert.equal(JSON.stringify(noDelta.tag(text)), JSON.stringify(shippedTagger().tag(text)), name);
  }
  assert.notEqual(JSON.stringify(withLearned.recognize('राजा ने कहा।')), JSON.stringify(shipped.recognize('राजा ने कहा।')));
});

test('a broken, foreign or newer model file is an error naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-learned-'));
  const good = serializeModel(emptyModel(shippedWeightsFingerprint(), 1, NOW()));
  const cases: Array<[string, string, RegExp]> = [
    ['garbage.json', '{"schema": "hindi-news-learned-model", "ver', /not valid JSON/],
    ['foreign.json', JSON.stringify({ schema: 'something-else', version: 1 }), /not a Hindi News learned model/],
    ['newer.json', good.replace('"version": 2', '"version": 99'), /version 99 was written by a newer/],
    ['misses.json', good.replace('"names": []', '"names": [{"key": "x", "text": "x", "label": "PERSON", "count": 1, "misses": -1}]'), /names\[0\]\.misses/],
    ['lines.json', good.replace('"weights": ""', '"weights": "w:x\\t1,2"'), /tagger weight line 1/],
    ['names.json', good.replace('"names": []', '"names": [{"key": "x"}]'), /names\[0\]/],
  ];
  for (const [name, body, why] of cases) {
    const path = join(dir, name);
    writeFileSync(path, body);
    const r = await readModelFile(path);
    assert.ok(!r.ok, name);
    assert.match(r.error, why, name);
    assert.ok(r.error.includes(path), r.error);
  }
  const missing = await readModelFile(join(dir, 'nope.json'));
  assert.ok(!missing.ok && missing.error.includes('nope.json'));
});

test('a version 1 model file (names without misses) is read; files are written as version 2', () => {
  const text = 'कल गोविंदपुरी ने भाषण दिया।\nपुलिस गोविंदपुरी पहुंची।';
  const at = text.indexOf('गोविंदपुरी');
  const m = learn([{ text, spans: [{ start: at, end: at + 'गोविंदपुरी'.length, label: 'PERSON' }], complete: true }]);
  const v2 = serializeModel(m);
  assert.match(v2, /"version": 2,/);
  assert.match(v2, /"misses": 1/);
  const v1 = v2.replace('"version": 2,', '"version": 1,').replace(/,\s*"misses": \d+/g, '');
  const r = parseModel(v1, 'old.json');
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.model.names.map((n) => [n.text, n.count, n.misses ?? 0]), [['गोविंदपुरी', 1, 0]]);
});

test('learned tagger weights over other base weights are not applied, and say so', () => {
  const m = learn([done('राजा ने महल छोड़ा।\nराजा ने रानी से कहा।', [], [['राजा', 'PERSON']])]);
  assert.ok(m.tagger.weights.size > 0);
  const other = new LearnedRecognition({ ...m, base: 'sha256:0000000000000000' });
  assert.equal(other.taggerApplied, false);
  assert.match(other.taggerNote ?? '', /other tagger weights/);
});

test('examples: gold tags of a finished and of a partly reviewed document', () => {
  const text = 'कल श्री राम प्रसाद वर्मा ने कहा।';
  const s = text.indexOf('राम');
  const full = examplesOf({ text, spans: [{ start: s, end: s + 'राम प्रसाद वर्मा'.length, label: 'PERSON' }], complete: true });
  assert.deepEqual(Array.from(full[0]!.gold), [0, 0, 1, 2, 2, 0, 0, 0]);
  const partial = examplesOf({ text, spans: [{ start: s, end: s + 'राम प्रसाद वर्मा'.length, label: 'PERSON' }], complete: false });
  assert.deepEqual(Array.from(partial[0]!.gold), [-1, 0, 1, 2, 2, 0, -1, -1]);
});

test('context kinds', () => {
  const titles = shippedTagger().lexicons.titles;
  const kind = (text: string, name: string): string => contextKind(text, text.indexOf(name), text.indexOf(name) + name.length, titles);
  assert.equal(kind('राजा ने कहा', 'राजा'), 'start|ने');
  assert.equal(kind('तब श्री राम आए।', 'राम'), 'title|word');
  assert.equal(kind('नमस्ते, राम।', 'राम'), 'punct|punct');
  assert.equal(kind('एक\nराम', 'राम'), 'start|end');
});
