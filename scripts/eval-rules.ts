/**
 * Right and wrong spans of each recogniser rule on the TRAINING corpora (the HiNER sentences that
 * are neither dev gold nor the held-out slice, and IL-NER train), gold mapped onto the guidelines
 * by the rules of `scripts/heldout.ts`. A rule is justified by these counts, never by a dev or
 * fixture name (the tagger itself was trained on this text: its own counts flatter it).
 *
 *   node --import tsx scripts/eval-rules.ts [--label PERSON|DATE] [--errors REASON-SUBSTRING] [--only hiner|ilner] [--right]
 *
 * Per reason (names in it replaced by `X`): right = exact gold span; partial = overlaps a gold span
 * of the label; wrong = overlaps none. Missed gold spans are grouped by what the recogniser had there.
 */
import { join } from 'node:path';
import { Recognizer } from '../server/src/core/recognizer';
import { DATA, devGoldSentences, HINER_PATH, inDevGold, isDeicticWord, isHinerHeldOut, isUnmarkedDeixis, readConll, toDocs, type HeldOutDoc } from './heldout';

/** The training corpora as documents of 20 sentences. */
export function trainingDocs(only?: string): HeldOutDoc[] {
  const out: HeldOutDoc[] = [];
  if (!only || only === 'hiner') {
    const dev = devGoldSentences();
    const sents = readConll(HINER_PATH).filter((s, i) => !isHinerHeldOut(i) && !inDevGold(s, dev));
    out.push(...toDocs('hiner-train', sents, 20));
  }
  if (!only || only === 'ilner') out.push(...toDocs('ilner-train', readConll(join(DATA, 'il-ner', 'Hindi-train.txt')), 20));
  return out;
}

/** A reason with the names in it replaced, so spans of one rule group together. */
export function reasonClass(reason: string): string {
  return reason
    .replace(/^knowledge base.*$/, 'knowledge base')
    .replace(/a given name .* shares with others; the article never names .* in full/, 'a given name X shares with others; the article never names X in full')
    .replace(/another person than [^,:]*/, 'another person than X')
    .replace(/^(.*) of [^,]*, not [^:]*: not linked$/, 'X of a party, not X: not linked')
    .replace(/\(\d\.\d\d\)/g, '')
    .replace(/'[^']*'/g, "'X'")
    .replace(/[\u0900-\u097fA-Za-z.]*[\u0900-\u097f][\u0900-\u097fA-Za-z.]*(?:\s+[\u0900-\u097f][\u0900-\u097fA-Za-z.]*)*/g, 'X')
    .replace(/\s+/g, ' ')
    .trim();
}

function main(): void {
  process.stdout.on('error', () => process.exit(0));
  const args = process.argv.slice(2);
  const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const label = (opt('--label') ?? 'PERSON') as 'PERSON' | 'DATE';
  const errorsOf = opt('--errors');
  const docs = trainingDocs(opt('--only'));
  const rec = new Recognizer();
  const byReason = new Map<string, { right: number; partial: number; wrong: number }>();
  const missed = new Map<string, number>();
  let tp = 0, fp = 0, fn = 0;
  const ctx = (text: string, a: number, b: number) => `${text.slice(Math.max(0, a - 30), a)}[${text.slice(a, b)}]${text.slice(b, b + 25)}`.replace(/\n/g, ' ⏎ ');
  for (const d of docs) {
    const judged = (t: string) => !(label === 'DATE' && isDeicticWord(t));
    const gold = d.spans.filter((x) => x.label === label && judged(d.text.slice(x.start, x.end)));
    const goldKeys = new Set(gold.map((x) => x.start + ':' + x.end));
    const spans = rec.recognize(d.text).spans;
    const got = new Set<string>();
    for (const x of spans) {
      if (x.label !== label || !judged(x.text)) continue;
      const k = x.start + ':' + x.end;
      const cls = reasonClass(x.reason ?? x.source ?? '');
      const row = byReason.get(cls) ?? { right: 0, partial: 0, wrong: 0 };
      byReason.set(cls, row);
      got.add(k);
      if (goldKeys.has(k)) {
        row.right++;
        tp++;
        if (errorsOf !== undefined && args.includes('--right') && cls.includes(errorsOf)) process.stdout.write(`RIGHT   ${ctx(d.text, x.start, x.end)}  (${x.reason})\n`);
        continue;
      }
      if (label === 'DATE' && isUnmarkedDeixis(x.text) && !d.timex.some(([a, b]) => a < x.end && x.start < b)) continue;
      fp++;
      const overlaps = gold.some((g) => g.start < x.end && x.start < g.end);
      if (overlaps) row.partial++;
      else row.wrong++;
      if (errorsOf !== undefined && cls.includes(errorsOf)) process.stdout.write(`${overlaps ? 'PARTIAL' : 'WRONG  '} ${ctx(d.text, x.start, x.end)}  (${x.reason})\n`);
    }
    for (const g of gold) {
      if (got.has(g.start + ':' + g.end)) continue;
      fn++;
      const o = spans.find((x) => x.start < g.end && g.start < x.end);
      const why = o ? `${o.label === label ? 'cut or widened' : 'taken as ' + o.label}: ${reasonClass(o.reason ?? '')}` : 'nothing there';
      missed.set(why, (missed.get(why) ?? 0) + 1);
      if (errorsOf === 'MISSED') process.stdout.write(`MISSED ${ctx(d.text, g.start, g.end)}  (${o ? o.text + ' ' + o.reason : '-'})\n`);
    }
  }
  const f1 = (2 * tp) / Math.max(1, 2 * tp + fp + fn);
  process.stdout.write(`${label} on the training corpora (${docs.length} docs): P ${(tp / Math.max(1, tp + fp)).toFixed(3)} R ${(tp / Math.max(1, tp + fn)).toFixed(3)} F1 ${f1.toFixed(3)} (tp ${tp} fp ${fp} fn ${fn})\n\n`);
  process.stdout.write('right partial wrong  reason\n');
  for (const [r, c] of [...byReason].sort((a, b) => b[1].right + b[1].partial + b[1].wrong - (a[1].right + a[1].partial + a[1].wrong)))
    process.stdout.write(`${String(c.right).padStart(5)} ${String(c.partial).padStart(7)} ${String(c.wrong).padStart(5)}  ${r}\n`);
  process.stdout.write('\nmissed  what the recogniser had there\n');
  for (const [r, c] of [...missed].sort((a, b) => b[1] - a[1]).slice(0, 40)) process.stdout.write(`${String(c).padStart(6)}  ${r}\n`);
}

if (process.argv[1] && /eval-rules\.ts$/.test(process.argv[1])) main();
