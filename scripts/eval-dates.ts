/**
 * Score the DATE grammar alone against gold DATE spans.
 *
 *   node --import tsx scripts/eval-dates.ts [GOLD.jsonl ...] [--errors]
 *
 * Defaults to test-fixtures/seed-gold.jsonl and test-fixtures/hiner-dev.jsonl.
 * Offsets in the gold are code points; they equal UTF-16 offsets in these files
 * (checked: a document with characters outside the BMP is reported).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDates, findPublicationDate } from '../server/src/core/dates';
import { normalize } from '../server/src/core/normalize';
import { findSkipRegions, overlapsSkip } from '../server/src/core/skip';

interface GoldDoc {
  id: string;
  text: string;
  spans: Array<{ start: number; end: number; label: string; text: string }>;
}

export interface DateScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  errors: string[];
}

export function loadGold(path: string): GoldDoc[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldDoc);
}

/** Exact (start, end) match of DATE spans over all documents. */
export function scoreDates(docs: readonly GoldDoc[]): DateScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  for (const d of docs) {
    if (d.text.length !== [...d.text].length) errors.push(`${d.id}: characters outside the BMP, offsets may differ`);
    const regions = findSkipRegions(d.text);
    const publication = findPublicationDate(d.text);
    const pred = findDates(normalize(d.text), publication ? { publication } : {}, (s, e) => overlapsSkip(regions, s, e));
    const gold = new Set(d.spans.filter((s) => s.label === 'DATE').map((s) => `${s.start}:${s.end}`));
    const got = new Set(pred.map((s) => `${s.start}:${s.end}`));
    const ctx = (s: number, e: number) => `${d.text.slice(Math.max(0, s - 20), s)}[[${d.text.slice(s, e)}]]${d.text.slice(e, e + 20)}`.replace(/\n/g, '⏎');
    for (const k of got) {
      const [s, e] = k.split(':').map(Number) as [number, number];
      if (gold.has(k)) tp++;
      else {
        fp++;
        errors.push(`FP ${d.id} ${ctx(s, e)}`);
      }
    }
    for (const k of gold) {
      if (got.has(k)) continue;
      const [s, e] = k.split(':').map(Number) as [number, number];
      fn++;
      errors.push(`FN ${d.id} ${ctx(s, e)}`);
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1, errors };
}

function main(): void {
  const args = process.argv.slice(2);
  const showErrors = args.includes('--errors');
  let files = args.filter((a) => !a.startsWith('--'));
  if (!files.length) files = [join('test-fixtures', 'seed-gold.jsonl'), join('test-fixtures', 'hiner-dev.jsonl')];
  for (const f of files) {
    const r = scoreDates(loadGold(f));
    const pct = (x: number) => x.toFixed(3);
    process.stdout.write(`${f}: DATE tp=${r.tp} fp=${r.fp} fn=${r.fn} P=${pct(r.precision)} R=${pct(r.recall)} F1=${pct(r.f1)}\n`);
    if (showErrors) for (const e of r.errors) process.stdout.write(`  ${e}\n`);
  }
}

if (require.main === module) main();
