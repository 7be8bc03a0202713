/**
 * Trains the PERSON tagger (averaged perceptron, BIO, greedy decoding) and
 * derives the name lexicons.
 *
 *   npx tsx scripts/train-tagger.ts            train, write weights + lexicons, then evaluate
 *   npx tsx scripts/train-tagger.ts --eval     evaluate the shipped weights only
 *   npx tsx scripts/train-tagger.ts --without-il-ner --out PATH
 *       weights that never saw IL-NER (model selection on every tenth HiNER
 *       sentence instead), written to PATH only: the base of `npm run bench:learning`
 *
 * Data (../shared/data, not shipped):
 * - HiNER validation-even (CC BY-SA 4.0) minus every sentence that occurs in
 *   the dev gold ../shared/gold/hiner-dev.jsonl (so the dev score is honest);
 * - IL-NER Hindi train (CC BY 4.0); IL-NER Hindi dev is held out for model
 *   selection (number of epochs) and reported.
 * Writes server/data/tagger/person.json and server/data/lexicon/{given-names,surnames,titles}.txt.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize, normalizeKey } from '../server/src/core/normalize';
import { devGoldSentences, guidelinePersonTags, inDevGold, isHinerHeldOut, readConll, type ConllSentence } from './heldout';
import { tokenize } from '../server/src/core/tokenize';
import {
  B,
  I,
  NCLASS,
  O,
  isForcedOutside,
  prevTagFeatures,
  WORD_TEMPLATES,
  tagPersons,
  type Lexicons,
  windowFeatures,
} from '../server/src/core/tagger';
import { rng } from '../server/src/core/learning/perceptron';

const ROOT = process.cwd();
const DATA = join(ROOT, '..', 'shared', 'data');
const GOLD = join(ROOT, '..', 'shared', 'gold', 'hiner-dev.jsonl');
const OUT_WEIGHTS = join(ROOT, 'server', 'data', 'tagger', 'person.json');
const LEX_DIR = join(ROOT, 'server', 'data', 'lexicon');
const MAX_BYTES = 1_400_000;
/** `--without-il-ner`: leave IL-NER out entirely (the learning benchmark's base). */
const WITHOUT_IL_NER = process.argv.includes('--without-il-ner');
/** `--out PATH`: write the weights there and nothing else (no lexicon files, no evaluation of the shipped weights). */
const OUT_ARG = process.argv.indexOf('--out') >= 0 ? process.argv[process.argv.indexOf('--out') + 1] : undefined;

// ---------------------------------------------------------------------------
// Word lists written by hand (titles, postpositions).

const TITLES = [
  'श्री', 'श्रीमती', 'सुश्री', 'डॉ', 'डॉ.', 'डॉक्टर', 'डा', 'डा.', 'प्रो', 'प्रो.', 'प्रोफेसर', 'दिवंगत', 'स्वर्गीय', 'स्व.',
  'मुख्यमंत्री', 'प्रधानमंत्री', 'मंत्री', 'केंद्रीय मंत्री', 'राज्य मंत्री', 'गृहमंत्री', 'गृह मंत्री', 'वित्तमंत्री', 'वित्त मंत्री',
  'विदेश मंत्री', 'रक्षा मंत्री', 'रेल मंत्री', 'उपमुख्यमंत्री', 'उप मुख्यमंत्री', 'पूर्व', 'पूर्व मुख्यमंत्री', 'पूर्व प्रधानमंत्री',
  'अध्यक्ष', 'उपाध्यक्ष', 'प्रदेश अध्यक्ष', 'राष्ट्रीय अध्यक्ष', 'प्रभारी', 'सांसद', 'विधायक', 'नेता', 'प्रवक्ता', 'महासचिव', 'सचिव',
  'राज्यपाल', 'राष्ट्रपति', 'उपराष्ट्रपति', 'उप राष्ट्रपति', 'महापौर', 'मेयर', 'पार्षद', 'मुखिया', 'सरपंच', 'प्रत्याशी', 'उम्मीदवार',
  'न्यायमूर्ति', 'जस्टिस', 'न्यायाधीश', 'जज', 'कलेक्टर', 'जिलाधिकारी', 'एसपी', 'डीएम', 'आईजी', 'डीजीपी', 'इंस्पेक्टर', 'दरोगा',
  'कैप्टन', 'कप्तान', 'जनरल', 'कर्नल', 'मेजर', 'लेफ्टिनेंट', 'ब्रिगेडियर', 'सेनाध्यक्ष', 'राजदूत', 'कमिश्नर', 'आयुक्त',
  'महात्मा', 'पंडित', 'पं.', 'मौलाना', 'शहीद', 'कॉमरेड', 'संयोजक', 'संस्थापक', 'निदेशक', 'चेयरमैन', 'सीईओ',
  'स्पीकर', 'लोकसभा अध्यक्ष', 'विधानसभा अध्यक्ष', 'माननीय', 'मिस्टर', 'मि.', 'मिसेज', 'जी', 'साहब', 'साहेब',
  'Dr', 'Dr.', 'Shri', 'Smt', 'Mr', 'Mr.', 'Mrs', 'Ms', 'Prof',
  // Forms of address, ranks, religious and traditional titles (GUIDELINES.md: outside the name).
  'श्रीमान', 'जनाब', 'मैडम', 'मिस', 'महोदय', 'महोदया', 'मा.', 'मा', 'लॉर्ड', 'लार्ड', 'हाजी',
  'एडमिरल', 'मार्शल', 'एयर मार्शल', 'कमांडर', 'कमांडेंट', 'सूबेदार', 'हवलदार', 'कांस्टेबल', 'सिपाही', 'दारोगा', 'थानेदार', 'थानाध्यक्ष',
  'थाना प्रभारी', 'सब इंस्पेक्टर', 'एसएसपी', 'एसएचओ', 'डीएसपी', 'डीआईजी', 'एडीजी', 'एसडीएम', 'बीडीओ',
  'मुल्ला', 'मौलवी', 'इमाम', 'अयातुल्ला', 'आयतुल्ला', 'अयातुल्लाह', 'आयतुल्लाह', 'ग्रैंड', 'पादरी', 'फादर', 'सिस्टर', 'बिशप', 'पोप', 'धर्मगुरु',
  'स्वामी', 'साध्वी', 'संत', 'महंत', 'बाबा', 'सद्गुरु', 'महाराज', 'महाराजा', 'महारानी', 'राजकुमारी', 'नवाब', 'सुल्तान', 'बादशाह', 'सम्राट',
  // Role nouns before a name (`अभिनेता X`, `कोच Y`): designations, outside the name.
  'पीएम', 'सीएम', 'डिप्टी', 'गवर्नर', 'सभापति', 'उपसभापति', 'सलाहकार', 'राष्ट्राध्यक्ष', 'नेता प्रतिपक्ष', 'सुप्रीमो',
  'अभिनेता', 'अभिनेत्री', 'गायक', 'गायिका', 'लेखक', 'लेखिका', 'कवि', 'कवयित्री', 'साहित्यकार', 'उपन्यासकार', 'पत्रकार', 'संवाददाता',
  'निर्देशक', 'फिल्मकार', 'फ़िल्मकार', 'निर्माता', 'संगीतकार', 'अभिनेता-निर्देशक', 'सिने', 'स्टार', 'सुपरस्टार', 'अदाकारा',
  'खिलाड़ी', 'कोच', 'क्रिकेटर', 'बल्लेबाज', 'गेंदबाज', 'बॉक्सर', 'मुक्केबाज', 'पहलवान', 'धावक', 'शटलर', 'ग्रैंडमास्टर',
  'वकील', 'अधिवक्ता', 'उद्योगपति', 'व्यवसायी', 'कारोबारी', 'बिज़नेसमैन', 'समाजसेवी', 'वैज्ञानिक', 'अर्थशास्त्री', 'इतिहासकार',
];

const POSTPOSITIONS = [
  'ने', 'को', 'की', 'के', 'का', 'से', 'में', 'पर', 'तक', 'द्वारा', 'और', 'एवं', 'व', 'ही', 'भी', 'जी', 'का', 'कहा', 'बताया',
  'ने कहा', 'के साथ', 'के लिए', 'के खिलाफ', 'की ओर से',
];

// ---------------------------------------------------------------------------
// Corpus reading.

interface Sent {
  /** Normalised token strings (our tokenisation). */
  words: string[];
  kinds: string[];
  gold: number[];
  src: 'hiner' | 'ilner' | 'ilner-dev';
}

/**
 * Retokenise a corpus sentence with our tokenizer on normalised text and project its PERSON
 * tags, mapped onto the guidelines first (titles and honorific suffixes out, deities out:
 * {@link guidelinePersonTags}).
 */
function project(toks: ConllSentence, src: Sent['src']): Sent {
  const corpusTags = guidelinePersonTags(toks);
  let norm = '';
  const owner: number[] = []; // corpus token index per normalised char
  toks.forEach(([t], k) => {
    if (k > 0) {
      norm += ' ';
      owner.push(-1);
    }
    const n = normalizeKey(t);
    norm += n;
    for (let j = 0; j < n.length; j++) owner.push(k);
  });
  const tt = tokenize(norm);
  const words: string[] = [];
  const kinds: string[] = [];
  const inSpan: boolean[] = [];
  const begins: boolean[] = [];
  let lastOwner = -1;
  let lastOwnerIsPerson = false;
  for (const t of tt) {
    const k = owner[t.start]!;
    const ptag = corpusTags[k]!;
    words.push(norm.slice(t.start, t.end));
    kinds.push(t.kind);
    const person = ptag !== 'O' && !isForcedOutside(t.kind);
    inSpan.push(person);
    // A new span starts at the first eligible token of a corpus B token.
    begins.push(person && ptag === 'B' && !(k === lastOwner && lastOwnerIsPerson));
    if (person) {
      lastOwner = k;
      lastOwnerIsPerson = true;
    } else if (k !== lastOwner) {
      lastOwner = k;
      lastOwnerIsPerson = false;
    }
  }
  const gold = words.map((_, i) => (!inSpan[i] ? O : begins[i] || i === 0 || !inSpan[i - 1] ? B : I));
  return { words, kinds, gold, src };
}

function loadCorpora(): { train: Sent[]; dev: Sent[]; excluded: number; heldOut: number } {
  const devGold = devGoldSentences(GOLD);
  const train: Sent[] = [];
  let excluded = 0;
  let heldOut = 0;
  for (const [index, s] of readConll(join(DATA, 'hiner', 'validation-even.conll')).entries()) {
    // The held-out slice of scripts/eval-heldout.ts is never trained on.
    if (isHinerHeldOut(index)) {
      heldOut++;
      continue;
    }
    if (inDevGold(s, devGold)) {
      excluded++;
      continue;
    }
    train.push(project(s, 'hiner'));
  }
  if (WITHOUT_IL_NER) {
    // IL-NER stays unseen, even by model selection: every tenth HiNER sentence selects the epoch instead.
    return { train: train.filter((_, i) => i % 10 !== 9), dev: train.filter((_, i) => i % 10 === 9), excluded, heldOut };
  }
  for (const s of readConll(join(DATA, 'il-ner', 'Hindi-train.txt'))) train.push(project(s, 'ilner'));
  const dev = readConll(join(DATA, 'il-ner', 'Hindi-dev.txt')).map((s) => project(s, 'ilner-dev'));
  return { train, dev, excluded, heldOut };
}

// ---------------------------------------------------------------------------
// Lexicons.

function setOf(words: Iterable<string>): Set<string> {
  return new Set([...words].map((w) => normalizeKey(w)).filter((w) => w.length > 0));
}

function commonWords(): Set<string> {
  const p = join(LEX_DIR, 'common-words.json');
  if (!existsSync(p)) return new Set();
  const j = JSON.parse(readFileSync(p, 'utf8')) as { words?: string[] };
  return setOf(j.words ?? []);
}

/** Person-name words from server/data/kb/persons-*.json, whatever their exact layout. */
function kbNames(): { given: Set<string>; surnames: Set<string>; files: string[] } {
  const given = new Set<string>();
  const surnames = new Set<string>();
  const dir = join(ROOT, 'server', 'data', 'kb');
  const files: string[] = [];
  if (!existsSync(dir)) return { given, surnames, files };
  const addName = (s: unknown, single: boolean): void => {
    if (typeof s !== 'string') return;
    const n = normalizeKey(s);
    if (!/^[\u0900-\u097f ]+$/.test(n) || n.length > 40) return;
    const ws = n.split(' ').filter((w) => w.length > 1);
    if (ws.length === 1 && single) surnames.add(ws[0]!);
    if (ws.length < 2 || ws.length > 4) return;
    given.add(ws[0]!);
    surnames.add(ws[ws.length - 1]!);
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  /** Schema: {version, persons: [{name, variants?, short?, …}]}. */
  const walk = (j: unknown): void => {
    const persons = Array.isArray(j) ? j : list((j as { persons?: unknown } | null)?.persons);
    for (const p of persons) {
      if (!p || typeof p !== 'object') continue;
      const e = p as { name?: unknown; variants?: unknown; short?: unknown };
      addName(e.name, false);
      for (const v of list(e.variants)) addName(v, false);
      for (const v of list(e.short)) addName(v, true);
    }
  };
  for (const f of readdirSync(dir).sort()) {
    if (!/^persons.*\.json$/.test(f)) continue;
    const p = join(dir, f);
    if (!statSync(p).isFile()) continue;
    try {
      walk(JSON.parse(readFileSync(p, 'utf8')));
      files.push(f);
    } catch {
      // A file being written by another tool: skip it.
    }
  }
  return { given, surnames, files };
}

interface NameCounts {
  first: Map<string, number>;
  last: Map<string, number>;
  outside: Map<string, number>;
}

function countNames(sents: Sent[]): NameCounts {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const outside = new Map<string, number>();
  const inc = (m: Map<string, number>, w: string): void => void m.set(w, (m.get(w) ?? 0) + 1);
  for (const s of sents) {
    for (let i = 0; i < s.words.length; i++) {
      if (s.gold[i] === O) {
        inc(outside, s.words[i]!);
        continue;
      }
      if (s.gold[i] === B) {
        let j = i;
        while (j + 1 < s.words.length && s.gold[j + 1] === I) j++;
        inc(first, s.words[i]!);
        inc(last, s.words[j]!);
      }
    }
  }
  return { first, last, outside };
}

function deriveLexicon(c: NameCounts, common: Set<string>, titles: Set<string>, pps: Set<string>): { given: Set<string>; surnames: Set<string> } {
  const ok = (w: string, p: number): boolean => {
    if (w.length < 2 || !/^[\u0900-\u097f]+$/.test(w)) return false;
    if (titles.has(w) || pps.has(w)) return false;
    const o = c.outside.get(w) ?? 0;
    if (common.has(w) && o > p) return false;
    return p / (p + o) >= 0.34;
  };
  const given = new Set<string>();
  const surnames = new Set<string>();
  for (const [w, p] of c.first) if (ok(w, p)) given.add(w);
  for (const [w, p] of c.last) if (ok(w, p)) surnames.add(w);
  return { given, surnames };
}

// ---------------------------------------------------------------------------
// Perceptron.

class Features {
  ids = new Map<string, number>();
  frozen = false;
  id(k: string): number {
    let v = this.ids.get(k);
    if (v === undefined) {
      if (this.frozen) return -1;
      v = this.ids.size;
      this.ids.set(k, v);
    }
    return v;
  }
}

interface Encoded {
  /** Static feature ids per token (current + contexts). */
  stat: Int32Array[];
  /** Previous-tag feature ids per token: ptag[t][i] for previous tag t. */
  ptag: Int32Array[][];
  gold: number[];
  forced: boolean[];
}

function encode(words: string[], kinds: string[], gold: number[], lex: Lexicons, F: Features, known: (w: string) => boolean): Encoded {
  const n = words.length;
  const stat: Int32Array[] = [];
  const ptag: Int32Array[][] = [];
  const buf: string[] = [];
  for (let i = 0; i < n; i++) {
    buf.length = 0;
    windowFeatures(words, i, lex, buf, known);
    stat.push(Int32Array.from(buf.map((k) => F.id(k)).filter((x) => x >= 0)));
    buf.length = 0;
    prevTagFeatures(words[i]!, lex, buf, known(words[i]!));
    const per: Int32Array[] = [];
    for (let t = 0; t < NCLASS; t++) per.push(Int32Array.from(buf.map((k) => F.id('t' + t + '|' + k)).filter((x) => x >= 0)));
    ptag.push(per);
  }
  return { stat, ptag, gold, forced: kinds.map((k) => isForcedOutside(k as 'word')) };
}

class Perceptron {
  w: Float64Array;
  tot: Float64Array;
  ts: Float64Array;
  now = 0;
  constructor(public nf: number) {
    this.w = new Float64Array(nf * NCLASS);
    this.tot = new Float64Array(nf * NCLASS);
    this.ts = new Float64Array(nf * NCLASS);
  }
  scores(ids: Int32Array, ids2: Int32Array, w: Float64Array, out: Float64Array): void {
    out.fill(0);
    for (const f of ids) {
      const b = f * NCLASS;
      out[0] += w[b]!;
      out[1] += w[b + 1]!;
      out[2] += w[b + 2]!;
    }
    for (const f of ids2) {
      const b = f * NCLASS;
      out[0] += w[b]!;
      out[1] += w[b + 1]!;
      out[2] += w[b + 2]!;
    }
  }
  upd(ids: Int32Array, c: number, d: number): void {
    for (const f of ids) {
      const j = f * NCLASS + c;
      this.tot[j] += (this.now - this.ts[j]!) * this.w[j]!;
      this.ts[j] = this.now;
      this.w[j] += d;
    }
  }
  averaged(): Float64Array {
    const a = new Float64Array(this.w.length);
    for (let j = 0; j < a.length; j++) a[j] = (this.tot[j]! + (this.now - this.ts[j]!) * this.w[j]!) / Math.max(1, this.now);
    return a;
  }
}

/** Inference decodes with Viterbi (tagger.ts); `DECODE=greedy` trains the old left-to-right way, for comparison only. */
const VITERBI = process.env.DECODE !== 'greedy';

/** Viterbi over (previous tag, tag); a structured-perceptron update on the whole document when training. */
function viterbi(e: Encoded, w: Float64Array, p: Perceptron, train: boolean): number[] {
  const n = e.stat.length;
  if (n === 0) return [];
  const sc = new Float64Array(NCLASS);
  const delta = new Float64Array(n * NCLASS);
  const back = new Int8Array(n * NCLASS);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < NCLASS; k++) delta[i * NCLASS + k] = -Infinity;
    for (let pv = 0; pv < NCLASS; pv++) {
      const base = i === 0 ? (pv === O ? 0 : -Infinity) : delta[(i - 1) * NCLASS + pv]!;
      if (base === -Infinity) continue;
      if (e.forced[i]) {
        if (base > delta[i * NCLASS + O]!) {
          delta[i * NCLASS + O] = base;
          back[i * NCLASS + O] = pv;
        }
        continue;
      }
      p.scores(e.stat[i]!, e.ptag[i]![pv]!, w, sc);
      for (let k = 0; k < NCLASS; k++) {
        if (k === I && pv === O) continue;
        const v = base + sc[k]!;
        if (v > delta[i * NCLASS + k]!) {
          delta[i * NCLASS + k] = v;
          back[i * NCLASS + k] = pv;
        }
      }
    }
  }
  let bestK = O;
  for (let k = 1; k < NCLASS; k++) if (delta[(n - 1) * NCLASS + k]! > delta[(n - 1) * NCLASS + bestK]!) bestK = k;
  const tags = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    tags[i] = bestK;
    bestK = back[i * NCLASS + bestK]!;
  }
  if (train) {
    p.now++;
    const gold = e.gold.map((g, i) => (g === I && (i === 0 || e.gold[i - 1] === O) ? B : g));
    for (let i = 0; i < n; i++) {
      if (e.forced[i]) continue;
      const gp = i === 0 ? O : gold[i - 1]!;
      const pp = i === 0 ? O : tags[i - 1]!;
      if (gp === pp && gold[i] === tags[i]) continue;
      p.upd(e.stat[i]!, gold[i]!, 1);
      p.upd(e.ptag[i]![gp]!, gold[i]!, 1);
      p.upd(e.stat[i]!, tags[i]!, -1);
      p.upd(e.ptag[i]![pp]!, tags[i]!, -1);
    }
  }
  return tags;
}

function decode(e: Encoded, w: Float64Array, p: Perceptron, train: boolean): number[] {
  if (VITERBI) return viterbi(e, w, p, train);
  return greedy(e, w, p, train);
}

function greedy(e: Encoded, w: Float64Array, p: Perceptron, train: boolean): number[] {
  const n = e.stat.length;
  const tags: number[] = [];
  const sc = new Float64Array(NCLASS);
  let prev = O;
  for (let i = 0; i < n; i++) {
    let tag = O;
    if (!e.forced[i]) {
      p.scores(e.stat[i]!, e.ptag[i]![prev]!, w, sc);
      let best = -Infinity;
      for (let k = 0; k < NCLASS; k++) {
        if (k === I && prev === O) continue;
        if (sc[k]! > best) {
          best = sc[k]!;
          tag = k;
        }
      }
      if (train) {
        p.now++;
        let g = e.gold[i]!;
        if (g === I && prev === O) g = B;
        if (g !== tag) {
          p.upd(e.stat[i]!, g, 1);
          p.upd(e.ptag[i]![prev]!, g, 1);
          p.upd(e.stat[i]!, tag, -1);
          p.upd(e.ptag[i]![prev]!, tag, -1);
        }
      }
    }
    tags.push(tag);
    prev = tag;
  }
  return tags;
}

function spansOf(tags: number[]): Set<string> {
  const s = new Set<string>();
  let st = -1;
  for (let i = 0; i <= tags.length; i++) {
    const t = i < tags.length ? tags[i]! : O;
    if ((t === O || t === B) && st >= 0) {
      s.add(st + ':' + i);
      st = -1;
    }
    if (t === B) st = i;
  }
  return s;
}

interface PRF {
  tp: number;
  fp: number;
  fn: number;
}
const prf = (c: PRF): string => {
  const p = c.tp / Math.max(1, c.tp + c.fp);
  const r = c.tp / Math.max(1, c.tp + c.fn);
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return `P=${p.toFixed(3)} R=${r.toFixed(3)} F1=${f.toFixed(3)}`;
};
const f1 = (c: PRF): number => (2 * c.tp) / Math.max(1, 2 * c.tp + c.fp + c.fn);

function evalEncoded(docs: Encoded[], w: Float64Array, p: Perceptron): { tok: PRF; span: PRF } {
  const tok = { tp: 0, fp: 0, fn: 0 };
  const span = { tp: 0, fp: 0, fn: 0 };
  for (const e of docs) {
    const pred = decode(e, w, p, false);
    for (let i = 0; i < pred.length; i++) {
      const g = e.gold[i] !== O;
      const q = pred[i] !== O;
      if (g && q) tok.tp++;
      else if (q) tok.fp++;
      else if (g) tok.fn++;
    }
    const gs = spansOf(e.gold);
    const ps = spansOf(pred);
    for (const x of ps) if (gs.has(x)) span.tp++;
    else span.fp++;
    for (const x of gs) if (!ps.has(x)) span.fn++;
  }
  return { tok, span };
}


/** Group consecutive sentences into short documents so the model sees sentence punctuation as context. */
function chunk(sents: Sent[], seed: number): Sent[] {
  const r = rng(seed);
  const out: Sent[] = [];
  for (let i = 0; i < sents.length; ) {
    const k = 1 + Math.floor(r() * 4);
    const part = sents.slice(i, i + k);
    out.push({
      words: part.flatMap((s) => s.words),
      kinds: part.flatMap((s) => s.kinds),
      gold: part.flatMap((s) => s.gold),
      src: part[0]!.src,
    });
    i += k;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Main: training.

function train(): void {
  const t0 = Date.now();
  const { train: trainSents, dev: devSents, excluded, heldOut } = loadCorpora();
  const hinerN = trainSents.filter((s) => s.src === 'hiner').length;
  console.log(`HiNER sentences excluded as dev gold: ${excluded}, held out for validation: ${heldOut}; training sentences: ${trainSents.length} (HiNER ${hinerN}); ${WITHOUT_IL_NER ? 'held-out HiNER' : 'IL-NER dev'} ${devSents.length}`);
  const HINER_UP = Number(process.env.HINER_UP ?? 2);
  const EPOCHS = Number(process.env.EPOCHS ?? 12);
  const FOLDS = 5;

  const common = commonWords();
  const titles = setOf(TITLES);
  const titleWords = new Set<string>();
  for (const t of titles) for (const w of t.split(' ')) if (!POSTPOSITIONS.includes(w) || w === 'जी') titleWords.add(w);
  for (const t of titles) titleWords.add(t);
  const pps = setOf(POSTPOSITIONS);
  const kb = kbNames();
  console.log(`KB person files: ${kb.files.length ? kb.files.join(', ') : '(none)'}; KB given ${kb.given.size}, surnames ${kb.surnames.size}`);

  const docs = chunk(trainSents, 7);
  const fold = docs.map((_, i) => i % FOLDS);
  const lexFor = (excludeFold: number): Lexicons => {
    const d = deriveLexicon(countNames(docs.filter((_, i) => fold[i] !== excludeFold)), common, titles, pps);
    for (const w of kb.given) if (!common.has(w) && !titleWords.has(w)) d.given.add(w);
    for (const w of kb.surnames) if (!common.has(w) && !titleWords.has(w)) d.surnames.add(w);
    return { given: d.given, surnames: d.surnames, titles: titleWords, postpositions: pps, common };
  };
  const foldLex = Array.from({ length: FOLDS }, (_, k) => lexFor(k));
  const fullLex = lexFor(-1);
  console.log(`lexicon: given ${fullLex.given.size}, surnames ${fullLex.surnames.size}, titles ${titleWords.size}`);

  // Count word frequencies so rare word features can be dropped later.
  const wordFreq = new Map<string, number>();
  for (const d of docs) for (const w of d.words) wordFreq.set(w, (wordFreq.get(w) ?? 0) + 1);

  const MIN_FREQ = Number(process.env.MIN_FREQ ?? 2);
  const known = (w: string): boolean => (wordFreq.get(w) ?? 0) >= MIN_FREQ;
  const F = new Features();
  const enc = docs.map((d, i) => encode(d.words, d.kinds, d.gold, foldLex[fold[i]!]!, F, known));
  const trainSet: Encoded[] = [];
  enc.forEach((e, i) => {
    trainSet.push(e);
    if (docs[i]!.src === 'hiner') for (let k = 1; k < HINER_UP; k++) trainSet.push(e);
  });
  F.frozen = true;
  const devEnc = chunk(devSents, 11).map((d) => encode(d.words, d.kinds, d.gold, fullLex, F, known));
  console.log(`features: ${F.ids.size}; encoded in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  // Several perceptrons on different shuffles, averaged per epoch (a linear ensemble is one weight vector).
  const SEEDS = Number(process.env.SEEDS ?? 5);
  const sums: Float64Array[] = Array.from({ length: EPOCHS }, () => new Float64Array(F.ids.size * NCLASS));
  let p = new Perceptron(F.ids.size);
  for (let seed = 0; seed < SEEDS; seed++) {
    p = new Perceptron(F.ids.size);
    const r = rng(42 + seed);
    for (let ep = 1; ep <= EPOCHS; ep++) {
      const order = trainSet.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const i of order) decode(trainSet[i]!, p.w, p, true);
      const avg = p.averaged();
      const sum = sums[ep - 1]!;
      for (let j = 0; j < avg.length; j++) sum[j] += avg[j]! / SEEDS;
    }
  }
  let best: { f: number; epoch: number; w: Float64Array } = { f: -1, epoch: 0, w: new Float64Array(0) };
  for (let ep = 1; ep <= EPOCHS; ep++) {
    const w = sums[ep - 1]!;
    const ev = evalEncoded(devEnc, w, p);
    const f = f1(ev.span);
    console.log(`epoch ${ep} (${SEEDS} seeds): dev token ${prf(ev.tok)} | span ${prf(ev.span)}`);
    if (f > best.f) best = { f, epoch: ep, w };
  }
  console.log(`best epoch ${best.epoch} (dev span F1 ${best.f.toFixed(3)})`);

  // Prune and quantise: centre each feature's class weights (see below), keep the strongest.
  const keys = [...F.ids.keys()];
  const rows: Array<{ k: string; v: number[]; m: number }> = [];
  for (let f = 0; f < keys.length; f++) {
    const b = f * NCLASS;
    const v = [best.w[b]!, best.w[b + 1]!, best.w[b + 2]!];
    // Centring a feature's weights adds the same amount to every class of a token, which changes
    // no decision, except for features of the previous tag: there the amount depends on the path,
    // and Viterbi decoding would see it.
    const mean = /^t\d\|/.test(keys[f]!) ? 0 : (v[0]! + v[1]! + v[2]!) / 3;
    const c = v.map((x) => x - mean);
    const m = Math.max(...c.map(Math.abs));
    if (m === 0) continue;
    rows.push({ k: keys[f]!, v: c, m });
  }
  const maxAbs = Math.max(...rows.map((r) => r.m));
  const SCALE = Math.max(1, Math.round(1000 / maxAbs));
  rows.sort((a, b) => b.m - a.m || (a.k < b.k ? -1 : 1));
  const lexText = (s: Set<string>): string => [...s].sort().join('\n');
  const base = {
    version: 1,
    scale: SCALE,
    weights: '',
    given: lexText(fullLex.given),
    surnames: lexText(fullLex.surnames),
    titles: lexText(titleWords),
    postpositions: lexText(pps),
    common: lexText(common),
  };
  const baseBytes = Buffer.byteLength(JSON.stringify(base));
  let budget = MAX_BYTES - baseBytes;
  const lines: string[] = [];
  for (const row of rows) {
    const q = row.v.map((x) => Math.round(x * SCALE));
    if (q.every((x) => x === 0)) continue;
    // Features of words seen once carry little beyond memorisation.
    const line = row.k + '\t' + q.join(',');
    const bytes = Buffer.byteLength(JSON.stringify(line)) - 1; // escaped, plus the \n separator
    if (bytes > budget) break;
    budget -= bytes;
    lines.push(line);
  }
  // A word is known at inference when it has weights under a word template (tagger.ts); a word
  // trained as known whose weights all rounded away would meet the unknown word's weights
  // instead, which lean towards names. Such words get an all-zero line, as in training.
  const withWeights = new Set<string>();
  for (const l of lines) {
    const tab = l.indexOf('\t');
    const colon = l.indexOf(':');
    if (colon > 0 && colon < tab && WORD_TEMPLATES.includes(l.slice(0, colon + 1))) withWeights.add(l.slice(colon + 1, tab));
  }
  let zeroLines = 0;
  for (const [w, n] of [...wordFreq].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (n < MIN_FREQ || withWeights.has(w)) continue;
    lines.push('w:' + w + '\t0,0,0');
    zeroLines++;
  }
  console.log(`known words without weights of their own, kept as known: ${zeroLines}`);
  lines.sort();
  const json = JSON.stringify({ ...base, weights: lines.join('\n') });
  const outPath = OUT_ARG ?? OUT_WEIGHTS;
  writeFileSync(outPath, json + '\n');
  console.log(`wrote ${outPath}: ${lines.length} of ${rows.length} features, ${(Buffer.byteLength(json) / 1e6).toFixed(3)} MB, scale ${SCALE}`);
  if (OUT_ARG) {
    console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    return;
  }

  const header = (what: string): string =>
    `# ${what}, normalised (normalizeKey). Derived by scripts/train-tagger.ts; see SOURCES.md.\n`;
  writeFileSync(join(LEX_DIR, 'given-names.txt'), header('Given names: first words of PERSON spans in HiNER/IL-NER training data and the knowledge base') + lexText(fullLex.given) + '\n');
  writeFileSync(join(LEX_DIR, 'surnames.txt'), header('Surnames: last words of PERSON spans in HiNER/IL-NER training data and the knowledge base') + lexText(fullLex.surnames) + '\n');
  writeFileSync(
    join(LEX_DIR, 'titles.txt'),
    header('Honorifics and designations that precede (or, like जी, follow) a name; multi-word entries and their words') + lexText(new Set([...titles, ...titleWords])) + '\n',
  );
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)}s; evaluating the written weights…`);
  const r2 = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'train-tagger.ts'), '--eval'], { stdio: 'inherit' });
  process.exitCode = r2.status ?? 1;
}

// ---------------------------------------------------------------------------
// Main: evaluation of the shipped weights through the public API.

/** Runs in a fresh process after training, so the static JSON import sees the new weights. */
function evaluate(): void {
  // IL-NER dev (held out): token and span level, on our tokenisation.
  const dev = readConll(join(DATA, 'il-ner', 'Hindi-dev.txt')).map((s) => project(s, 'ilner-dev'));
  const tok = { tp: 0, fp: 0, fn: 0 };
  const span = { tp: 0, fp: 0, fn: 0 };
  for (const s of dev) {
    const text = s.words.join(' ');
    const starts: number[] = [];
    let off = 0;
    for (const w of s.words) {
      starts.push(off);
      off += w.length + 1;
    }
    const pred = new Array<number>(s.words.length).fill(O);
    for (const n of tagPersons(text)) {
      for (let i = 0; i < starts.length; i++) {
        if (starts[i]! >= n.start && starts[i]! < n.end) pred[i] = starts[i] === n.start ? B : I;
      }
    }
    for (let i = 0; i < pred.length; i++) {
      const g = s.gold[i] !== O;
      const q = pred[i] !== O;
      if (g && q) tok.tp++;
      else if (q) tok.fp++;
      else if (g) tok.fn++;
    }
    const gs = spansOf(s.gold);
    const ps = spansOf(pred);
    for (const x of ps) if (gs.has(x)) span.tp++;
    else span.fp++;
    for (const x of gs) if (!ps.has(x)) span.fn++;
  }
  console.log(`IL-NER dev PERSON  token ${prf(tok)} | span ${prf(span)}`);

  // HiNER dev gold (PERSON spans only), exact raw spans.
  const hs = { tp: 0, fp: 0, fn: 0 };
  const ht = { tp: 0, fp: 0, fn: 0 };
  const errors: string[] = [];
  for (const l of readFileSync(GOLD, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const d = JSON.parse(l) as { text: string; spans: Array<{ start: number; end: number; label: string }> };
    const nt = normalize(d.text);
    const gold = new Set(d.spans.filter((s) => s.label === 'PERSON').map((s) => s.start + ':' + s.end));
    const pred = new Set(tagPersons(nt.norm).map((s) => nt.toRaw[s.start] + ':' + nt.toRaw[s.end]));
    for (const x of pred) {
      if (gold.has(x)) hs.tp++;
      else {
        hs.fp++;
        const [a, b] = x.split(':').map(Number);
        errors.push(`FP ${d.text.slice(Math.max(0, a! - 20), a)}[${d.text.slice(a, b)}]${d.text.slice(b, b! + 15)}`.replace(/\n/g, ' '));
      }
    }
    for (const x of gold) {
      if (!pred.has(x)) {
        hs.fn++;
        const [a, b] = x.split(':').map(Number);
        errors.push(`FN ${d.text.slice(Math.max(0, a! - 20), a)}[${d.text.slice(a, b)}]${d.text.slice(b, b! + 15)}`.replace(/\n/g, ' '));
      }
    }
    // Token level: characters → token starts.
    const cover = (set: Set<string>): Set<number> => {
      const c = new Set<number>();
      for (const x of set) {
        const [a, b] = x.split(':').map(Number);
        for (const t of tokenize(d.text)) if (t.start >= a! && t.end <= b!) c.add(t.start);
      }
      return c;
    };
    const gt = cover(gold);
    const pt = cover(pred);
    for (const x of pt) if (gt.has(x)) ht.tp++;
    else ht.fp++;
    for (const x of gt) if (!pt.has(x)) ht.fn++;
  }
  console.log(`hiner-dev PERSON   token ${prf(ht)} | span ${prf(hs)}`);
  if (process.argv.includes('--errors')) for (const e of errors) console.log('  ' + e);

  // Throughput on corpus text (normalised beforehand: the tagger's input).
  const texts: string[] = [];
  for (const f of ['hiner/validation-even.conll', 'il-ner/Hindi-train.txt']) {
    const sents = readConll(join(DATA, f)).map((s) => s.map((t) => t[0]).join(' '));
    for (let i = 0; i < sents.length; i += 25) texts.push(normalize(sents.slice(i, i + 25).join('\n')).norm);
  }
  let bytes = 0;
  for (const t of texts) bytes += Buffer.byteLength(t);
  for (const t of texts.slice(0, 200)) tagPersons(t); // warm-up
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t1 = process.hrtime.bigint();
    let n = 0;
    for (const t of texts) n += tagPersons(t).length;
    const secs = Number(process.hrtime.bigint() - t1) / 1e9;
    best = Math.max(best, bytes / 1e6 / secs);
    if (rep === 0) console.log(`throughput: ${(bytes / 1e6).toFixed(2)} MB, ${n} names`);
  }
  console.log(`throughput: ${best.toFixed(1)} MB/s (tokenize + tag, best of 3)`);
  console.log(`weights file: ${(statSync(OUT_WEIGHTS).size / 1e6).toFixed(3)} MB`);
}

if (process.argv.includes('--eval')) evaluate();
else train();
