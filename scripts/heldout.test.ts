/**
 * Quality floors on text no training run sees (`scripts/heldout.ts`: IL-NER dev and a HiNER
 * slice, gold mapped onto the guidelines by fixed rules): a change that only moves hiner-dev must
 * not cost these. The corpora live in `../shared/data` beside the repository; without them
 * `npm test` leaves this file out and says so:
 * @needs-corpora
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recognizer } from '../server/src/core/recognizer';
import { scoreHeldOut } from './eval-heldout';
import { hinerHeldOut, ilnerDevHeldOut } from './heldout';

const f1 = (s: { tp: number; fp: number; fn: number }) => (2 * s.tp) / Math.max(1, 2 * s.tp + s.fp + s.fn);

test('held-out floors: IL-NER dev PERSON ≥ 0.80 and DATE ≥ 0.96, HiNER slice PERSON ≥ 0.78 and DATE ≥ 0.93 (F1, exact spans)', (t) => {
  const rec = new Recognizer();
  const floors = [
    ['IL-NER dev', ilnerDevHeldOut(), 0.8, 0.96],
    ['HiNER slice', hinerHeldOut(), 0.78, 0.93],
  ] as const;
  for (const [name, docs, person, date] of floors) {
    assert.ok(docs.length > 20, `${name}: the corpus is read (${docs.length} documents)`);
    const p = f1(scoreHeldOut(docs, 'PERSON', rec));
    const d = f1(scoreHeldOut(docs, 'DATE', rec));
    t.diagnostic(`${name} PERSON ${p.toFixed(3)} DATE ${d.toFixed(3)}`);
    assert.ok(p >= person, `${name} PERSON F1 ${p.toFixed(3)} < ${person}`);
    assert.ok(d >= date, `${name} DATE F1 ${d.toFixed(3)} < ${date}`);
  }
});
