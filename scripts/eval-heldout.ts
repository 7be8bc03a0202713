/**
 * PERSON and DATE quality of the full recogniser on the held-out sets of `scripts/heldout.ts`
 * (IL-NER dev and a HiNER slice no training run sees), gold mapped onto the guidelines by rules.
 *
 *   node --import tsx scripts/eval-heldout.ts [--errors] [--only ilner|hiner] [--label PERSON|DATE]
 *
 * Exact (start, end) match. Deictic DATEs are judged only where the rules can (see heldout.ts).
 */
import { Recognizer } from '../server/src/core/recognizer';
import { hinerHeldOut, ilnerDevHeldOut, isDeicticWord, isUnmarkedDeixis, type HeldOutDoc } from './heldout';

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  unjudged: number;
  errors: string[];
}

const f1 = (s: Score) => (2 * s.tp) / Math.max(1, 2 * s.tp + s.fp + s.fn);
const p = (s: Score) => s.tp / Math.max(1, s.tp + s.fp);
const r = (s: Score) => s.tp / Math.max(1, s.tp + s.fn);

export function scoreHeldOut(docs: HeldOutDoc[], label: 'PERSON' | 'DATE', rec: Recognizer): Score {
  const s: Score = { tp: 0, fp: 0, fn: 0, unjudged: 0, errors: [] };
  const ctx = (text: string, a: number, b: number) => `${text.slice(Math.max(0, a - 25), a)}[${text.slice(a, b)}]${text.slice(b, b + 20)}`.replace(/\n/g, ' ⏎ ');
  for (const d of docs) {
    const judged = (x: { label: string; text: string }) => x.label === label && !(label === 'DATE' && isDeicticWord(x.text));
    const goldSpans = d.spans.filter((x) => judged({ label: x.label, text: d.text.slice(x.start, x.end) }));
    const gold = new Set(goldSpans.map((x) => x.start + ':' + x.end));
    const got = new Set<string>();
    for (const x of rec.recognize(d.text).spans) {
      if (x.label !== label) continue;
      if (!judged(x)) {
        s.unjudged++;
        continue;
      }
      const k = x.start + ':' + x.end;
      got.add(k);
      if (gold.has(k)) s.tp++;
      else if (label === 'DATE' && isUnmarkedDeixis(x.text) && !d.timex.some(([a, b]) => a < x.end && x.start < b)) s.unjudged++;
      else {
        s.fp++;
        s.errors.push(`FP ${d.id} ${ctx(d.text, x.start, x.end)}  (${x.source}: ${x.reason})`);
      }
    }
    for (const x of goldSpans) {
      if (got.has(x.start + ':' + x.end)) continue;
      s.fn++;
      s.errors.push(`FN ${d.id} ${ctx(d.text, x.start, x.end)}`);
    }
  }
  return s;
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const onlyLabel = args.includes('--label') ? args[args.indexOf('--label') + 1] : undefined;
  const rec = new Recognizer();
  const sets: Array<[string, () => HeldOutDoc[]]> = [
    ['ilner-dev', ilnerDevHeldOut],
    ['hiner-heldout', hinerHeldOut],
  ];
  for (const [name, load] of sets) {
    if (only && !name.startsWith(only)) continue;
    const docs = load();
    for (const label of ['PERSON', 'DATE'] as const) {
      if (onlyLabel && onlyLabel !== label) continue;
      const s = scoreHeldOut(docs, label, rec);
      const fmt = (x: number) => x.toFixed(3);
      process.stdout.write(
        `${name.padEnd(14)} ${label.padEnd(6)} P ${fmt(p(s))} R ${fmt(r(s))} F1 ${fmt(f1(s))}  (tp ${s.tp} fp ${s.fp} fn ${s.fn}${s.unjudged ? `; ${s.unjudged} deictic predictions not judged` : ''}; ${docs.length} docs)\n`,
      );
      if (args.includes('--errors')) for (const e of s.errors) process.stdout.write('  ' + e + '\n');
    }
  }
}

if (process.argv[1] && /eval-heldout\.ts$/.test(process.argv[1])) main();
