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
 * (bounded), so tagging a token costs a few array additions; a new word's
 * scores are summed from parts precomputed at load, without making a string.
 */
import { tokenize, type Token } from './tokenize';
import { shippedData, shippedTaggerWeights } from './shippedData';
import { HashTrie, type PackedTrie } from './trie';
import { WordTable } from './wordTable';

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

/** Shape names by {@link shapeIndex}: punctuation/other, then letter class × length bucket. */
const SHAPE_BUCKETS = ['0', '1', '2', '3', '4', '6', '9'];
const SHAPES = ['P', ...['D', 'L', 'N'].flatMap((k) => SHAPE_BUCKETS.map((b) => k + b))];

/**
 * A word's shape as a small integer (an index into `SHAPES`), from its first
 * code unit and its length in code points (`cpLen`): the fast block path
 * computes it without making the word's string.
 */
function shapeIndex(first: number, n: number): number {
  let k: number;
  if (first >= 0x0900 && first <= 0x097f && first !== 0x0964 && first !== 0x0965) k = 0;
  else if ((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || (first >= 0xc0 && first <= 0x24f)) k = 1;
  else if (first >= 0x30 && first <= 0x39) k = 2;
  else return 0;
  const b = n <= 3 ? n : n <= 5 ? 4 : n <= 8 ? 5 : 6;
  return 1 + k * SHAPE_BUCKETS.length + b;
}

function shapeOf(w: string): string {
  if (w === PAD_START || w === PAD_END) return w;
  return SHAPES[shapeIndex(w.charCodeAt(0), cpLen(w))]!;
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

/**
 * The static (tag-free) features of token `i` of `words`: its own and those of the two words on
 * each side, padded at the edges; `known(w)` says whether a word's identity is a feature
 * (unknown words stand as `UNK`). The trainer and the online learner encode tokens with it.
 */
export function windowFeatures(words: readonly string[], i: number, lex: Lexicons, out: string[], known: (w: string) => boolean): void {
  const n = words.length;
  const at = (j: number): string => (j < 0 ? PAD_START : j >= n ? PAD_END : words[j]!);
  const kn = (j: number): boolean => j < 0 || j >= n || known(words[j]!);
  currentFeatures(at(i), lex, out, kn(i));
  for (const rel of [-1, -2, 1, 2]) contextFeatures(at(i + rel), rel, lex, out, kn(i + rel));
}

/** Lexicon membership bits (a word's lexicon flags follow from them, see {@link flagNames}). */
const IN_GIVEN = 1;
const IN_SURNAMES = 2;
const IN_TITLES = 4;
const IN_POSTPOSITIONS = 8;
const IN_COMMON = 16;

function lexFlags(w: string, lex: Lexicons): string[] {
  let mask = 0;
  if (lex.given.has(w)) mask |= IN_GIVEN;
  if (lex.surnames.has(w)) mask |= IN_SURNAMES;
  if (lex.titles.has(w)) mask |= IN_TITLES;
  if (lex.postpositions.has(w)) mask |= IN_POSTPOSITIONS;
  if (lex.common.has(w)) mask |= IN_COMMON;
  return flagNames(mask);
}

/** The lexicon flags of a word in the lexicons given by `mask`, in feature order. */
function flagNames(mask: number): string[] {
  const f: string[] = [];
  const g = (mask & IN_GIVEN) !== 0;
  const s = (mask & IN_SURNAMES) !== 0;
  if (g) f.push('G');
  if (s) f.push('S');
  if (g && s) f.push('GS');
  if (mask & IN_TITLES) f.push('T');
  if (mask & IN_POSTPOSITIONS) f.push('PP');
  if (mask & IN_COMMON) f.push(g || s ? 'CN' : 'C');
  return f;
}

/** Tokens that can never be inside a name. */
export function isForcedOutside(kind: Token['kind']): boolean {
  return kind === 'punct' || kind === 'num';
}

// ---------------------------------------------------------------------------
// Model loading and inference.

/**
 * Per-word score block, 24 floats:
 * [0..3) current, [3..12) previous-tag × class, [12..15) as word −1,
 * [15..18) as −2, [18..21) as +1, [21..24) as +2.
 */
const BLOCK = 24;

/** Offsets of the template positions in a block: current, prev-tag × 3, −1, −2, +1, +2. */
const AT = { cur: 0, prev: 3, m1: 12, m2: 15, p1: 18, p2: 21 } as const;

/** Feature templates of one word property and where in a block each one's weights go. */
type Templates = ReadonlyArray<readonly [template: string, at: number]>;

/** A word property (`w` the word itself, `L` a lexicon flag) at every position: current, with each previous tag, as each neighbour. */
function everywhere(name: 'w' | 'L'): Templates {
  return [
    [name + ':', AT.cur],
    ['t0|' + name + ':', AT.prev],
    ['t1|' + name + ':', AT.prev + 3],
    ['t2|' + name + ':', AT.prev + 6],
    [name + '-1:', AT.m1],
    [name + '-2:', AT.m2],
    [name + '+1:', AT.p1],
    [name + '+2:', AT.p2],
  ];
}
/** The same templates as `WORD_TEMPLATES`, with their positions. */
const WORD = everywhere('w');
const FLAG = everywhere('L');
/** The bias and its previous-tag variants (their "value" is empty). */
const BIAS: Templates = [['b', AT.cur], ['t0|', AT.prev], ['t1|', AT.prev + 3], ['t2|', AT.prev + 6]];
/** Shape is a neighbour feature at ±1 only. */
const SHAPE: Templates = [
  ['sh:', AT.cur],
  ['t0|sh:', AT.prev],
  ['t1|sh:', AT.prev + 3],
  ['t2|sh:', AT.prev + 6],
  ['sh-1:', AT.m1],
  ['sh+1:', AT.p1],
];
/** Affix templates: the same split as the feature functions above. */
const S1: Templates = [['s1:', AT.cur]];
const P1: Templates = [['p1:', AT.cur]];
const S2: Templates = [['s2:', AT.cur], ['s2-1:', AT.m1], ['s2+1:', AT.p1]];
const P2: Templates = [['p2:', AT.cur]];
const S3: Templates = [['s3:', AT.cur], ['s3-1:', AT.m1], ['s3+1:', AT.p1]];
/** The neighbours' 2-letter prefix is a feature only for words of four letters or more. */
const P2_NEIGHBOUR: Templates = [['p2-1:', AT.m1], ['p2+1:', AT.p1]];
/** The positions each affix feeds: the fast path adds only those parts of an affix's row. */
const positions = (templates: Templates): number[] => templates.map(([, at]) => at);
const S1_AT = positions(S1);
const P1_AT = positions(P1);
const S2_AT = positions(S2);
const P2_AT = positions(P2);
const S3_AT = positions(S3);
const P2_NEIGHBOUR_AT = positions(P2_NEIGHBOUR);

/**
 * A word's block is a sum of parts that depend on one property each: the
 * word itself (or the unknown word) plus the bias, its shape, its lexicon
 * flags, and its prefixes and suffixes. All parts are precomputed at load as
 * rows of {@link BLOCK} floats in `rows`, found by walking tries over code
 * units (words) or code points (affixes), so a word seen for the first time
 * costs a few probes and row additions and makes no string. The sum equals
 * {@link referenceBlock} to rounding (a test checks it).
 */
interface Tables {
  rows: Float32Array;
  /** Every known word (weights under a word template) and every lexicon word, by code unit. */
  vocab: HashTrie;
  /**
   * vocab node → row of that word's own part plus the bias part; -1: the
   * unknown word's (`unkRow`); `PAD_ROW - i`: padding word `i` (`pads`).
   */
  wordRow: Int32Array;
  /** vocab node → the lexicons holding that word (`IN_*` bits). */
  lexMask: Uint8Array;
  /** The unknown word's part plus the bias part. */
  unkRow: number;
  /** Lexicon bits → row of the summed parts of the flags they give; -1 for none. */
  flagRow: Int32Array;
  /** {@link shapeIndex} → row, -1 when that shape has no weights. */
  shapeRow: Int32Array;
  /** Suffixes with weights, by code point from the word's end (a node's depth is the suffix length). */
  suffix: HashTrie;
  /** suffix node → its S1, S2 or S3 row (by depth), or -1. */
  suffixRow: Int32Array;
  /** Prefixes with weights, by code point. */
  prefix: HashTrie;
  /** prefix node → its P1 or P2 row (by depth), or -1. */
  prefixRow: Int32Array;
  /** prefix node (depth 2) → its P2_NEIGHBOUR row, or -1. */
  prefixNeighbourRow: Int32Array;
  /** The blocks of `PAD_START` and `PAD_END`, one after the other. */
  pads: Float32Array;
}

/** {@link Tables} as plain data (see `pack.ts`): the tries by their slot arrays. */
export type PackedTaggerTables = Omit<Tables, 'vocab' | 'suffix' | 'prefix'> & { vocab: PackedTrie; suffix: PackedTrie; prefix: PackedTrie };

function unpackTables(p: PackedTaggerTables): Tables {
  return { ...p, vocab: HashTrie.fromPacked(p.vocab), suffix: HashTrie.fromPacked(p.suffix), prefix: HashTrie.fromPacked(p.prefix) };
}

/** `wordRow` mark of the padding words, which have no affix features and a shape of their own. */
const PAD_ROW = -2;
const PADS = [PAD_START, PAD_END];

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

/**
 * Call `f` with each weight line of `text`: the key is `text[keyStart,
 * keyEnd)`, `v` the class weights (reused between calls).
 */
function eachWeight(text: string, scale: number, f: (keyStart: number, keyEnd: number, v: Float32Array) => void): void {
  const inv = 1 / (scale || 1);
  const v = new Float32Array(NCLASS);
  let i = 0;
  while (i < text.length) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    const tab = text.lastIndexOf('\t', nl);
    if (tab > i) {
      // Comma-separated; a missing or unreadable weight is 0.
      let a = tab + 1;
      for (let k = 0; k < NCLASS; k++) {
        if (a > nl) {
          v[k] = 0;
          continue;
        }
        let b = text.indexOf(',', a);
        if (b < 0 || b > nl) b = nl;
        v[k] = numberAt(text, a, b) * inv;
        a = b + 1;
      }
      f(i, tab, v);
    }
    i = nl + 1;
  }
}

/** `Number(text.slice(a, b)) || 0`, without the slice for the usual plain integer (the load reads 70k of them). */
function numberAt(text: string, a: number, b: number): number {
  let k = a;
  const neg = text.charCodeAt(k) === 0x2d;
  if (neg) k++;
  if (k === b || b - k > 15) return Number(text.slice(a, b)) || 0;
  let x = 0;
  for (; k < b; k++) {
    const d = text.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return Number(text.slice(a, b)) || 0;
    x = x * 10 + d;
  }
  return neg ? -x : x;
}

/**
 * Class weights (O, B, I) to add to a tagger's weights, by feature key (the
 * keys of the weights file): what learning from annotations changed. A key
 * the weights lack is added; a word key makes that word known.
 */
export type WeightDelta = ReadonlyMap<string, ArrayLike<number>>;

/**
 * The delta as weight lines at `scale`, to append after the weights: the
 * tables add up every line they read, so a key in both ends up with the sum.
 */
function deltaLines(delta: WeightDelta, scale: number): string {
  const out: string[] = [];
  for (const [k, v] of delta) {
    if (k.length === 0 || k.includes('\t') || k.includes('\n')) continue;
    out.push(k + '\t' + (v[0] ?? 0) * scale + ',' + (v[1] ?? 0) * scale + ',' + (v[2] ?? 0) * scale);
  }
  return out.join('\n');
}

/** Feature key → class weights, from weight lines (keys met twice are summed, as the tables do). */
function featureMapOf(text: string, scale: number): Map<string, Float32Array> {
  const feats = new Map<string, Float32Array>();
  eachWeight(text, scale, (a, b, v) => {
    const k = text.slice(a, b);
    const old = feats.get(k);
    if (old) for (let c = 0; c < NCLASS; c++) old[c] += v[c]!;
    else feats.set(k, v.slice());
  });
  return feats;
}

function addRow(dst: Float32Array, o: number, rows: Float32Array, r: number): void {
  for (let i = 0; i < BLOCK; i++) dst[o + i] += rows[r + i]!;
}

/** Zeroed rows of {@link BLOCK} floats in one growable array. */
class RowStore {
  data = new Float32Array(BLOCK * 4096);
  size = 0;

  /** Offset of a new zeroed row (`data` may be replaced). */
  add(): number {
    if (this.size + BLOCK > this.data.length) {
      const d = new Float32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    const o = this.size;
    this.size += BLOCK;
    return o;
  }
}

/** Integers by trie node, grown as the trie grows (a plain array indexed by node ids would go sparse, and slow). */
class NodeInts {
  a: Int32Array;

  constructor(private readonly missing: number) {
    this.a = new Int32Array(1024).fill(missing);
  }

  get(node: number): number {
    return node < this.a.length ? this.a[node]! : this.missing;
  }

  set(node: number, v: number): void {
    if (node >= this.a.length) {
      const a = new Int32Array(Math.max(this.a.length * 2, node + 1)).fill(this.missing);
      a.set(this.a);
      this.a = a;
    }
    this.a[node] = v;
  }

  /** The values of nodes `[0, nodes)`. */
  toArray(nodes: number): Int32Array {
    const a = new Int32Array(nodes).fill(this.missing);
    a.set(this.a.subarray(0, Math.min(nodes, this.a.length)));
    return a;
  }
}

/** The lexicon flags (values of the `L` templates); a flag's id in the tables is its index here. */
const FLAG_NAMES = ['G', 'S', 'GS', 'T', 'PP', 'C', 'CN'];

/**
 * Build the tables straight from the weight lines: each (template, value)
 * key is one weight triple at one place of one row, so writing it there
 * gives the same floats as adding it to a zeroed part.
 */
function buildTables(text: string, scale: number, lex: Lexicons, feats: () => Map<string, Float32Array>): Tables {
  const store = new RowStore();
  const vocab = new HashTrie();
  const suffix = new HashTrie();
  const prefix = new HashTrie();
  const wordRow = new NodeInts(-1);
  const suffixRow = new NodeInts(-1);
  const prefixRow = new NodeInts(-1);
  const prefixNeighbourRow = new NodeInts(-1);
  const biasRow = new NodeInts(-1);
  /** By index in `FLAG_NAMES`. */
  const flagRowById = new NodeInts(-1);
  /** By shape index; the padding words' shapes after `SHAPES`. */
  const shapeRowById = new NodeInts(-1);

  const flagIds = new Map(FLAG_NAMES.map((f, i) => [f, i]));
  const shapeIds = new Map([...SHAPES, ...PADS].map((s, i) => [s, i]));
  const cps: number[] = [];
  // Where a value goes, given as text[a, b): a node or id (-1: nowhere).
  type Locate = (a: number, b: number) => number;
  const wordNode: Locate = (a, b) => {
    let node = 0;
    for (let k = a; k < b; k++) node = vocab.childOrAdd(node, text.charCodeAt(k));
    return node;
  };
  // Affix values of another length never equal a word's affix under that template (the features
  // take exactly that many code points), so they are left out.
  const affixNode =
    (trie: HashTrie, length: number, fromEnd: boolean): Locate =>
    (a, b) => {
      cps.length = 0;
      for (let k = a; k < b; k++) {
        const c = text.codePointAt(k)!;
        cps.push(c);
        if (c > 0xffff) k++;
      }
      if (cps.length !== length) return -1;
      if (fromEnd) cps.reverse();
      let node = 0;
      for (const c of cps) node = trie.childOrAdd(node, c);
      return node;
    };
  const named =
    (ids: Map<string, number>): Locate =>
    (a, b) =>
      ids.get(text.slice(a, b)) ?? -1;

  const targets = new Map<string, { locate: Locate; rows: NodeInts; at: number }>();
  const route = (templates: Templates, locate: Locate, rows: NodeInts): void => {
    for (const [template, at] of templates) targets.set(template, { locate, rows, at });
  };
  route(WORD, wordNode, wordRow);
  route(S1, affixNode(suffix, 1, true), suffixRow);
  route(S2, affixNode(suffix, 2, true), suffixRow);
  route(S3, affixNode(suffix, 3, true), suffixRow);
  route(P1, affixNode(prefix, 1, false), prefixRow);
  route(P2, affixNode(prefix, 2, false), prefixRow);
  route(P2_NEIGHBOUR, affixNode(prefix, 2, false), prefixNeighbourRow);
  route(BIAS, () => 0, biasRow);
  route(FLAG, named(flagIds), flagRowById);
  route(SHAPE, named(shapeIds), shapeRowById);

  eachWeight(text, scale, (start, end, v) => {
    // A template ends at the key's first colon (values may hold colons); the bias keys have none.
    let colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end) colon = end - 1;
    const target = targets.get(text.slice(start, colon + 1));
    if (!target) return;
    const id = target.locate(colon + 1, end);
    if (id < 0) return;
    let r = target.rows.get(id);
    if (r < 0) target.rows.set(id, (r = store.add()));
    // Added, not set: a learned delta's line adds to the shipped line of the same key (rows start at 0).
    const d = store.data;
    const o = r + target.at;
    d[o] += v[0]!;
    d[o + 1] += v[1]!;
    d[o + 2] += v[2]!;
  });

  // The unknown and the padding words have a row even without weights of their own.
  const special = [UNK, ...PADS].map((w) => {
    const node = walkAdd(vocab, w);
    if (wordRow.get(node) < 0) wordRow.set(node, store.add());
    return node;
  });
  // The bias is in every block: folded into the word rows, added after the word's own part as
  // it always was (float sums depend on their order; scores must not move).
  const bias = biasRow.get(0);
  if (bias >= 0) {
    for (let node = 0; node < vocab.nodeCount; node++) {
      const r = wordRow.get(node);
      if (r >= 0) addRow(store.data, r, store.data, bias);
    }
  }
  const unkRow = wordRow.get(special[0]!);

  const lexMask = new NodeInts(0);
  const lexicons: Array<[Set<string>, number]> = [
    [lex.given, IN_GIVEN],
    [lex.surnames, IN_SURNAMES],
    [lex.titles, IN_TITLES],
    [lex.postpositions, IN_POSTPOSITIONS],
    [lex.common, IN_COMMON],
  ];
  for (const [words, bit] of lexicons) {
    for (const w of words) {
      const node = walkAdd(vocab, w);
      lexMask.set(node, lexMask.get(node) | bit);
    }
  }
  // A combination of flags: their parts summed in feature order, as one part.
  const flagRow = new Int32Array(32).fill(-1);
  for (let mask = 1; mask < 32; mask++) {
    const r = (flagRow[mask] = store.add());
    for (const f of flagNames(mask)) {
      const fr = flagRowById.get(flagIds.get(f)!);
      if (fr >= 0) addRow(store.data, r, store.data, fr);
    }
  }

  // The padding words' blocks: word part with the bias, then their shape. referenceBlock adds
  // bias, word, shape at each position, the same floats: a sum of two terms does not depend on
  // their order, only longer sums do.
  const pads = new Float32Array(PADS.length * BLOCK);
  for (let p = 0; p < PADS.length; p++) {
    const node = special[1 + p]!;
    if (lexMask.get(node) !== 0) {
      // Lexicon flags of a padding word: not at the current position, so not a flag part. Never in
      // the shipped lexicons; the reference path stays right if it happens.
      pads.set(referenceBlockWith(PADS[p]!, lex, feats()), p * BLOCK);
    } else {
      pads.set(store.data.subarray(wordRow.get(node), wordRow.get(node) + BLOCK), p * BLOCK);
      const sr = shapeRowById.get(SHAPES.length + p);
      if (sr >= 0) addRow(pads, p * BLOCK, store.data, sr);
    }
    wordRow.set(node, PAD_ROW - p);
  }

  return {
    rows: store.data.slice(0, store.size),
    vocab,
    wordRow: wordRow.toArray(vocab.nodeCount),
    lexMask: Uint8Array.from(lexMask.toArray(vocab.nodeCount)),
    unkRow,
    flagRow,
    shapeRow: shapeRowById.toArray(SHAPES.length),
    suffix,
    suffixRow: suffixRow.toArray(suffix.nodeCount),
    prefix,
    prefixRow: prefixRow.toArray(prefix.nodeCount),
    prefixNeighbourRow: prefixNeighbourRow.toArray(prefix.nodeCount),
    pads,
  };
}

/** The node of `w` in `trie` by code unit, added when missing. */
function walkAdd(trie: HashTrie, w: string): number {
  let node = 0;
  for (let k = 0; k < w.length; k++) node = trie.childOrAdd(node, w.charCodeAt(k));
  return node;
}

const scratch: string[] = [];

function addFeats(feats: Map<string, Float32Array>, keys: string[], prefix: string, dst: Float32Array, off: number): void {
  for (const k of keys) {
    const v = feats.get(prefix + k);
    if (v) {
      dst[off] += v[0]!;
      dst[off + 1] += v[1]!;
      dst[off + 2] += v[2]!;
    }
  }
}

/**
 * The reference construction of a word's score block: every feature string
 * built and looked up. For the tests (and a padding word in a lexicon);
 * words go through {@link fillBlock}, which sums precomputed parts instead.
 */
export function referenceBlock(w: string): Float32Array {
  return shippedTagger().referenceBlock(w);
}

function referenceBlockWith(w: string, lex: Lexicons, feats: Map<string, Float32Array>): Float32Array {
  const b = new Float32Array(BLOCK);
  let known = w === PAD_START || w === PAD_END;
  for (let k = 0; !known && k < WORD_TEMPLATES.length; k++) known = feats.has(WORD_TEMPLATES[k] + w);
  scratch.length = 0;
  currentFeatures(w, lex, scratch, known);
  addFeats(feats, scratch, '', b, 0);
  scratch.length = 0;
  prevTagFeatures(w, lex, scratch, known);
  for (let t = 0; t < NCLASS; t++) addFeats(feats, scratch, 't' + t + '|', b, 3 + t * 3);
  const rels = [-1, -2, 1, 2];
  for (let r = 0; r < 4; r++) {
    scratch.length = 0;
    contextFeatures(w, rels[r]!, lex, scratch, known);
    addFeats(feats, scratch, '', b, 12 + r * 3);
  }
  return b;
}

// One comparison each: a second one, reached only by the rare surrogate, would be first met in
// optimised code and throw it away.
const isHigh = (c: number): boolean => (c & 0xfc00) === 0xd800;
const isLow = (c: number): boolean => (c & 0xfc00) === 0xdc00;

/**
 * Write the score block of the word `s[start, end)` to `dst[o, o + BLOCK)`.
 * Lengths and affixes are in code points as `Array.from` splits the word
 * (a lone surrogate is one), the shape's length as `cpLen` counts. Parts are
 * added in a fixed order (word with bias, shape, flags, s1, p1, s2, p2, s3,
 * neighbour p2): float sums depend on their order, and scores, hence
 * confidences, must not move between versions.
 */
function fillBlock(t: Tables, s: string, start: number, end: number, dst: Float32Array, o: number): void {
  let node = 0;
  for (let k = start; k < end && node >= 0; k++) node = t.vocab.child(node, s.charCodeAt(k));
  let row = t.unkRow;
  let mask = 0;
  if (node >= 0) {
    const r = t.wordRow[node]!;
    if (r <= PAD_ROW) {
      const p = (PAD_ROW - r) * BLOCK;
      dst.set(t.pads.subarray(p, p + BLOCK), o);
      return;
    }
    if (r >= 0) row = r;
    mask = t.lexMask[node]!;
  }
  const rows = t.rows;
  for (let i = 0; i < BLOCK; i++) dst[o + i] = rows[row + i]!;

  // n: code points as Array.from counts them; units: as cpLen does (low surrogates not counted).
  let n = end - start;
  let units = n;
  for (let k = start; k < end; k++) {
    if (!isLow(s.charCodeAt(k))) continue;
    units--;
    if (k > start && isHigh(s.charCodeAt(k - 1))) n--;
  }
  const shape = t.shapeRow[shapeIndex(end > start ? s.charCodeAt(start) : -1, units)]!;
  if (shape >= 0) addRow(dst, o, rows, shape);
  if (mask !== 0) addRow(dst, o, rows, t.flagRow[mask]!);
  if (n <= 1) return;

  let s1 = -1;
  let s2 = -1;
  let s3 = -1;
  node = 0;
  for (let d = 1, k = end; d <= 3 && d < n; d++) {
    let c = s.charCodeAt(--k);
    if (isLow(c) && k > start && isHigh(s.charCodeAt(k - 1))) c = ((s.charCodeAt(--k) - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
    node = t.suffix.child(node, c);
    if (node < 0) break;
    const r = t.suffixRow[node]!;
    if (d === 1) s1 = r;
    else if (d === 2) s2 = r;
    else s3 = r;
  }
  let p1 = -1;
  let p2 = -1;
  let p2n = -1;
  node = 0;
  for (let d = 1, k = start; d <= 2 && d < n; d++) {
    let c = s.charCodeAt(k++);
    if (isHigh(c) && k < end && isLow(s.charCodeAt(k))) c = ((c - 0xd800) << 10) + (s.charCodeAt(k++) - 0xdc00) + 0x10000;
    node = t.prefix.child(node, c);
    if (node < 0) break;
    if (d === 1) p1 = t.prefixRow[node]!;
    else {
      p2 = t.prefixRow[node]!;
      if (n > 3) p2n = t.prefixNeighbourRow[node]!;
    }
  }
  // Only the positions each affix's templates feed: the rest of its row is zero.
  if (s1 >= 0) addAt(dst, o, rows, s1, S1_AT);
  if (p1 >= 0) addAt(dst, o, rows, p1, P1_AT);
  if (s2 >= 0) addAt(dst, o, rows, s2, S2_AT);
  if (p2 >= 0) addAt(dst, o, rows, p2, P2_AT);
  if (s3 >= 0) addAt(dst, o, rows, s3, S3_AT);
  if (p2n >= 0) addAt(dst, o, rows, p2n, P2_NEIGHBOUR_AT);
}

/** Add the class weights at positions `ats` of row `r` to the block at `dst[o]`. */
function addAt(dst: Float32Array, o: number, rows: Float32Array, r: number, ats: number[]): void {
  for (let i = 0; i < ats.length; i++) {
    const at = ats[i]!;
    dst[o + at] += rows[r + at]!;
    dst[o + at + 1] += rows[r + at + 1]!;
    dst[o + at + 2] += rows[r + at + 2]!;
  }
}

/** Word-cache size bound: all of it is dropped once the table holds this many code units. */
const WORD_CACHE_UNITS = 4_000_000;

/**
 * A PERSON tagger: weights (the shipped ones, or others with a learned
 * {@link WeightDelta} added) compiled into score tables, plus its per-word
 * score cache.
 *
 * Word interning for inference: word id → offset of that word's block in
 * `pool`, 0 while it has none (offsets 0 and BLOCK hold the padding words'
 * blocks, written when the pool is empty). One pool instead of an array
 * object per word: fewer allocations on a first pass, and the decoder reads
 * one typed array. Bounded by `WORD_CACHE_UNITS`.
 */
export class Tagger {
  /** The lexicons the features test (normalised words). */
  readonly lexicons: Lexicons;
  private readonly tables: Tables;
  private readonly weightsFile: TaggerWeights;
  private readonly delta: WeightDelta | undefined;
  /** The weight lines (with the delta's): read only to build the tables or the feature map. */
  private textCache: string | undefined;
  private readonly scale: number;
  /** Feature → class weights, for the reference path only (built on first use: the tables do not need it). */
  private featureMap: Map<string, Float32Array> | null = null;
  private words = new WordTable();
  // Small at first, as every scratch of the tagger: the growth paths then run in the first
  // paragraphs, while the code still collects type feedback (a path first taken in optimised code
  // throws that code away).
  private slotOf = new Int32Array(64);
  private pool = new Float32Array(BLOCK * 64);
  private poolUsed = 0;

  /**
   * `packed`: these weights' tables as {@link Tagger.packedTables} gave them, computed at build
   * time for the shipped weights (see `shippedData.ts`); built here from the weight lines otherwise.
   */
  constructor(weights: TaggerWeights, delta?: WeightDelta, packed?: PackedTaggerTables) {
    this.weightsFile = weights;
    this.lexicons = lexiconsFrom(weights);
    this.scale = weights.scale;
    this.delta = delta && delta.size > 0 ? delta : undefined;
    this.tables = packed && !this.delta ? unpackTables(packed) : buildTables(this.text, this.scale, this.lexicons, () => this.features());
  }

  private get text(): string {
    if (this.textCache === undefined) {
      const base = this.weightsFile.weights ?? '';
      this.textCache = this.delta ? base + '\n' + deltaLines(this.delta, this.weightsFile.scale || 1) : base;
    }
    return this.textCache;
  }

  /** The compiled tables as plain data (build time: `scripts/pack-data.ts`). */
  packedTables(): PackedTaggerTables {
    const t = this.tables;
    return { ...t, vocab: t.vocab.toPacked(), suffix: t.suffix.toPacked(), prefix: t.prefix.toPacked() };
  }

  /**
   * A tagger over the same weights file with `delta` added and `extra` words
   * added to its lexicons (this one's own delta and additions, if any, left out).
   */
  withDelta(delta: WeightDelta, extra?: Partial<Record<'given' | 'surnames' | 'titles', Iterable<string>>>): Tagger {
    let w = this.weightsFile;
    if (extra) {
      const add = (lines: string, words: Iterable<string> | undefined): string => {
        const more = words ? [...words].filter((x) => x.length > 0 && !x.includes('\n')) : [];
        return more.length ? (lines ? lines + '\n' : '') + more.join('\n') : lines;
      };
      w = { ...w, given: add(w.given, extra.given), surnames: add(w.surnames, extra.surnames), titles: add(w.titles, extra.titles) };
    }
    return new Tagger(w, delta);
  }

  private features(): Map<string, Float32Array> {
    return (this.featureMap ??= featureMapOf(this.text, this.scale));
  }

  /** The class weights (O, B, I) of a feature key, or undefined when it has none. Not for hot paths. */
  weight(key: string): Float32Array | undefined {
    return this.features().get(key);
  }

  /** Every feature key with weights (not for hot paths). */
  featureKeys(): IterableIterator<string> {
    return this.features().keys();
  }

  /** True when `w` (normalised) has weights of its own; other words share the unknown word's. */
  isKnown(w: string): boolean {
    if (w === PAD_START || w === PAD_END) return true;
    const t = this.tables;
    let node = 0;
    for (let k = 0; k < w.length && node >= 0; k++) node = t.vocab.child(node, w.charCodeAt(k));
    if (node < 0) return false;
    const r = t.wordRow[node]!;
    return r >= 0 || r <= PAD_ROW;
  }

  /** Changes whenever word ids are given out afresh (the word cache was dropped): see {@link Tagger.tag}'s `ids`. */
  get wordEpoch(): number {
    return this.epoch;
  }
  private epoch = 0;

  /** Drop cached per-word scores (tests; timing a first pass). The compiled tables stay. */
  clearCache(): void {
    this.epoch++;
    this.words = new WordTable();
    this.slotOf = new Int32Array(64);
    this.pool = new Float32Array(BLOCK * 64);
    this.poolUsed = 0;
  }

  /**
   * Tag PERSON names in a normalised string (or a slice of one, e.g. a
   * sentence); tokens are from `tokenize()` and are computed when omitted.
   * Deterministic; never throws for any string.
   *
   * `ids`, when given (at least as long as the tokens), receives each token's word id: equal
   * words get equal ids, dense from 0, for callers that keep their own per-word data in arrays
   * by id. Ids hold while {@link wordEpoch} stays the same.
   */
  tag(norm: string, tokens?: Token[], ids?: Int32Array): TaggedName[] {
    const toks = tokens ?? tokenize(norm);
    const n = toks.length;
    const out: TaggedName[] = [];
    if (n === 0) return out;
    // The cache is bounded before this call's words are interned, so the ids given out stay valid after it.
    if (this.words.storedUnits > WORD_CACHE_UNITS) this.clearCache();
    const tables = this.tables;
    if (this.poolUsed === 0) {
      this.pool.set(tables.pads, 0);
      this.poolUsed = 2 * BLOCK;
    }
    const words = this.words;
    let slotOf = this.slotOf;
    let pool = this.pool;
    let poolUsed = this.poolUsed;
    // Offset of each token's block in the pool (scratch shared by every call: one paragraph at a time).
    if (atScratch.length < n) atScratch = new Int32Array(Math.max(n, atScratch.length * 2));
    const at = atScratch;
    for (let i = 0; i < n; i++) {
      const t = toks[i]!;
      // Intern the word in place: no string is made for it.
      const id = words.intern(norm, t.start, t.end);
      if (ids) ids[i] = id;
      if (id >= slotOf.length) {
        const grown = new Int32Array(Math.max(slotOf.length * 2, id + 1));
        grown.set(slotOf);
        slotOf = grown;
      }
      let o = slotOf[id]!;
      if (o === 0) {
        if (poolUsed + BLOCK > pool.length) {
          const grown = new Float32Array(pool.length * 2);
          grown.set(pool);
          pool = grown;
        }
        o = poolUsed;
        poolUsed += BLOCK;
        fillBlock(tables, norm, t.start, t.end, pool, o);
        slotOf[id] = o;
      }
      at[i] = o;
    }
    this.slotOf = slotOf;
    this.pool = pool;
    this.poolUsed = poolUsed;
    return decode(pool, at, toks, out);
  }

  /**
   * The reference construction of a word's score block: every feature string
   * built and looked up (see the free function {@link referenceBlock}).
   */
  referenceBlock(w: string): Float32Array {
    return referenceBlockWith(w, this.lexicons, this.features());
  }

  /** The fast score block of one word (for tests comparing it with {@link Tagger.referenceBlock}). */
  block(w: string): Float32Array {
    const b = new Float32Array(BLOCK);
    fillBlock(this.tables, w, 0, w.length, b, 0);
    return b;
  }
}

let shipped: Tagger | null = null;

/** The weights shipped in `server/data/tagger/person.json`. */
export function shippedWeights(): TaggerWeights {
  return shippedTaggerWeights();
}

/** The tagger with the shipped weights, built on first use and shared (its tables computed at build time when bundled). */
export function shippedTagger(): Tagger {
  return (shipped ??= new Tagger(shippedTaggerWeights(), undefined, shippedData()?.tagger.tables));
}

/** The name lexicons shipped with the tagger (normalised words). */
export function loadLexicons(): { given: Set<string>; surnames: Set<string>; titles: Set<string> } {
  const lex = shippedTagger().lexicons;
  return { given: new Set(lex.given), surnames: new Set(lex.surnames), titles: new Set(lex.titles) };
}

/**
 * Drop the shipped tagger's cached per-word scores (tests; timing a first
 * pass). The model's precomputed tables stay: they depend only on the weights.
 */
export function clearTaggerCache(): void {
  shippedTagger().clearCache();
}

/** {@link Tagger.tag} with the shipped weights. */
export function tagPersons(norm: string, tokens?: Token[]): TaggedName[] {
  return shippedTagger().tag(norm, tokens);
}

/** Each token's block offset, for {@link Tagger.tag} (grown as needed). */
let atScratch = new Int32Array(16);

/** Viterbi scratch, grown as needed: forward and backward scores, back pointers, tags, forced tokens. */
let fwd = new Float64Array(NCLASS * 16);
let bwd = new Float64Array(NCLASS * 16);
let back = new Int8Array(NCLASS * 16);
let tagsOf = new Int8Array(16);
let forced = new Uint8Array(16);

const NEG = -1e30;

/**
 * Viterbi decoding over (previous tag, tag) with `I` never after `O` and
 * numbers and punctuation always `O`, then, only in the stretches between
 * such tokens that hold a name (every path passes a forced `O` there, so the
 * stretches are independent), a max-product backward pass for each name
 * token's max-marginal margin: the best path's score minus the best path that
 * gives the token another tag. A span's score is the sigmoid of its smallest
 * margin (and of the margin against continuing it over the next token), so a
 * name that barely beat another reading scores near 0.5.
 */
function decode(P: Float32Array, at: Int32Array, toks: readonly Token[], out: TaggedName[]): TaggedName[] {
  const n = toks.length;
  if (fwd.length < n * NCLASS) {
    const size = Math.max(n * NCLASS, fwd.length * 2);
    fwd = new Float64Array(size);
    bwd = new Float64Array(size);
    back = new Int8Array(size);
    tagsOf = new Int8Array(size / NCLASS);
    forced = new Uint8Array(size / NCLASS);
  }
  // Forward. Before the first token the previous tag is O.
  let f0 = 0;
  let f1 = NEG;
  let f2 = NEG;
  for (let i = 0; i < n; i++) {
    const o = i * NCLASS;
    if (isForcedOutside(toks[i]!.kind)) {
      forced[i] = 1;
      let best = f0;
      let arg = O;
      if (f1 > best) {
        best = f1;
        arg = B;
      }
      if (f2 > best) {
        best = f2;
        arg = I;
      }
      fwd[o] = f0 = best;
      fwd[o + 1] = f1 = NEG;
      fwd[o + 2] = f2 = NEG;
      back[o] = arg;
      continue;
    }
    forced[i] = 0;
    const c = at[i]!;
    const p1 = i >= 1 ? at[i - 1]! : 0;
    const p2 = i >= 2 ? at[i - 2]! : 0;
    const n1 = i + 1 < n ? at[i + 1]! : BLOCK;
    const n2 = i + 2 < n ? at[i + 2]! : BLOCK;
    const t = c + 3; // previous-tag part: t + prev * 3 + k
    let g0 = NEG;
    let g1 = NEG;
    let g2 = NEG;
    for (let k = 0; k < NCLASS; k++) {
      const st = P[c + k]! + P[p1 + 12 + k]! + P[p2 + 15 + k]! + P[n1 + 18 + k]! + P[n2 + 21 + k]!;
      let best = k === I ? NEG : f0 + P[t + k]!;
      let arg = O;
      if (f1 > NEG) {
        const v = f1 + P[t + 3 + k]!;
        if (v > best) {
          best = v;
          arg = B;
        }
      }
      if (f2 > NEG) {
        const v = f2 + P[t + 6 + k]!;
        if (v > best) {
          best = v;
          arg = I;
        }
      }
      const v = best <= NEG ? NEG : best + st;
      fwd[o + k] = v;
      back[o + k] = arg;
      if (k === 0) g0 = v;
      else if (k === 1) g1 = v;
      else g2 = v;
    }
    f0 = g0;
    f1 = g1;
    f2 = g2;
  }
  // Every comparison made on every call: one first made after the code was optimised (a
  // paragraph ending inside a name is rare) would throw that code away.
  const bOverO = f1 > f0;
  const bOverI = f1 >= f2;
  const iOverO = f2 > f0;
  const iOverB = f2 > f1;
  let last = bOverO && bOverI ? B : iOverO && iOverB ? I : O;
  let any = false;
  for (let i = n - 1; i >= 0; i--) {
    tagsOf[i] = last;
    if (last !== O) any = true;
    last = back[i * NCLASS + last]!;
  }
  if (!any) return out;
  // Backward, stretch by stretch, where a name was found.
  for (let a = 0; a < n; ) {
    if (forced[a]) {
      a++;
      continue;
    }
    let b = a;
    let named = false;
    while (b < n && !forced[b]) {
      if (tagsOf[b] !== O) named = true;
      b++;
    }
    if (named) backward(P, at, n, a, b);
    a = b;
  }
  let i = 0;
  while (i < n) {
    if (tagsOf[i] === O) {
      i++;
      continue;
    }
    const first = i;
    let m = margin(i, tagsOf[i]!, -1);
    i++;
    while (i < n && tagsOf[i] === I) {
      m = Math.min(m, margin(i, I, -1));
      i++;
    }
    if (i < n && !forced[i]) m = Math.min(m, margin(i, tagsOf[i]!, I));
    out.push({ start: toks[first]!.start, end: toks[i - 1]!.end, score: 1 / (1 + Math.exp(-m)), firstToken: first, endToken: i });
  }
  return out;
}

/**
 * Max-product backward scores over the stretch `[a, b)` of unforced tokens (what lies beyond
 * adds the same to every path through it): `bwd[i][k]` is the best score of tokens after `i`
 * given tag `k` at `i`.
 */
function backward(P: Float32Array, at: Int32Array, n: number, a: number, b: number): void {
  const e = (b - 1) * NCLASS;
  bwd[e] = bwd[e + 1] = bwd[e + 2] = 0;
  for (let i = b - 2; i >= a; i--) {
    const j = i + 1;
    const c = at[j]!;
    const p1 = at[i]!;
    const p2 = j >= 2 ? at[j - 2]! : 0;
    const n1 = j + 1 < n ? at[j + 1]! : BLOCK;
    const n2 = j + 2 < n ? at[j + 2]! : BLOCK;
    const t = c + 3;
    const o = i * NCLASS;
    const on = j * NCLASS;
    const s0 = P[c]! + P[p1 + 12]! + P[p2 + 15]! + P[n1 + 18]! + P[n2 + 21]! + bwd[on]!;
    const s1 = P[c + 1]! + P[p1 + 13]! + P[p2 + 16]! + P[n1 + 19]! + P[n2 + 22]! + bwd[on + 1]!;
    const s2 = P[c + 2]! + P[p1 + 14]! + P[p2 + 17]! + P[n1 + 20]! + P[n2 + 23]! + bwd[on + 2]!;
    for (let k = 0; k < NCLASS; k++) {
      const r = t + k * 3; // tag k at i is the previous tag at j
      let best = s0 + P[r]!;
      const v1 = s1 + P[r + 1]!;
      if (v1 > best) best = v1;
      if (k !== O) {
        const v2 = s2 + P[r + 2]!;
        if (v2 > best) best = v2;
      }
      bwd[o + k] = best;
    }
  }
}

/** Margin of tag `k` at token `i` against the best other tag (or against tag `only` when given). */
function margin(i: number, k: number, only: number): number {
  const o = i * NCLASS;
  const mine = fwd[o + k]! + bwd[o + k]!;
  let other = NEG;
  for (let j = 0; j < NCLASS; j++) {
    if (j === k || (only >= 0 && j !== only)) continue;
    const v = fwd[o + j]! + bwd[o + j]!;
    if (v > other) other = v;
  }
  return mine - other;
}

/** The fast score block of one word (for tests comparing it with {@link referenceBlock}). */
export function blockForTest(w: string): Float32Array {
  return shippedTagger().block(w);
}
