/**
 * The annotation model on very long articles: the cost of one keystroke with
 * 15,000 and 60,000 spans in the article, and of re-anchoring 5,000 and
 * 20,000 spans whose contexts all changed at once (a long article rewritten
 * outside the editor). Each pair is measured side by side in one run, as
 * medians; the ratio says how the cost grows (4 for linear, 16 for quadratic).
 */
import { AnnotationSet } from '../server/src/core/annotations/model';
import type { Row } from './recognizer';

const NAMES = ['नरेंद्र मोदी', 'राहुल गांधी', 'मल्लिकार्जुन खड़गे', 'सोनिया गांधी', 'अमित शाह', 'भाजपा', 'कांग्रेस'];

/** An article of `n` tagged names, each followed by the same few words (a name repeats every seven spans). */
function article(n: number): AnnotationSet {
  let text = '';
  const at: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const name = NAMES[i % NAMES.length]!;
    at.push([text.length, text.length + name.length]);
    text += name + ` ने ${i % 13 === 0 ? 'आज\n' : ''}कहा कि `;
  }
  const set = new AnnotationSet(text);
  for (const [s, e] of at) set.add(s, e, 'PERSON', { exact: true });
  return set;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function keystroke(spans: number, runs: number): number {
  const set = article(spans);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 100; k++) {
      const at = (set.text.length >> 1) + k;
      set.applyEdit(at, at, 'क');
    }
    times.push((performance.now() - t0) / 100);
  }
  return median(times);
}

function reanchorAllContexts(spans: number, runs: number): { ms: number; orphaned: number } {
  const times: number[] = [];
  let orphaned = 0;
  for (let r = 0; r < runs; r++) {
    const set = article(spans);
    const rewritten = set.text.replace(/कहा कि/g, 'बोले कि');
    const t0 = performance.now();
    orphaned = set.reanchor(rewritten).orphaned.length;
    times.push(performance.now() - t0);
  }
  return { ms: median(times), orphaned };
}

export function benchAnnotations(runs = 5): Row[] {
  // Compiled first, so the smaller case is not the one that pays for it.
  keystroke(2_000, 1);
  reanchorAllContexts(2_000, 1);
  const k15 = keystroke(15_000, runs);
  const k60 = keystroke(60_000, runs);
  const r5 = reanchorAllContexts(5_000, runs);
  const r20 = reanchorAllContexts(20_000, runs);
  return [
    { name: 'keystroke, 15,000 spans', value: k15, unit: 'ms' },
    { name: 'keystroke, 60,000 spans', value: k60, unit: 'ms' },
    { name: 'keystroke cost, 60,000 / 15,000 spans', value: k60 / k15, unit: '×', note: 'the text itself is copied once per edit' },
    { name: 're-anchor, every context changed, 5,000 spans', value: r5.ms, unit: 'ms', note: `${r5.orphaned} orphaned` },
    { name: 're-anchor, every context changed, 20,000 spans', value: r20.ms, unit: 'ms', note: `${r20.orphaned} orphaned` },
    { name: 're-anchor cost, 20,000 / 5,000 spans', value: r20.ms / r5.ms, unit: '×', note: '4 is linear, 16 quadratic' },
  ];
}
