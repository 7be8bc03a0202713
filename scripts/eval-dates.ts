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
import { evaluate, type LabelScore, type ScoredDoc } from '../server/src/core/evaluate';
import { normalize } from '../server/src/core/normalize';
import { findSkipRegions, overlapsSkip } from '../server/src/core/skip';

type GoldDoc = ScoredDoc & { id: string };

/** The DATE row of the project's scorer, with the errors (and notes) to print. */
export interface DateScore extends LabelScore {
  errors: string[];
}

export function loadGold(path: string): GoldDoc[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldDoc);
}

/** Exact (start, end) match of DATE spans over all documents, scored by the project's own scorer. */
export function scoreDates(docs: readonly GoldDoc[]): DateScore {
  const notes: string[] = [];
  const gold: ScoredDoc[] = [];
  const pred: ScoredDoc[] = [];
  for (const d of docs) {
    if (d.text.length !== [...d.text].length) notes.push(`${d.id}: characters outside the BMP, offsets may differ`);
    const regions = findSkipRegions(d.text);
    const publication = findPublicationDate(d.text);
    const spans = findDates(normalize(d.text), publication ? { publication } : {}, (s, e) => overlapsSkip(regions, s, e));
    gold.push({ id: d.id, text: d.text, spans: d.spans.filter((s) => s.label === 'DATE') });
    pred.push({ text: d.text, spans });
  }
  const r = evaluate(gold, pred, (t, s, e) => t.slice(s, e));
  const ctx = (text: string, s: number, e: number) => `${text.slice(Math.max(0, s - 20), s)}[[${text.slice(s, e)}]]${text.slice(e, e + 20)}`.replace(/\n/g, '⏎');
  const textOf = new Map(docs.map((d) => [d.id, d.text]));
  const errors = [...notes, ...r.errors.map((e) => `${e.kind} ${e.id} ${ctx(textOf.get(e.id) ?? '', e.start, e.end)}`)];
  return { ...r.perLabel.DATE, errors };
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
