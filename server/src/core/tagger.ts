/**
 * Statistical PERSON tagger: an averaged perceptron over BIO tags (O, B, I)
 * with greedy left-to-right decoding, trained by `scripts/train-tagger.ts` on
 * HiNER and IL-NER (see `server/data/lexicon/SOURCES.md`).
 *
 * Works on NORMALISED text (see `normalize.ts`) and tokens from `tokenize()`.
 *
 * Speed: every feature depends on one word at one relative position (current,
 * ±1, ±2), optionally combined with the previous tag. For each distinct word
 * the summed class scores of all its features are computed once and cached
 * (bounded map), so tagging a token costs a few array additions.
 */
import weightsJson from '../../data/tagger/person.json';
import { tokenize, type Token } from './tokenize';
import { HashTrie } from './trie';

export interface TaggedName {
  /** UTF-16 offsets into the given normalised string, whole tokens. */
  start: number;
  end: number;
  /** Confidence in (0, 1]: the weakest token decision of the span. */
  score: number;
  /** Index of the span's first token and one past its last, in the tokens used. */
  firstToken: number;
  endToken: number;
}

/** Shape of `server/data/tagger/person.json` (strings keep the JSON import cheap for tsc). */
export interface TaggerWeights {
  version: number;
  /** Weights were multiplied by this before rounding to integers. */
  scale: number;
  /** `feature<TAB>wO,wB,wI` lines. */
  weights: string;
  /** Newline-separated, normalised. */
  given: string;
  surnames: string;
  titles: string;
  postpositions: string;
  common: string;
}

export const O = 0;
export const B = 1;
export const I = 2;
export const NCLASS = 3;

/** Sentence/text padding words (cannot occur as tokens: they contain `<`). */
export const PAD_START = '<s>';
export const PAD_END = '</s>';
/** Stands for a word too rare in training to have its own weights. */
export const UNK = '<unk>';
/** Templates that carry the word itself (a word is known when one of them has weights). */
export const WORD_TEMPLATES = ['w:', 'w-1:', 'w-2:', 'w+1:', 'w+2:', 't0|w:', 't1|w:', 't2|w:'];

export interface Lexicons {
  given: Set<string>;
  surnames: Set<string>;
  titles: Set<string>;
  postpositions: Set<string>;
  common: Set<string>;
}

// ---------------------------------------------------------------------------
// Features (shared with the training script; keep the two in step).

function cpLen(w: string): number {
  let n = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

function shapeOf(w: string): string {
  if (w === PAD_START || w === PAD_END) return w;
  const c = w.charCodeAt(0);
  let k: string;
  if (c >= 0x0900 && c <= 0x097f && c !== 0x0964 && c !== 0x0965) k = 'D';
  else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f)) k = 'L';
  else if (c >= 0x30 && c <= 0x39) k = 'N';
  else k = 'P';
  if (k === 'P') return 'P';
  const n = cpLen(w);
  const b = n <= 3 ? String(n) : n <= 5 ? '4' : n <= 8 ? '6' : '9';
  return k + b;
}

/** Features of the word at the current position that do not involve tags. */
export function currentFeatures(w: string, lex: Lexicons, out: string[], known = true): void {
  out.push('b', 'w:' + (known ? w : UNK), 'sh:' + shapeOf(w));
  if (w === PAD_START || w === PAD_END) return;
  const cps = Array.from(w);
  const n = cps.length;
  if (n > 1) {
    out.push('s1:' + cps[n - 1]);
    if (n > 2) out.push('s2:' + cps.slice(n - 2).join(''));
    if (n > 3) out.push('s3:' + cps.slice(n - 3).join(''));
    out.push('p1:' + cps[0]);
    if (n > 2) out.push('p2:' + cps.slice(0, 2).join(''));
  }
  for (const f of lexFlags(w, lex)) out.push('L:' + f);
}

/** Word-only features combined with the previous tag (prefix `t<k>|` added by the caller). */
export function prevTagFeatures(w: string, lex: Lexicons, out: string[], known = true): void {
  out.push('', 'w:' + (known ? w : UNK), 'sh:' + shapeOf(w));
  for (const f of lexFlags(w, lex)) out.push('L:' + f);
}

/** Features of the word at relative position `rel` (−2, −1, 1, 2). */
export function contextFeatures(w: string, rel: number, lex: Lexicons, out: string[], known = true): void {
  const r = rel > 0 ? '+' + rel : String(rel);
  out.push('w' + r + ':' + (known ? w : UNK));
  if (rel === 1 || rel === -1) {
    out.push('sh' + r + ':' + shapeOf(w));
    const cps = Array.from(w);
    if (cps.length > 2 && w !== PAD_START && w !== PAD_END) out.push('s2' + r + ':' + cps.slice(cps.length - 2).join(''));
    // Longer suffix and a prefix of the neighbours: their morphology without their identity (unseen names).
    if (cps.length > 3 && w !== PAD_START && w !== PAD_END) out.push('s3' + r + ':' + cps.slice(cps.length - 3).join(''), 'p2' + r + ':' + cps.slice(0, 2).join(''));
  }
  for (const f of lexFlags(w, lex)) out.push('L' + r + ':' + f);
}

function lexFlags(w: string, lex: Lexicons): string[] {
  const f: string[] = [];
  const g = lex.given.has(w);
  const s = lex.surnames.has(w);
  if (g) f.push('G');
  if (s) f.push('S');
  if (g && s) f.push('GS');
  if (lex.titles.has(w)) f.push('T');
  if (lex.postpositions.has(w)) f.push('PP');
  if (lex.common.has(w)) f.push(g || s ? 'CN' : 'C');
  return f;
}

/** Tokens that can never be inside a name. */
export function isForcedOutside(kind: Token['kind']): boolean {
  return kind === 'punct' || kind === 'num';
}

// ---------------------------------------------------------------------------
// Model loading and inference.

interface Model {
  lex: Lexicons;
  feats: Map<string, Float32Array>;
  /** Words that have weights of their own (under any word template); others share the unknown word's. */
  known: Set<string>;
}

let model: Model | null = null;

function splitLines(s: string): string[] {
  return s ? s.split('\n').filter((x) => x.length > 0) : [];
}

function lexiconsFrom(w: TaggerWeights): Lexicons {
  return {
    given: new Set(splitLines(w.given)),
    surnames: new Set(splitLines(w.surnames)),
    titles: new Set(splitLines(w.titles)),
    postpositions: new Set(splitLines(w.postpositions)),
    common: new Set(splitLines(w.common)),
  };
}

function getModel(): Model {
  if (model) return model;
  const w = weightsJson as unknown as TaggerWeights;
  const inv = 1 / (w.scale || 1);
  const feats = new Map<string, Float32Array>();
  const text = w.weights ?? '';
  let i = 0;
  while (i < text.length) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    const tab = text.lastIndexOf('\t', nl);
    if (tab > i) {
      const key = text.slice(i, tab);
      const parts = text.slice(tab + 1, nl).split(',');
      const v = new Float32Array(NCLASS);
      for (let k = 0; k < NCLASS; k++) v[k] = (Number(parts[k]) || 0) * inv;
      feats.set(key, v);
    }
    i = nl + 1;
  }
  const known = new Set<string>();
  for (const key of feats.keys()) {
    for (const t of WORD_TEMPLATES) if (key.startsWith(t)) known.add(key.slice(t.length));
  }
  model = { lex: lexiconsFrom(w), feats, known };
  return model;
}

/** The name lexicons shipped with the tagger (normalised words). */
export function loadLexicons(): { given: Set<string>; surnames: Set<string>; titles: Set<string> } {
  const { lex } = getModel();
  return { given: new Set(lex.given), surnames: new Set(lex.surnames), titles: new Set(lex.titles) };
}

/**
 * Per-word cached score block, 24 floats:
 * [0..3) current, [3..12) previous-tag × class, [12..15) as word −1,
 * [15..18) as −2, [18..21) as +1, [21..24) as +2.
 */
const BLOCK = 24;
/** Score blocks of the sentence padding words, computed once per model. */
let pads: { start: Float32Array; end: Float32Array } | null = null;
const scratch: string[] = [];

function addFeats(m: Model, keys: string[], prefix: string, dst: Float32Array, off: number): void {
  for (const k of keys) {
    const v = m.feats.get(prefix + k);
    if (v) {
      dst[off] += v[0]!;
      dst[off + 1] += v[1]!;
      dst[off + 2] += v[2]!;
    }
  }
}

/**
 * The reference construction of a word's score block: every feature string
 * built and looked up. Used for the padding words and by the tests; real
 * words go through {@link block}, which sums cached parts instead.
 */
export function referenceBlock(w: string): Float32Array {
  const m = getModel();
  const b = new Float32Array(BLOCK);
  const lex = m.lex;
  let known = w === PAD_START || w === PAD_END;
  for (let k = 0; !known && k < WORD_TEMPLATES.length; k++) known = m.feats.has(WORD_TEMPLATES[k] + w);
  scratch.length = 0;
  currentFeatures(w, lex, scratch, known);
  addFeats(m, scratch, '', b, 0);
  scratch.length = 0;
  prevTagFeatures(w, lex, scratch, known);
  for (let t = 0; t < NCLASS; t++) addFeats(m, scratch, 't' + t + '|', b, 3 + t * 3);
  const rels = [-1, -2, 1, 2];
  for (let r = 0; r < 4; r++) {
    scratch.length = 0;
    contextFeatures(w, rels[r]!, lex, scratch, known);
    addFeats(m, scratch, '', b, 12 + r * 3);
  }
  return b;
}

/**
 * A word's block is a sum of parts that depend on one property each: the
 * word itself (or the unknown word), its shape, its lexicon flags, and its
 * prefixes and suffixes. Parts other than the word's own are shared by many
 * words and cached, so a word seen for the first time costs a handful of
 * lookups instead of some fifty feature strings. The sum equals
 * {@link referenceBlock} (a test checks it).
 */
const parts = new Map<string, Float32Array>();

/** Offsets of the template positions in a block: current, prev-tag × 3, −1, −2, +1, +2. */
const AT = { cur: 0, prev: 3, m1: 12, m2: 15, p1: 18, p2: 21 } as const;

function addFeat(m: Model, key: string, dst: Float32Array, off: number): void {
  const v = m.feats.get(key);
  if (v) {
    dst[off] += v[0]!;
    dst[off + 1] += v[1]!;
    dst[off + 2] += v[2]!;
  }
}

function part(key: string, build: (dst: Float32Array) => void): Float32Array {
  let p = parts.get(key);
  if (!p) {
    p = new Float32Array(BLOCK);
    build(p);
    parts.set(key, p);
  }
  return p;
}

/**
 * Features of one value of a word property (`w` the word itself, `L` a
 * lexicon flag) at every position it feeds: current, with each previous
 * tag, and as each neighbour.
 */
function everywherePart(m: Model, name: 'w' | 'L', v: string, dst: Float32Array): void {
  addFeat(m, name + ':' + v, dst, AT.cur);
  for (let t = 0; t < NCLASS; t++) addFeat(m, 't' + t + '|' + name + ':' + v, dst, AT.prev + t * 3);
  addFeat(m, name + '-1:' + v, dst, AT.m1);
  addFeat(m, name + '-2:' + v, dst, AT.m2);
  addFeat(m, name + '+1:' + v, dst, AT.p1);
  addFeat(m, name + '+2:' + v, dst, AT.p2);
}

function addInto(dst: Float32Array, src: Float32Array): void {
  for (let i = 0; i < BLOCK; i++) dst[i] += src[i]!;
}

/** Which templates an affix feeds, and where: the same split as the feature functions above. */
type AffixTemplates = ReadonlyArray<readonly [template: string, at: number]>;
const S1: AffixTemplates = [['s1:', AT.cur]];
const P1: AffixTemplates = [['p1:', AT.cur]];
const S2: AffixTemplates = [['s2:', AT.cur], ['s2-1:', AT.m1], ['s2+1:', AT.p1]];
const P2: AffixTemplates = [['p2:', AT.cur]];
const S3: AffixTemplates = [['s3:', AT.cur], ['s3-1:', AT.m1], ['s3+1:', AT.p1]];
/** The neighbours' 2-letter prefix is a feature only for words of four letters or more. */
const P2_NEIGHBOUR: AffixTemplates = [['p2-1:', AT.m1], ['p2+1:', AT.p1]];

/** The cached part of one affix value (`kind` keeps parts of different templates apart). */
function affixPart(m: Model, kind: string, value: string, templates: AffixTemplates): Float32Array {
  return part(kind + value, (d) => {
    for (const [template, at] of templates) addFeat(m, template + value, d, at);
  });
}

function block(m: Model, w: string): Float32Array {
  if (w === PAD_START || w === PAD_END) return referenceBlock(w);
  const b = new Float32Array(BLOCK);
  if (m.known.has(w)) everywherePart(m, 'w', w, b);
  else addInto(b, part('u', (d) => everywherePart(m, 'w', UNK, d)));
  addInto(
    b,
    part('b', (d) => {
      addFeat(m, 'b', d, AT.cur);
      for (let t = 0; t < NCLASS; t++) addFeat(m, 't' + t + '|', d, AT.prev + t * 3);
    }),
  );
  const sh = shapeOf(w);
  addInto(
    b,
    part('h' + sh, (d) => {
      addFeat(m, 'sh:' + sh, d, AT.cur);
      for (let t = 0; t < NCLASS; t++) addFeat(m, 't' + t + '|sh:' + sh, d, AT.prev + t * 3);
      addFeat(m, 'sh-1:' + sh, d, AT.m1);
      addFeat(m, 'sh+1:' + sh, d, AT.p1);
    }),
  );
  const flags = lexFlags(w, m.lex);
  if (flags.length > 0) {
    addInto(
      b,
      part('f' + flags.join(','), (d) => {
        for (const f of flags) everywherePart(m, 'L', f, d);
      }),
    );
  }
  const cps = Array.from(w);
  const n = cps.length;
  if (n > 1) {
    addInto(b, affixPart(m, 'a', cps[n - 1]!, S1));
    addInto(b, affixPart(m, 'c', cps[0]!, P1));
  }
  if (n > 2) {
    addInto(b, affixPart(m, 'd', cps[n - 2]! + cps[n - 1]!, S2));
    addInto(b, affixPart(m, 'e', cps[0]! + cps[1]!, P2));
  }
  if (n > 3) {
    addInto(b, affixPart(m, 'g', cps[n - 3]! + cps[n - 2]! + cps[n - 1]!, S3));
    addInto(b, affixPart(m, 'i', cps[0]! + cps[1]!, P2_NEIGHBOUR));
  }
  return b;
}

/** Word interning for inference: trie node → that word's score block. */
const WORD_TRIE_CAP = 2_000_000;
let words = new HashTrie();
let byWord: Array<Float32Array | undefined> = [];

function resetWordCache(): void {
  words = new HashTrie();
  byWord = [];
}

/** Drop cached per-word scores (tests; after swapping weights). */
export function clearTaggerCache(): void {
  pads = null;
  parts.clear();
  resetWordCache();
}

/**
 * Tag PERSON names in a normalised string (or a slice of one, e.g. a
 * sentence); tokens are from `tokenize()` and are computed when omitted.
 * Deterministic; never throws for any string.
 */
export function tagPersons(norm: string, tokens?: Token[]): TaggedName[] {
  const toks = tokens ?? tokenize(norm);
  const n = toks.length;
  const out: TaggedName[] = [];
  if (n === 0) return out;
  const m = getModel();
  const blocks: Float32Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    // Intern the word through the code-unit trie: no string is made or
    // hashed for a word seen before.
    let node = 0;
    for (let k = t.start; k < t.end; k++) node = words.childOrAdd(node, norm.charCodeAt(k));
    let b = byWord[node];
    if (b === undefined) {
      b = block(m, norm.slice(t.start, t.end));
      byWord[node] = b;
    }
    blocks[i] = b;
  }
  if (words.nodeCount > WORD_TRIE_CAP) resetWordCache();
  pads ??= { start: referenceBlock(PAD_START), end: referenceBlock(PAD_END) };
  const bs = pads.start;
  const be = pads.end;
  let prev = O;
  let spanStart = -1;
  let spanEnd = 0;
  let spanScore = 1;
  let firstToken = 0;
  for (let i = 0; i < n; i++) {
    let tag = O;
    let conf = 1;
    const tk = toks[i]!;
    if (!isForcedOutside(tk.kind)) {
      const c = blocks[i]!;
      const p1 = i >= 1 ? blocks[i - 1]! : bs;
      const p2 = i >= 2 ? blocks[i - 2]! : bs;
      const n1 = i + 1 < n ? blocks[i + 1]! : be;
      const n2 = i + 2 < n ? blocks[i + 2]! : be;
      const po = 3 + prev * 3;
      let best = -Infinity;
      let second = -Infinity;
      for (let k = 0; k < NCLASS; k++) {
        if (k === I && prev === O) continue;
        const s = c[k]! + c[po + k]! + p1[12 + k]! + p2[15 + k]! + n1[18 + k]! + n2[21 + k]!;
        if (s > best) {
          second = best;
          best = s;
          tag = k;
        } else if (s > second) second = s;
      }
      // Confidence only matters inside names; most tokens are O, so skip the exp for them.
      if (tag !== O) conf = 1 / (1 + Math.exp(-(best - second)));
    }
    if (tag === O || tag === B) {
      if (spanStart >= 0) out.push({ start: spanStart, end: spanEnd, score: spanScore, firstToken, endToken: i });
      spanStart = -1;
    }
    if (tag === B) {
      spanStart = tk.start;
      spanScore = conf;
      firstToken = i;
    }
    if (tag !== O) {
      spanEnd = tk.end;
      if (conf < spanScore) spanScore = conf;
    }
    prev = tag;
  }
  if (spanStart >= 0) out.push({ start: spanStart, end: spanEnd, score: spanScore, firstToken, endToken: n });
  return out;
}

/** The fast score block of one word (for tests comparing it with {@link referenceBlock}). */
export function blockForTest(w: string): Float32Array {
  return block(getModel(), w);
}
