import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLength, codePointsToUtf16, rangesToCodePoints, rangesToUtf16, utf16ToCodePoints } from './offsets';

const TEXT = 'मोदी 👍🏽 ने 𝐀 कहा। 😀x';

test('offsets: identity on BMP-only Hindi text', () => {
  const t = 'राहुल गांधी ने कहा।';
  const all = Array.from({ length: t.length + 1 }, (_, i) => i);
  assert.deepEqual(utf16ToCodePoints(t, all), all);
  assert.deepEqual(codePointsToUtf16(t, all), all);
});

test('offsets: astral characters (emoji, 𝐀) shift code points by one each', () => {
  const cps = Array.from(TEXT);
  assert.equal(codePointLength(TEXT), cps.length);
  // Every code point boundary round-trips.
  const utf16: number[] = [];
  let i = 0;
  for (const c of cps) {
    utf16.push(i);
    i += c.length;
  }
  utf16.push(i);
  const cp = utf16ToCodePoints(TEXT, utf16);
  assert.deepEqual(cp, cps.map((_, k) => k).concat([cps.length]));
  assert.deepEqual(codePointsToUtf16(TEXT, cp), utf16);
  const a = TEXT.indexOf('𝐀');
  assert.equal(TEXT.slice(a, a + 2), '𝐀');
  const [ca] = utf16ToCodePoints(TEXT, [a]);
  assert.equal(cps[ca!], '𝐀');
  assert.notEqual(ca, a);
});

test('offsets: unsorted input keeps its order; mid-pair offset maps to the character start', () => {
  const e = TEXT.indexOf('😀');
  const out = utf16ToCodePoints(TEXT, [TEXT.length, 0, e + 1, e]);
  assert.equal(out[1], 0);
  assert.equal(out[2], out[3]);
  assert.equal(out[0], codePointLength(TEXT));
});

test('offsets: ranges round-trip and out-of-range offsets throw', () => {
  const spans = [
    { start: 0, end: 4, label: 'PERSON' },
    { start: TEXT.indexOf('कहा'), end: TEXT.indexOf('कहा') + 3, label: 'X' },
  ];
  const cp = rangesToCodePoints(TEXT, spans);
  assert.equal(Array.from(TEXT).slice(cp[1]!.start, cp[1]!.end).join(''), 'कहा');
  assert.deepEqual(rangesToUtf16(TEXT, cp), spans);
  assert.throws(() => codePointsToUtf16(TEXT, [codePointLength(TEXT) + 1]), RangeError);
  assert.throws(() => utf16ToCodePoints(TEXT, [-1]), RangeError);
});

test('offsets: random strings round-trip', () => {
  const pool = ['क', 'ि', '्', ' ', '😀', '𝐀', 'a', '।', '\n'];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let n = 0; n < 200; n++) {
    let s = '';
    for (let k = 0; k < 30; k++) s += pool[Math.floor(rnd() * pool.length)];
    const len = codePointLength(s);
    const cps = Array.from({ length: len + 1 }, (_, i) => i);
    assert.deepEqual(utf16ToCodePoints(s, codePointsToUtf16(s, cps)), cps);
  }
});
