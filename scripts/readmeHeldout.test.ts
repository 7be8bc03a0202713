/**
 * The held-out figures the README's Quick start quotes are what the recogniser scores today
 * (`scripts/eval-heldout.ts`), within a hundredth. They need the public corpora:
 * @needs-corpora
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { Recognizer } from '../server/src/core/recognizer';
import { scoreHeldOut } from './eval-heldout';
import { hinerHeldOut, ilnerDevHeldOut } from './heldout';

const readme = readFileSync(join(resolve(__dirname, '..'), 'README.md'), 'utf8');
const f1 = (s: { tp: number; fp: number; fn: number }) => (2 * s.tp) / Math.max(1, 2 * s.tp + s.fp + s.fn);

test('the README quotes the held-out PERSON and DATE F1 as they are', () => {
  const quoted = /PERSON F1 is (\d\.\d\d) to (\d\.\d\d) and DATE F1 (\d\.\d\d) to (\d\.\d\d)/.exec(readme.replace(/\s+/g, ' '));
  assert.ok(quoted, 'the Quick start gives the held-out PERSON and DATE F1 as ranges');
  const [person, date] = [[Number(quoted[1]), Number(quoted[2])], [Number(quoted[3]), Number(quoted[4])]] as const;
  const rec = new Recognizer();
  for (const [name, docs] of [['IL-NER dev', ilnerDevHeldOut()], ['HiNER slice', hinerHeldOut()]] as const) {
    for (const [label, [lo, hi]] of [['PERSON', person], ['DATE', date]] as const) {
      const got = f1(scoreHeldOut(docs, label, rec));
      assert.ok(got >= lo! - 0.01 && got <= hi! + 0.01, `${name} ${label} F1 is ${got.toFixed(3)}; the README says ${lo} to ${hi}`);
    }
  }
});
