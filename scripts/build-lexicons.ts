/**
 * Derives `server/data/lexicon/common-words.json` and `places.json`: frequent words that the
 * corpora tag as outside any person name nearly always. The document pass
 * never propagates such a word as a lone name (`कमल`, `अमर` stay words).
 * Run: npx tsx scripts/build-lexicons.ts (before scripts/train-tagger.ts, which reads them).
 * The dev gold's sentences and the held-out HiNER slice (scripts/heldout.ts) are not counted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeKey } from '../server/src/core/normalize';
import { DATA, devGoldSentences, HINER_PATH, inDevGold, isHinerHeldOut, readConll } from './heldout';

// The dev gold's sentences and the held-out HiNER slice are left out, as in training.
const dev = devGoldSentences();
const sentences = [
  ...readConll(HINER_PATH).filter((s, i) => !isHinerHeldOut(i) && !inDevGold(s, dev)),
  ...readConll(join(DATA, 'il-ner', 'Hindi-train.txt')),
];
const other = new Map<string, number>();
const person = new Map<string, number>();
const place = new Map<string, number>();
const total = new Map<string, number>();
for (const s of sentences) {
  for (const [tok, tag] of s) {
    const w = normalizeKey(tok);
    const isPerson = /PERSON|NEP/.test(tag);
    total.set(w, (total.get(w) ?? 0) + 1);
    if (/LOCATION|NEL/.test(tag)) place.set(w, (place.get(w) ?? 0) + 1);
    const m = isPerson ? person : other;
    m.set(w, (m.get(w) ?? 0) + 1);
  }
}
const words = [...other.entries()]
  .filter(([w, n]) => n >= 4 && (person.get(w) ?? 0) / n < 0.15 && /[\u0900-\u097f]/.test(w))
  .sort((a, b) => b[1] - a[1])
  .map(([w]) => w);
writeFileSync(
  'server/data/lexicon/common-words.json',
  JSON.stringify({ source: 'Derived from HiNER (CC BY-SA 4.0) and IL-NER (CC BY 4.0): words tagged outside person names in at least 85% of at least 4 uses', words }, null, 0) + '\n',
);
process.stderr.write(`common words: ${words.length}\n`);

// Places: words tagged as a location in most of their uses and (almost) never inside a person name.
const places = [...place.entries()]
  .filter(([w, n]) => n >= 2 && n / total.get(w)! >= 0.6 && (person.get(w) ?? 0) / total.get(w)! < 0.05 && /[\u0900-\u097f]/.test(w))
  .sort((a, b) => b[1] - a[1])
  .map(([w]) => w);
writeFileSync(
  'server/data/lexicon/places.json',
  JSON.stringify({ source: 'Derived from HiNER (CC BY-SA 4.0) and IL-NER (CC BY 4.0): words tagged as a location in at least 60% of at least 2 uses and in a person name in under 5%', words: places }, null, 0) + '\n',
);
process.stderr.write(`places: ${places.length}\n`);
