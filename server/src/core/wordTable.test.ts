import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordTable } from './wordTable';

test('word table: the same word in place gets the same id, different words different ids', () => {
  const t = new WordTable();
  const text = 'राहुल गांधी ने राहुल से कहा गांधी';
  const ids = [...text.matchAll(/\S+/g)].map((m) => t.intern(text, m.index!, m.index! + m[0].length));
  assert.deepEqual(ids, [0, 1, 2, 0, 3, 4, 1]);
  assert.equal(t.size, 5);
});

test('word table: words that share a prefix, differ in one code unit or are empty stay apart', () => {
  const t = new WordTable();
  const words = ['', 'क', 'कम', 'कमल', 'कमला', 'कमली', 'कमल\u200d', 'a', 'A'];
  const ids = words.map((w) => t.intern(w, 0, w.length));
  assert.equal(new Set(ids).size, words.length);
  assert.deepEqual(words.map((w) => t.intern(`x${w}y`, 1, w.length + 1)), ids);
});

test('word table: ids survive growth (tens of thousands of words, rehashed several times)', () => {
  const t = new WordTable();
  const word = (i: number) => String.fromCharCode(0x0915 + (i % 37), 0x093e + (i % 11)) + i.toString(36);
  for (let i = 0; i < 50_000; i++) assert.equal(t.intern(word(i), 0, word(i).length), i);
  for (let i = 0; i < 50_000; i += 997) assert.equal(t.intern(word(i), 0, word(i).length), i);
  assert.equal(t.size, 50_000);
  assert.ok(t.storedUnits > 50_000 * 3);
});
