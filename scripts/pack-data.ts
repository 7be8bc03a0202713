/**
 * Build step (`scripts/build.mjs`): compute what the recogniser's start-up
 * needs from its shipped data, with the same functions start-up would run
 * (validation of the built-in knowledge base, `KbIndex`, the tagger's
 * `buildTables`), and write it as the data pack read beside each bundle
 * (`server/src/core/shippedData.ts`). Prints the pack's id, a digest of its
 * content, which the bundles are built to expect.
 *
 *   node --import tsx scripts/pack-data.ts OUT.bin [MORE.bin…]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { builtinKnowledgeBase } from '../server/src/core/kb/builtin';
import { KbIndex } from '../server/src/core/kbIndex';
import { encodeShippedData, type ShippedData } from '../server/src/core/shippedData';
import { shippedTagger, shippedWeights } from '../server/src/core/tagger';

const outs = process.argv.slice(2);
if (outs.length === 0) {
  process.stderr.write('usage: node --import tsx scripts/pack-data.ts OUT.bin [MORE.bin…]\n');
  process.exit(2);
}
const kb = builtinKnowledgeBase();
const data: ShippedData = {
  id: '',
  kb: { persons: kb.persons, parties: kb.parties },
  kbIndex: new KbIndex(kb).toPacked(),
  tagger: { weights: shippedWeights(), tables: shippedTagger().packedTables() },
};
data.id = createHash('sha256').update(encodeShippedData(data)).digest('hex').slice(0, 16);
const bytes = encodeShippedData(data);
for (const out of outs) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
}
process.stdout.write(data.id);
