/**
 * PERSON quality of the FULL recogniser (tagger + rules + knowledge base +
 * document pass) on two dev golds:
 *
 * - IL-NER Hindi dev (../shared/data/il-ner/Hindi-dev.txt, CC BY 4.0): PERSON
 *   spans from B-NEP/I-NEP tags, with leading titles and honorifics (श्री,
 *   प्रोफेसर, डॉ., महात्मा, … — the tagger's title list) and a trailing जी/साहब
 *   moved outside as the guidelines require; corpus tokens joined with single spaces,
 *   consecutive sentences joined with a space into documents of 20 sentences
 *   (one paragraph each, so the document pass sees repeated names);
 * - the project's HiNER dev gold (test-fixtures/hiner-dev.jsonl), PERSON only.
 *
 *   node --import tsx scripts/eval-person.ts [--errors] [--only ilner|hiner]
 *
 * Exact (start, end) match of PERSON spans. IL-NER dev must not be used for
 * training while it is used here to accept changes (see train-tagger.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeKey } from '../server/src/core/normalize';
import { Recognizer } from '../server/src/core/recognizer';
import { readConll } from './heldout';
import { loadLexicons } from '../server/src/core/tagger';

const ROOT = process.cwd();
const ILNER_DEV = join(ROOT, '..', 'shared', 'data', 'il-ner', 'Hindi-dev.txt');
const HINER_DEV = join(ROOT, 'test-fixtures', 'hiner-dev.jsonl');
const DOC_SENTENCES = 20;

export interface PersonDoc {
  id: string;
  text: string;
  /** Gold PERSON spans, UTF-16 offsets. */
  spans: Array<[number, number]>;
}

/** IL-NER dev as documents of {@link DOC_SENTENCES} sentences with PERSON spans. */
export function ilnerDevDocs(path = ILNER_DEV): PersonDoc[] {
  const titles = loadLexicons().titles;
  const sents = readConll(path);
  const docs: PersonDoc[] = [];
  for (let i = 0; i < sents.length; i += DOC_SENTENCES) {
    let text = '';
    const spans: Array<[number, number]> = [];
    let open = -1;
    // Token boundaries of the open span, to move titles outside.
    let toks: Array<[number, number, string]> = [];
    const close = () => {
      if (open >= 0) {
        let a = 0;
        let b = toks.length;
        while (a < b - 1 && (titles.has(normalizeKey(toks[a]![2])) || toks[a]![2] === '.')) a++;
        while (b - 1 > a && (toks[b - 1]![2] === 'जी' || toks[b - 1]![2] === 'साहब')) b--;
        spans.push([toks[a]![0], toks[b - 1]![1]]);
      }
      open = -1;
      toks = [];
    };
    for (const s of sents.slice(i, i + DOC_SENTENCES)) {
      for (const [tok, tag] of s) {
        if (text.length) text += ' ';
        const st = text.length;
        text += tok;
        const isB = tag === 'B-NEP' || tag === '-NEP';
        const isI = tag === 'I-NEP';
        if (isB || (isI && open < 0)) {
          close();
          open = st;
        } else if (!isI) close();
        if (open >= 0) toks.push([st, text.length, tok.replace(/\.$/, '')]);
      }
      close(); // spans never cross sentences
    }
    docs.push({ id: `ilner-dev-${i / DOC_SENTENCES}`, text, spans });
  }
  return docs;
}

export function hinerDevDocs(path = HINER_DEV): PersonDoc[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const d = JSON.parse(l) as { id: string; text: string; spans: Array<{ start: number; end: number; label: string }> };
      if (/[\ud800-\udfff]/.test(d.text)) throw new Error(`${d.id}: characters outside the BMP; offsets would need conversion`);
      return { id: d.id, text: d.text, spans: d.spans.filter((s) => s.label === 'PERSON').map((s): [number, number] => [s.start, s.end]) };
    });
}

export interface PersonScore {
  tp: number;
  fp: number;
  fn: number;
  p: number;
  r: number;
  f1: number;
  errors: string[];
}

export function scorePersons(docs: PersonDoc[], rec = new Recognizer()): PersonScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  const ctx = (text: string, a: number, b: number) =>
    `${text.slice(Math.max(0, a - 25), a)}[${text.slice(a, b)}]${text.slice(b, b + 20)}`.replace(/\n/g, ' ');
  for (const d of docs) {
    const pred = rec.recognize(d.text).spans.filter((s) => s.label === 'PERSON');
    const gold = new Set(d.spans.map(([a, b]) => a + ':' + b));
    const got = new Set<string>();
    for (const s of pred) {
      const k = s.start + ':' + s.end;
      got.add(k);
      if (gold.has(k)) tp++;
      else {
        fp++;
        errors.push(`FP ${d.id} ${ctx(d.text, s.start, s.end)}  (${s.source}: ${s.reason ?? ''})`);
      }
    }
    for (const [a, b] of d.spans) {
      if (got.has(a + ':' + b)) continue;
      fn++;
      errors.push(`FN ${d.id} ${ctx(d.text, a, b)}`);
    }
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { tp, fp, fn, p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, errors };
}

function main(): void {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const rec = new Recognizer();
  const sets: Array<[string, () => PersonDoc[]]> = [
    ['hiner-dev', () => hinerDevDocs()],
    ['ilner-dev', () => ilnerDevDocs()],
  ];
  for (const [name, load] of sets) {
    if (only && !name.startsWith(only)) continue;
    const docs = load();
    const s = scorePersons(docs, rec);
    const gold = s.tp + s.fn;
    process.stdout.write(`${name.padEnd(10)} PERSON P ${s.p.toFixed(3)} R ${s.r.toFixed(3)} F1 ${s.f1.toFixed(3)}  (tp ${s.tp} fp ${s.fp} fn ${s.fn}; gold ${gold}, ${docs.length} docs)\n`);
    if (process.argv.includes('--errors')) for (const e of s.errors) process.stdout.write('  ' + e + '\n');
  }
}

if (process.argv[1] && /eval-person\.ts$/.test(process.argv[1])) main();
