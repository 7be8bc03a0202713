import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matcher } from './matcher';
import { normalizeKey, normalize } from './normalize';

function matcher(keys: string[]): Matcher {
  const m = new Matcher();
  keys.forEach((k, i) => m.add(normalizeKey(k), i));
  return m;
}
const found = (m: Matcher, text: string) => {
  const t = normalize(text);
  return m.findAll(t.norm).map((x) => text.slice(t.toRaw[x.start]!, t.toRaw[x.end]!));
};

test('matcher: longest key wins', () => {
  const m = matcher(['खड़गे', 'मल्लिकार्जुन खड़गे', 'भारतीय जनता पार्टी']);
  assert.deepEqual(found(m, 'मल्लिकार्जुन खड़गे ने भारतीय जनता पार्टी पर'), ['मल्लिकार्जुन खड़गे', 'भारतीय जनता पार्टी']);
});

test('matcher: no match inside a longer word (matras, virama, nukta are not boundaries)', () => {
  const m = matcher(['आप', 'भाजपा', 'राम', 'कल']);
  assert.deepEqual(found(m, 'आपका भाजपाई रामायण कलश'), []);
  assert.deepEqual(found(m, 'कलम राम्'), []);
});

test('matcher: punctuation, danda and a colon visarga are boundaries', () => {
  const m = matcher(['कांग्रेस', 'भाजपा']);
  assert.deepEqual(found(m, 'कांग्रेसः भाजपा। (कांग्रेस), भाजपा|'), ['कांग्रेस', 'भाजपा', 'कांग्रेस', 'भाजपा']);
});

test('matcher: a visarga inside a word is not a boundary', () => {
  const m = matcher(['दु']);
  assert.deepEqual(found(m, 'दुःख'), []);
});

test('matcher: spelling variants meet through normalisation', () => {
  const m = matcher(['नरेंद्र मोदी', 'फरवरी', 'खडगे']);
  assert.deepEqual(found(m, 'नरेन्द्र मोदी फ़रवरी खड़गे'), ['नरेन्द्र मोदी', 'फ़रवरी', 'खड़गे']);
});

test('matcher: Latin keys are case-insensitive and keys may end in punctuation', () => {
  const m = matcher(['I.N.D.I.A.', 'BJP']);
  assert.deepEqual(found(m, 'the (I.N.D.I.A.) and bjp, not BJPs'), ['I.N.D.I.A.', 'bjp']);
});

test('matcher: isKeyAt agrees with longestAt ending at the token end', () => {
  const m = matcher(['के', 'के सी', 'श्री', 'डॉ.', 'मोदी']);
  const text = normalize('श्री के सी मोदी केके श्रीमती के, डॉ. मोदीजी').norm;
  for (const w of text.matchAll(/[^\s,]+/g)) {
    const [s, e] = [w.index!, w.index! + w[0].length];
    assert.equal(m.isKeyAt(text, s, e), m.longestAt(text, s, e)?.end === e, w[0]);
  }
  assert.equal(m.isKeyAt(text, 0, text.indexOf(' ')), true);
  assert.equal(m.isKeyAt(text, 0, 0), false);
});
