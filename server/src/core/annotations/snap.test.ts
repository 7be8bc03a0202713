import assert from 'node:assert/strict';
import { test } from 'node:test';
import { growByWord, shrinkByWord, snapToWords } from './snap';

/** Snap the `[…]` selection of `marked`; returns the snapped text. */
function snapped(marked: string): string {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  const text = marked.replace('[', '').replace(']', '');
  const [s, e] = snapToWords(text, start, end);
  return text.slice(s, e);
}

test('snap: a selection inside a word takes the whole word, matras and conjuncts included', () => {
  assert.equal(snapped('कांग्रेस नेता सो[नि]या गांधी ने कहा'), 'सोनिया');
  assert.equal(snapped('नेता नरे[न्]द्र मोदी'), 'नरेन्द्र');
  // A caret inside a word, and at its end.
  assert.equal(snapped('नेता राहु[]ल ने'), 'राहुल');
  assert.equal(snapped('नेता राहुल[] ने'), 'राहुल');
});

test('snap: nukta, virama, ZWJ and ZWNJ stay inside the word', () => {
  assert.equal(snapped('श्री ख[ड़]गे ने कहा'), 'खड़गे');
  assert.equal(snapped('श्री खड़[]गे ने कहा'), 'खड़गे'); // decomposed nukta (ड + ़)
  assert.equal(snapped('यह क्\u200d[ष]त्रिय है'), 'क्\u200dषत्रिय');
  assert.equal(snapped('यह क्\u200c[ष] है'), 'क्\u200cष');
});

test('snap: spaces, punctuation and postpositions at the edges are trimmed', () => {
  assert.equal(snapped('कल [ “राहुल गांधी”, ]बोले'), 'राहुल गांधी');
  assert.equal(snapped('कल [राहुल गांधी ने] कहा'), 'राहुल गांधी');
  assert.equal(snapped('उन्होंने [को मल्लिकार्जुन खड़गे से] बात की'), 'मल्लिकार्जुन खड़गे');
  assert.equal(snapped('भाजपा [में।]'), 'में'); // one word left: kept
  assert.equal(snapped('कहा [ , ।] फिर'), '');
});

test('snap: a hyphen between letters joins a compound; emoji and Latin words are words', () => {
  assert.equal(snapped('राज्य ज[म्मू]-कश्मीर में'), 'जम्मू-कश्मीर');
  assert.equal(snapped('😀 [Cong]ress ने'), 'Congress');
});

test('grow and shrink by one word at either edge, never across a danda or a line', () => {
  const text = 'कांग्रेस नेता सोनिया गांधी ने कहा। मो. इरफान';
  const s = text.indexOf('सोनिया');
  const e = s + 'सोनिया'.length;
  const slice = (r: [number, number] | undefined) => (r ? text.slice(r[0], r[1]) : undefined);
  assert.equal(slice(growByWord(text, s, e, 'end')), 'सोनिया गांधी');
  assert.equal(slice(growByWord(text, s, e, 'start')), 'नेता सोनिया');
  const g = growByWord(text, s, e, 'end')!;
  assert.equal(slice(shrinkByWord(text, g[0], g[1], 'end')), 'सोनिया');
  assert.equal(slice(shrinkByWord(text, g[0], g[1], 'start')), 'गांधी');
  assert.equal(shrinkByWord(text, s, e, 'end'), undefined);
  const k = text.indexOf('कहा');
  assert.equal(growByWord(text, k, k + 3, 'end'), undefined, 'a danda ends the sentence');
  const m = text.indexOf('मो');
  assert.equal(slice(growByWord(text, m, m + 2, 'end')), 'मो. इरफान');
  assert.equal(growByWord(text, 0, 3, 'start'), undefined);
});
