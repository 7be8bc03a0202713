import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize, normalizeFully, normalizeKey, toRawSpan } from './normalize';

/** Each fold: raw form, the normalised form, and a word inside it whose raw span must round-trip. */
const FOLDS: Array<{ name: string; raw: string; norm: string; word: string }> = [
  { name: 'NFC composes decomposed Latin', raw: 'Cafe\u0301 में', norm: 'café में', word: 'Cafe\u0301' },
  { name: 'precomposed nukta letter U+095C folds to the bare letter', raw: 'ख\u095Cगे ने', norm: 'खडगे ने', word: 'ख\u095Cगे' },
  { name: 'letter + nukta folds to the bare letter', raw: 'खड\u093Cगे ने', norm: 'खडगे ने', word: 'खड\u093Cगे' },
  { name: 'फ़ (U+095E) and फ + nukta agree', raw: '\u095Eरवरी और फ\u093Cरवरी', norm: 'फरवरी और फरवरी', word: '\u095Eरवरी' },
  { name: 'chandrabindu to anusvara', raw: 'गाँव', norm: 'गांव', word: 'गाँव' },
  { name: 'न् before a dental becomes anusvara', raw: 'नरेन्द्र मोदी', norm: 'नरेंद्र मोदी', word: 'नरेन्द्र' },
  { name: 'म् before a labial becomes anusvara', raw: 'अम्बिका', norm: 'अंबिका', word: 'अम्बिका' },
  { name: 'ङ् before a velar becomes anusvara', raw: 'गङ्गा', norm: 'गंगा', word: 'गङ्गा' },
  { name: 'ण् before a retroflex becomes anusvara', raw: 'कण्ठ', norm: 'कंठ', word: 'कण्ठ' },
  { name: 'ञ् before a palatal becomes anusvara', raw: 'चञ्चल', norm: 'चंचल', word: 'चञ्चल' },
  { name: 'ZWJ and ZWNJ are removed', raw: 'क्\u200Dष और र्\u200Cय', norm: 'क्ष और र्य', word: 'क्\u200Dष' },
  { name: 'Devanagari digits become ASCII', raw: '१९ दिसंबर २०२३', norm: '19 दिसंबर 2023', word: '२०२३' },
  { name: 'Latin is lower-cased', raw: 'BJP और Congress', norm: 'bjp और congress', word: 'Congress' },
  { name: 'Latin-1 upper case is lower-cased', raw: 'ÉTÉ', norm: 'été', word: 'ÉTÉ' },
];

/** Pairs that must NOT fold: nasal + virama before a consonant of another class. */
const KEEP: Array<{ name: string; raw: string }> = [
  { name: 'न् before य stays (अन्य)', raw: 'अन्य' },
  { name: 'म् before ह stays (ब्रह्म… not a class pair)', raw: 'तुम्हारा' },
  { name: 'न् before म stays (जन्म)', raw: 'जन्म' },
  { name: 'न् before न stays (अन्न)', raw: 'अन्न' },
  { name: 'म् before म stays (सम्मान)', raw: 'सम्मान' },
];

for (const f of FOLDS) {
  test(`normalize: ${f.name}`, () => {
    const t = normalize(f.raw);
    assert.equal(t.norm, f.norm);
    assert.equal(t.toRaw.length, t.norm.length + 1);
    assert.equal(t.toRaw[t.norm.length], f.raw.length);
    // The word, found in the normalised text, maps back to exactly its raw span.
    const rawStart = f.raw.indexOf(f.word);
    const normWord = normalize(f.word).norm;
    const normStart = t.norm.indexOf(normWord, Math.max(0, rawStart - 5));
    assert.ok(normStart >= 0, 'normalised word found');
    const [s, e] = toRawSpan(t, normStart, normStart + normWord.length);
    assert.equal(f.raw.slice(s, e), f.word);
  });
}

for (const k of KEEP) {
  test(`normalize keeps: ${k.name}`, () => {
    assert.equal(normalize(k.raw).norm, k.raw);
  });
}

test('normalize: offset map is monotone and total on mixed text', () => {
  const raw = 'श्री नरेन्द्र मोदी (BJP) ने २० अक्तूबर को कहा — 👍🏽 ग़ज़ल\u200D';
  const t = normalize(raw);
  for (let i = 1; i < t.toRaw.length; i++) assert.ok(t.toRaw[i]! >= t.toRaw[i - 1]!);
  assert.equal(t.toRaw[0], 0);
  assert.equal(t.toRaw[t.norm.length], raw.length);
});

test('normalize: decomposed input that NFC changes still maps exactly', () => {
  // U+0928 U+093C is NFC-composed to U+0929; our fold then drops the nukta.
  const raw = 'अ\u0928\u093Cा और'; // ऩा
  const t = normalize(raw);
  assert.equal(t.norm, 'अना और');
  const i = t.norm.indexOf('और');
  assert.equal(raw.slice(t.toRaw[i]!, t.toRaw[i + 2]!), 'और');
});

test('normalizeKey collapses spaces and trims', () => {
  assert.equal(normalizeKey('  भारतीय   जनता  पार्टी '), 'भारतीय जनता पार्टी');
  assert.equal(normalizeKey('नरेन्द्र'), normalizeKey('नरेंद्र'));
  assert.equal(normalizeKey('खड़गे'), normalizeKey('खडगे'));
});

test('normalize: empty string and lone surrogates do not throw', () => {
  assert.equal(normalize('').norm, '');
  const t = normalize('\uD800a\uDC00');
  assert.equal(t.toRaw[t.norm.length], 3);
});

test('normalize: the pass that lets unchanged text through agrees with the full fold on every code unit', () => {
  // Each code unit alone, between letters, and before a virama and a consonant (of any class),
  // with and without a joiner: wherever the pass returns the text as it is, the fold does too.
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    for (const raw of [ch, `क${ch}ख`, `${ch}\u094dत`, `${ch}\u094d\u200dब`, `${ch}\u094dय`]) {
      const fast = normalize(raw);
      const full = normalizeFully(raw);
      assert.equal(fast.norm, full.norm, `U+${c.toString(16)} in ${JSON.stringify(raw)}`);
      assert.deepEqual([...fast.toRaw], [...full.toRaw], `U+${c.toString(16)} in ${JSON.stringify(raw)}`);
    }
  }
});
