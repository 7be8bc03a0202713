import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Recognizer } from './recognizer';
import { isGraphemeBoundary } from './graphemes';
import { normalize } from './normalize';
import { tokenize } from './tokenize';

/** A small deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const PIECES = [
  'क', 'ख', 'ग', 'ड', 'न', 'म', 'र', 'स', 'ह', 'अ', 'आ', 'इ', // letters
  'ा', 'ि', 'ी', 'ु', 'े', 'ो', 'ं', 'ँ', 'ः', // matras, anusvara, chandrabindu, visarga
  '\u093C', '\u094D', '\u200D', '\u200C', // nukta, virama, ZWJ, ZWNJ
  '\u0958', '\u095C', '\u095E', // precomposed nukta letters
  '०', '१', '९', '1', '2', '0',
  ' ', ' ', ' ', '\n', '।', '|', ',', '.', ':', '(', ')', '-',
  '👍🏽', '😀', '𝐀', '\u0301', 'e', 'A', 'z',
  '\uD800', '\uDC00', // lone surrogates
  'https://x.in/a_b.jpg', '![alt](y.png)',
  ' मल्लिकार्जुन खड़गे ने ', ' कांग्रेस ', ' भाजपा ', ' 19 दिसम्बर, 2023 ', ' गुरुवार ', ' आज ', ' राहुल गांधी की ', ' श्री ', ' मुख्यमंत्री ',
];

test('recogniser never throws and never splits a grapheme cluster (random Unicode)', () => {
  const rec = new Recognizer();
  for (let seed = 1; seed <= 400; seed++) {
    const r = rng(seed);
    const len = Math.floor(r() * 60);
    let text = '';
    for (let i = 0; i < len; i++) text += PIECES[Math.floor(r() * PIECES.length)];
    let a;
    try {
      a = rec.recognize(text);
    } catch (e) {
      assert.fail(`seed ${seed}: threw ${(e as Error).message} on ${JSON.stringify(text)}`);
    }
    let prevEnd = 0;
    for (const s of a.spans) {
      assert.ok(s.start >= prevEnd, `seed ${seed}: spans overlap or are unsorted`);
      assert.ok(s.end > s.start, `seed ${seed}: empty span`);
      assert.equal(s.text, text.slice(s.start, s.end), `seed ${seed}: span text`);
      assert.ok(isGraphemeBoundary(text, s.start), `seed ${seed}: span ${JSON.stringify(s.text)} starts inside a cluster of ${JSON.stringify(text)}`);
      assert.ok(isGraphemeBoundary(text, s.end), `seed ${seed}: span ${JSON.stringify(s.text)} ends inside a cluster of ${JSON.stringify(text)}`);
      prevEnd = s.end;
    }
  }
});

test('normalise and tokenise are total on random Unicode', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed * 7919);
    let text = '';
    const len = Math.floor(r() * 80);
    for (let i = 0; i < len; i++) text += String.fromCharCode(Math.floor(r() * 0x10000));
    const t = normalize(text);
    assert.equal(t.toRaw[t.norm.length], text.length);
    let last = 0;
    for (const tok of tokenize(t.norm)) {
      assert.ok(tok.start >= last && tok.end > tok.start && tok.end <= t.norm.length);
      last = tok.end;
    }
  }
});

test('empty text gives no spans', () => {
  assert.deepEqual(new Recognizer().recognize('').spans, []);
});
