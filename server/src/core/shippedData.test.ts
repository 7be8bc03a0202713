import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinKnowledgeBase } from './kb/builtin';
import { KbIndex } from './kbIndex';
import { normalize } from './normalize';
import { decodeShippedData, encodeShippedData, type ShippedData } from './shippedData';
import { shippedTagger, shippedWeights, Tagger } from './tagger';
import { tokenize } from './tokenize';

const FIXTURES = join(__dirname, '..', '..', '..', 'test-fixtures');
const texts = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

/** The pack exactly as the build writes it (scripts/pack-data.ts), decoded as the bundles decode it. */
function roundTrip(): ShippedData {
  const kb = builtinKnowledgeBase();
  const data: ShippedData = {
    id: 'test',
    kb: { persons: kb.persons, parties: kb.parties },
    kbIndex: new KbIndex(kb).toPacked(),
    tagger: { weights: shippedWeights(), tables: shippedTagger().packedTables() },
  };
  return decodeShippedData(encodeShippedData(data));
}

test('data pack: a tagger over the packed tables scores and tags exactly as one that compiled the weights', () => {
  const d = roundTrip();
  const built = new Tagger(shippedWeights());
  const loaded = new Tagger(d.tagger.weights, undefined, d.tagger.tables);
  for (const text of texts) {
    const norm = normalize(text).norm;
    const tokens = tokenize(norm);
    for (const t of tokens) {
      const w = norm.slice(t.start, t.end);
      assert.deepEqual(loaded.block(w), built.block(w), w);
      assert.equal(loaded.isKnown(w), built.isKnown(w), w);
    }
    assert.deepEqual(loaded.tag(norm, tokens), built.tag(norm, tokens));
  }
  // Unknown words, affixes and lexicon words the fixtures may not hold.
  for (const w of ['<unk>', 'क', 'ज़ेलेंस्की', 'xyzzy', '𝐀𝐁', 'श्री', 'कुमार']) assert.deepEqual(loaded.block(w), built.block(w), w);
});

test('data pack: the weight lines come back on demand, and a learned delta over packed weights is the same tagger', () => {
  const d = roundTrip();
  assert.equal(d.tagger.weights.weights, shippedWeights().weights);
  assert.deepEqual({ ...d.tagger.weights }, { ...shippedWeights() });
  const delta = new Map([['w:नरेंद्र', [0, 1, 0]]]);
  const loaded = new Tagger(d.tagger.weights, undefined, d.tagger.tables).withDelta(delta);
  const built = new Tagger(shippedWeights()).withDelta(delta);
  assert.deepEqual(loaded.block('नरेंद्र'), built.block('नरेंद्र'));
  assert.deepEqual(loaded.weight('w:नरेंद्र'), built.weight('w:नरेंद्र'));
});

test('data pack: the packed knowledge base and its index match what validation and compilation give', () => {
  const d = roundTrip();
  const kb = builtinKnowledgeBase();
  assert.deepEqual(d.kb.persons, kb.persons);
  assert.deepEqual(d.kb.parties, kb.parties);
  const built = new KbIndex(kb);
  const loaded = new KbIndex(kb, d.kbIndex);
  assert.deepEqual(loaded.payloads, built.payloads);
  assert.deepEqual(loaded.givenShortForms, built.givenShortForms);
  for (const text of [...texts, 'Congresss और BJP, आप पार्टी, जनता दल ( यू ) और जनता दल(यू)']) {
    for (const para of text.split('\n')) {
      const t = normalize(para);
      const tokens = tokenize(t.norm);
      assert.deepEqual(loaded.match(t, tokens), built.match(t, tokens), para);
    }
  }
  // Keys added after loading land in a matcher that still finds the packed ones.
  loaded.matcher.add('नयाकुंजी', 0);
  assert.equal(loaded.matcher.has('नयाकुंजी'), true);
  assert.deepEqual(
    loaded.matcher.findAll(normalize('भारतीय जनता पार्टी नयाकुंजी').norm).map((m) => [m.start, m.end]),
    [
      [0, 18],
      [19, 27],
    ],
  );
});
