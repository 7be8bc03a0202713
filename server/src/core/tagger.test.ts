import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { normalize } from './normalize';
import { Recognizer } from './recognizer';
import { blockForTest, clearTaggerCache, loadLexicons, referenceBlock, tagPersons } from './tagger';
import { tokenize } from './tokenize';

function names(raw: string): string[] {
  const n = normalize(raw).norm;
  return tagPersons(n).map((s) => n.slice(s.start, s.end));
}

test('unseen names after a designation and before a postposition', () => {
  assert.deepEqual(names('मुख्यमंत्री रमेश बैस ने कहा कि राज्य में विकास होगा।'), ['रमेश बैस']);
});

test('a name after उन्होंने कहा कि', () => {
  assert.deepEqual(names('उन्होंने कहा कि सुनीता देवी को सम्मानित किया जाएगा।'), ['सुनीता देवी']);
});

test('titles stay outside the span', () => {
  assert.deepEqual(names('केंद्रीय मंत्री अनुराग ठाकुर ने कहा कि'), ['अनुराग ठाकुर']);
  assert.deepEqual(names('डॉ. मनमोहन सिंह ने कहा'), ['मनमोहन सिंह']);
  assert.deepEqual(names('श्री अशोक गहलोत ने'), ['अशोक गहलोत']);
});

test('no names in ordinary sentences', () => {
  for (const s of [
    'राज्य सरकार ने किसानों के लिए नई योजना की घोषणा की है।',
    'बारिश के कारण शहर की कई सड़कों पर पानी भर गया।',
    'चुनाव आयोग ने मतदान की तारीखों का ऐलान कर दिया है।',
  ]) {
    assert.deepEqual(names(s), [], s);
  }
});

test('spans cover whole tokens and carry a score in (0, 1]', () => {
  const n = normalize('पूर्व प्रधानमंत्री मनमोहन सिंह और सोनिया गांधी ने बैठक की।').norm;
  const toks = tokenize(n);
  const spans = tagPersons(n, toks);
  assert.ok(spans.length >= 1);
  for (const s of spans) {
    assert.ok(toks.some((t) => t.start === s.start));
    assert.ok(toks.some((t) => t.end === s.end));
    assert.ok(s.score > 0 && s.score <= 1);
  }
});

test('deterministic output', () => {
  const n = normalize('भाजपा अध्यक्ष जेपी नड्डा ने कहा कि राहुल गांधी झूठ बोल रहे हैं।').norm;
  const a = JSON.stringify(tagPersons(n));
  for (let i = 0; i < 3; i++) assert.equal(JSON.stringify(tagPersons(n)), a);
});

test('empty and odd Unicode input does not throw', () => {
  for (const s of ['', ' ', '\n\n', '।', '\ud800', '\udc00x', '😀 राम 😀', 'ँ्ं', '\u200d\u200c', 'abc DEF 123', '॥॥', 'क'.repeat(5000)]) {
    const n = normalize(s).norm;
    const out = tagPersons(n);
    for (const t of out) assert.ok(t.start >= 0 && t.end <= n.length && t.start < t.end);
  }
});

test('lexicons load, normalised', () => {
  const lex = loadLexicons();
  assert.ok(lex.titles.has('मुख्यमंत्री'));
  assert.ok(lex.titles.has('श्री'));
  assert.ok(lex.given.size > 100);
  assert.ok(lex.surnames.size > 100);
  for (const w of lex.given) assert.equal(normalize(w).norm, w);
});

const GOLD = join(__dirname, '..', '..', '..', '..', 'shared', 'gold', 'hiner-dev.jsonl');
const GOLD_FIXTURE = join(__dirname, '..', '..', '..', 'test-fixtures', 'hiner-dev.jsonl');

test('dev-set floor: hiner-dev PERSON span F1', (t) => {
  const path = existsSync(GOLD) ? GOLD : GOLD_FIXTURE;
  if (!existsSync(path)) {
    t.skip('no hiner-dev gold');
    return;
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as { text: string; spans: Array<{ start: number; end: number; label: string }> };
    const nt = normalize(d.text);
    const gold = new Set(d.spans.filter((s) => s.label === 'PERSON').map((s) => s.start + ':' + s.end));
    const pred = new Set(tagPersons(nt.norm).map((s) => nt.toRaw[s.start] + ':' + nt.toRaw[s.end]));
    for (const x of pred) if (gold.has(x)) tp++;
    else fp++;
    for (const x of gold) if (!pred.has(x)) fn++;
  }
  const f1 = (2 * tp) / (2 * tp + fp + fn);
  assert.ok(f1 >= 0.74, `hiner-dev PERSON F1 ${f1.toFixed(3)}`);
});

// Post-rules on the tagger's names (names.ts), through the whole recogniser.

const persons = (text: string): string[] =>
  new Recognizer()
    .recognize(text)
    .spans.filter((s) => s.label === 'PERSON')
    .map((s) => s.text);

test('initials before a name join it; the postposition के before them does not', () => {
  assert.deepEqual(persons('इंडियन बैंक के के सी चक्रवर्ती ने शुरू किया था ।'), ['के सी चक्रवर्ती']);
});

test('initials run together or apart, then a name no list knows', () => {
  assert.deepEqual(persons('सॉलिसिटर जनरल जी ई वाहनवती का कहना था'), ['जी ई वाहनवती']);
  assert.ok(persons('त्रिची एन शिवा , वसंती स्टानले और एए जिन्ना ने इस्तीफा सौंपा').includes('एए जिन्ना'));
  assert.deepEqual(persons('सीपीआई के डी राया और एबी बर्धन समेत अनेक नेता'), ['डी राया', 'एबी बर्धन']);
});

test('a comma list after a person goes on with people', () => {
  assert.deepEqual(persons('पैनल में अरुंधति रॉय , प्रशांत भूषण , सईदा हमीद और कई लोग थे ।'), ['अरुंधति रॉय', 'प्रशांत भूषण', 'सईदा हमीद']);
});

test('a given name next to a surname seen in the article is one name, not two', () => {
  assert.deepEqual(persons('अरविंद नेताम ने अपनी बेटी प्रीति नेताम के लिए टिकट मांगा'), ['अरविंद नेताम', 'प्रीति नेताम']);
});

test('a lone initial is not a short form of a name', () => {
  assert.deepEqual(persons('एस. जयशंकर ने कहा । यू. एस. एजुकेशन कोलैबोरेशन'), ['एस. जयशंकर']);
});

test('cached score parts add up to the reference block for every word of a real article', () => {
  clearTaggerCache();
  const text = normalize(readFileSync(join(__dirname, '..', '..', '..', 'test-fixtures', '003_805ea76b78422eaa.txt'), 'utf8')).norm;
  const words = new Set(tokenize(text).map((t) => text.slice(t.start, t.end)));
  words.add('अनजाननाम').add('x').add('कि');
  for (const w of words) {
    const fast = blockForTest(w);
    const ref = referenceBlock(w);
    for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(fast[i]! - ref[i]!) < 1e-4, `${w}[${i}]: ${fast[i]} vs ${ref[i]}`);
  }
});

test('precomputed parts match the reference for padding, unknown, short, multi-lexicon and non-BMP words', () => {
  const lex = loadLexicons();
  const both = [...lex.given].filter((w) => lex.surnames.has(w)).slice(0, 20);
  assert.ok(both.length > 0, 'some words are both given names and surnames');
  const words = [
    ...both,
    ...[...lex.titles].slice(0, 10),
    '<s>',
    '</s>',
    '<unk>',
    '',
    'क',
    'कि',
    'किस',
    'किसान',
    'A',
    'Ab',
    'abcdefghij',
    '12',
    '१२३४',
    '।',
    '😀',
    '😀😀',
    'क😀',
    '😀क',
    'रा😀म',
    'राम😀😀',
    '\ud800',
    '\udc00',
    'क\ud800',
    '\udc00क',
    '\ud800\ud800\udc00',
    '\ud800\udc00\udc00',
    'x\ud83d',
    '\ude00x',
  ];
  for (const w of words) {
    const fast = blockForTest(w);
    const ref = referenceBlock(w);
    for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(fast[i]! - ref[i]!) < 1e-4, `${JSON.stringify(w)}[${i}]: ${fast[i]} vs ${ref[i]}`);
  }
});

test('tagging is the same from a cold cache, a warm one, and after the block pool has grown', () => {
  const text = normalize(readFileSync(join(__dirname, '..', '..', '..', 'test-fixtures', '003_805ea76b78422eaa.txt'), 'utf8')).norm;
  clearTaggerCache();
  const cold = JSON.stringify(tagPersons(text));
  assert.equal(JSON.stringify(tagPersons(text)), cold);
  // Many new words (the pool starts at 1024 blocks), then the article again.
  const filler: string[] = [];
  for (let i = 0; i < 5000; i++) filler.push('शब्द' + Array.from(i.toString(36), (d) => String.fromCharCode(0x0915 + parseInt(d, 36))).join(''));
  tagPersons(filler.join(' '));
  assert.equal(JSON.stringify(tagPersons(text)), cold);
});
