import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './tokenize';

const toks = (s: string) => tokenize(s).map((t) => s.slice(t.start, t.end));

test('tokenize: matras, nukta, virama stay inside words; danda and punctuation split off', () => {
  assert.deepEqual(toks('खड़गे ने कहा। ज़्यादा, (भाजपा)|'), ['खड़गे', 'ने', 'कहा', '।', 'ज़्यादा', ',', '(', 'भाजपा', ')', '|']);
});
test('tokenize: colon visarga splits, word-internal visarga stays', () => {
  assert.deepEqual(toks('कांग्रेसः दुःख'), ['कांग्रेस', 'ः', 'दुःख']);
});
test('tokenize: ordinals are one token, Latin and digits separate', () => {
  assert.deepEqual(toks('139वें Oct 20, 2023'), ['139वें', 'Oct', '20', ',', '2023']);
});
test('tokenize: an emoji is one token', () => {
  assert.deepEqual(toks('नमस्ते👍🏽!'), ['नमस्ते', '👍', '🏽', '!']);
});
