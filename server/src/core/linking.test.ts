import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Recognizer } from './recognizer';

const rec = new Recognizer();
const FIXTURES = join(__dirname, '..', '..', '..', 'test-fixtures');

/** PERSON spans as `text→entity` (`-` when not linked). */
function links(text: string): string[] {
  return rec
    .recognize(text)
    .spans.filter((s) => s.label === 'PERSON')
    .map((s) => `${s.text}→${s.entityId ?? '-'}`);
}

test('knowledge-base link precision on the seed articles and hiner-dev ≥ 0.98 (every link judged in kb-links.tsv)', () => {
  const judged = new Map<string, string>();
  for (const line of readFileSync(join(FIXTURES, 'kb-links.tsv'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [doc, text, entity] = line.split('\t');
    judged.set(`${doc}\t${text}`, entity!);
  }
  const docs = ['seed-gold.jsonl', 'hiner-dev.jsonl'].flatMap((f) =>
    readFileSync(join(FIXTURES, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; text: string }),
  );
  let linked = 0;
  let right = 0;
  const unjudged: string[] = [];
  const wrong: string[] = [];
  for (const d of docs) {
    for (const s of rec.recognize(d.text).spans) {
      if (s.label !== 'PERSON' || !s.entityId) continue;
      linked++;
      const want = judged.get(`${d.id}\t${s.text}`);
      if (want === undefined) unjudged.push(`${d.id}\t${s.text}\t${s.entityId}`);
      else if (want === s.entityId) right++;
      else wrong.push(`${d.id} ${s.text}: linked to ${s.entityId}, is ${want}`);
    }
  }
  assert.deepEqual(unjudged, [], 'links nobody judged yet: check who each is and add it to test-fixtures/kb-links.tsv');
  assert.ok(linked > 300, `the fixtures hold many links (${linked})`);
  const precision = right / linked;
  assert.ok(precision >= 0.98, `link precision ${precision.toFixed(3)} (${right}/${linked}); wrong: ${wrong.join('; ')}`);
});

test('a knowledge-base surname inside another name links nobody: Lalit Modi is not Narendra Modi', () => {
  assert.deepEqual(links('आईपीएल प्रमुख ललित मोदी ने कहा कि मैच होंगे।'), ['ललित मोदी→-']);
  assert.deepEqual(links('प्रधानमंत्री मोदी ने कहा।'), ['मोदी→narendra-modi']);
});

test('a knowledge-base given name with a surname after it is another person (हेमंत ताले)', () => {
  assert.deepEqual(links('कांग्रेस ने हेमंत ताले को उम्मीदवार बनाया है।'), ['हेमंत ताले→-']);
});

test('a shared given name links only when the article names the person in full', () => {
  assert.deepEqual(links('थानाध्यक्ष हेमंत ने बताया कि जांच जारी है।'), ['हेमंत→-']);
  assert.deepEqual(links('मुख्यमंत्री हेमंत सोरेन ने बैठक की। बाद में हेमंत ने कहा।'), ['हेमंत सोरेन→hemant-soren', 'हेमंत→hemant-soren']);
});

test('a role noun before a knowledge-base name stays outside and the link holds (पीएम मोदी)', () => {
  assert.deepEqual(links('पीएम मोदी ने रैली की।'), ['मोदी→narendra-modi']);
});

test('the party the article gives a person decides against a namesake in the knowledge base', () => {
  assert.deepEqual(links('बहुजन समाज पार्टी ( बसपा ) के अमर सिंह हैं।'), ['अमर सिंह→-']);
  assert.deepEqual(links('समाजवादी पार्टी के अमर सिंह ने कहा।'), ['अमर सिंह→amar-singh']);
});

test('every recogniser span carries a confidence in [0, 1], higher for a full knowledge-base name than for its lone given name', () => {
  const spans = rec.recognize('मुख्यमंत्री हेमंत सोरेन ने 19 दिसम्बर, 2023 को कहा। थानाध्यक्ष रमेश ने भी।\nदूसरी खबर: हेमंत ने कहा।').spans;
  assert.ok(spans.length >= 3);
  for (const s of spans) assert.ok(typeof s.confidence === 'number' && s.confidence >= 0 && s.confidence <= 1, `${s.text}: ${s.confidence}`);
  const full = spans.find((s) => s.text === 'हेमंत सोरेन')!;
  const date = spans.find((s) => s.label === 'DATE')!;
  assert.ok(full.confidence! >= 0.9 && date.confidence! >= 0.9);
});
