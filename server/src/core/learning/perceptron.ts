/**
 * Online updates of the PERSON tagger's averaged perceptron, over the
 * tagger's own feature extraction (`currentFeatures`, `contextFeatures`,
 * `prevTagFeatures` in `../tagger.ts`), so a change of features there
 * carries over here.
 *
 * What is learned is a delta over fixed base weights. Each call to
 * {@link OnlinePerceptron.train} is one batch: greedy decoding as the tagger
 * does, an update of ±`rate` wherever a token with a known gold tag is
 * mistaken, several shuffled epochs, and the batch's weights averaged over
 * its steps before they are committed. Averaging per batch instead of over
 * the whole history lets a correction count at once (a document corrected
 * late in a long session is not drowned by the earlier ones) while still
 * damping updates that flip back and forth.
 *
 * Words the base does not know share the unknown word's weights. A word
 * involved in an update (the token or one of its ±2 neighbours) first gets
 * keys of its own, which start as a copy of the unknown word's: scores do not
 * move when it does, and its update stays its own instead of moving every
 * unknown word.
 *
 * Committed weights are integers in units of `1 / UNITS`, so a model saved
 * and loaded again gives bit-identical scores.
 */
import { B, I, NCLASS, O, UNK, WORD_TEMPLATES, isForcedOutside, prevTagFeatures, windowFeatures, type Lexicons, type Tagger } from '../tagger';
import type { TokenKind } from '../tokenize';

/** Committed weights are stored as integers: weight × UNITS. */
export const UNITS = 1000;

/** A paragraph to learn from: normalised words, their token kinds, and gold tags (`O`, `B`, `I`, or -1 where unknown). */
export interface Example {
  words: readonly string[];
  kinds: readonly TokenKind[];
  gold: ArrayLike<number>;
  /** Tokens the annotator decided on explicitly (inside a confirmed or rejected span): learned with a margin. */
  explicit?: ArrayLike<number>;
}

/**
 * Score margin an explicitly decided token must reach (a tagger confidence of
 * about 0.88): a correction then holds in other sentences, not only in the
 * one it was made in, where the perceptron alone would stop at the first
 * score that decodes right.
 */
export const MARGIN = 2;

export interface PerceptronState {
  /** Feature key → committed delta per class (O, B, I), integers in units of 1/{@link UNITS}. */
  weights: Map<string, Int32Array>;
  /** Words the base does not know that have keys of their own (starting from the unknown word's weights). */
  words: Set<string>;
}

export interface TrainOptions {
  epochs: number;
  /**
   * Commit the batch's weights averaged over its steps instead of the weights
   * it ended with. Averaging damps updates that flip back and forth, but
   * commits only part of a correction made late in the batch: too little, in
   * a test, to change the very sentence that was corrected.
   */
  average?: boolean;
  /** Update size, in weight units. */
  rate: number;
  /** Seed of the shuffle of the examples within the batch. */
  seed: number;
}

export interface TrainReport {
  /** Mistakes corrected (token updates), over all epochs. */
  updates: number;
  /** Tokens with a gold tag, per epoch. */
  tokens: number;
  /** Mistakes in the last epoch (0: the batch is learned). */
  lastEpochMistakes: number;
  /** Words that got keys of their own. */
  newWords: number;
}

/** In-batch state of one feature: current weights, running totals and the step of their last change. */
interface Row {
  w: Float64Array;
  tot: Float64Array;
  ts: Float64Array;
}

/**
 * An example's feature keys and the base's part of their scores, kept across
 * the passes of a batch: only learned weights change between passes, unless a
 * word gets keys of its own (the vocabulary version then differs).
 */
interface Encoded {
  version: number;
  /** Per token: the keys that do not involve the previous tag. */
  stat: string[][];
  /** Per token and previous tag: the previous-tag keys. */
  ptag: string[][][];
  /** Base (and learned-word start) scores: per token and class; per token, previous tag and class. */
  baseSt: Float64Array;
  basePt: Float64Array;
}

export class OnlinePerceptron {
  readonly weights: Map<string, Int32Array>;
  readonly words: Set<string>;
  /** Weights a learned word's keys start from (the unknown word's, per template), by key. */
  private readonly init = new Map<string, Float32Array>();
  private batch = new Map<string, Row>();
  /** Learned weights as scoring sees them: committed plus this batch's, by key. */
  private live = new Map<string, Float64Array>();
  private now = 0;
  /** Bumped when a word gets keys of its own: encodings made before are stale. */
  private vocab = 0;
  private readonly encoded = new WeakMap<Example, Encoded>();
  /** The lexicons the features test: the base's, or those with learned words added. */
  lexicons: Lexicons;

  constructor(
    private readonly base: Tagger,
    state?: PerceptronState,
    lexicons?: Lexicons,
  ) {
    this.lexicons = lexicons ?? base.lexicons;
    this.weights = state ? new Map([...state.weights].map(([k, v]) => [k, Int32Array.from(v)])) : new Map();
    this.words = new Set();
    for (const w of state?.words ?? []) this.addWord(w);
    this.rebuildLive();
  }

  private rebuildLive(): void {
    this.live = new Map();
    for (const [k, d] of this.weights) this.live.set(k, Float64Array.from(d, (x) => x / UNITS));
  }

  /** True when `w` has weights of its own (the base knows it, or learning gave it keys). */
  isKnown(w: string): boolean {
    return this.words.has(w) || this.base.isKnown(w);
  }

  private addWord(w: string): void {
    this.words.add(w);
    this.vocab++;
    for (const t of WORD_TEMPLATES) {
      const u = this.base.weight(t + UNK);
      this.init.set(t + w, u ? Float32Array.from(u) : new Float32Array(NCLASS));
    }
  }

  /** Learn a batch of examples. Deterministic for the same state, examples and options. */
  train(examples: readonly Example[], options: TrainOptions): TrainReport {
    this.batch = new Map();
    this.now = 0;
    const report: TrainReport = { updates: 0, tokens: 0, lastEpochMistakes: 0, newWords: 0 };
    const order = examples.map((_, i) => i);
    const random = rng(options.seed);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      let mistakes = 0;
      let tokens = 0;
      for (const k of order) {
        const r = this.pass(examples[k]!, options.rate);
        mistakes += r.mistakes;
        tokens += r.tokens;
        report.newWords += r.newWords;
      }
      report.updates += mistakes;
      report.tokens = tokens;
      report.lastEpochMistakes = mistakes;
      if (mistakes === 0) break; // nothing left to learn: further epochs change nothing
    }
    this.commit(options.average ?? false);
    return report;
  }

  /** The batch's weights (averaged over its steps, or as it ended) added to the committed ones, rounded to units. */
  private commit(average: boolean): void {
    const now = Math.max(1, this.now);
    for (const [k, r] of this.batch) {
      let d = this.weights.get(k);
      for (let c = 0; c < NCLASS; c++) {
        const w = average ? (r.tot[c]! + (this.now - r.ts[c]!) * r.w[c]!) / now : r.w[c]!;
        const q = Math.round(w * UNITS);
        if (q === 0) continue;
        if (!d) this.weights.set(k, (d = new Int32Array(NCLASS)));
        d[c] += q;
      }
      if (d && d[0] === 0 && d[1] === 0 && d[2] === 0) this.weights.delete(k);
    }
    this.batch = new Map();
    this.now = 0;
    this.rebuildLive();
    // A learned word whose keys carry nothing of their own scores exactly as the unknown word: drop it.
    for (const w of [...this.words]) {
      if (WORD_TEMPLATES.some((t) => this.weights.has(t + w))) continue;
      this.words.delete(w);
      for (const t of WORD_TEMPLATES) this.init.delete(t + w);
    }
  }

  /**
   * One pass over an example: Viterbi decoding as the tagger decodes (`I`
   * never after `O`, numbers and punctuation always `O`), then, where a token
   * with a gold tag got another tag or another previous tag, an update
   * towards the gold tag and previous tag and away from the decoded ones (a
   * structured perceptron, as the tagger was trained).
   */
  private pass(ex: Example, rate: number): { mistakes: number; tokens: number; newWords: number } {
    const n = ex.words.length;
    const stat: string[] = [];
    const ptag: string[] = [];
    const NEG = -1e30;
    let enc = this.encoded.get(ex);
    if (!enc || enc.version !== this.vocab) this.encoded.set(ex, (enc = this.encode(ex)));
    // Static scores per token and class, and previous-tag scores per token, previous tag and class.
    const st = Float64Array.from(enc.baseSt);
    const pt = Float64Array.from(enc.basePt);
    const live = this.live;
    if (live.size > 0) {
      for (let i = 0; i < n; i++) {
        for (const k of enc.stat[i]!) {
          const v = live.get(k);
          if (v) for (let c = 0; c < NCLASS; c++) st[i * NCLASS + c] += v[c]!;
        }
        for (let prev = 0; prev < NCLASS; prev++) {
          for (const k of enc.ptag[i]![prev]!) {
            const v = live.get(k);
            if (v) for (let c = 0; c < NCLASS; c++) pt[(i * NCLASS + prev) * NCLASS + c] += v[c]!;
          }
        }
      }
    }
    const edge = (i: number, prev: number, k: number): number => {
      if (isForcedOutside(ex.kinds[i]!)) return k === O ? 0 : NEG;
      if (k === I && prev === O) return NEG;
      return st[i * NCLASS + k]! + pt[(i * NCLASS + prev) * NCLASS + k]!;
    };
    const fwd = new Float64Array(n * NCLASS).fill(NEG);
    const back = new Int8Array(n * NCLASS);
    for (let k = 0; k < NCLASS; k++) fwd[k] = edge(0, O, k);
    for (let i = 1; i < n; i++) {
      for (let k = 0; k < NCLASS; k++) {
        let best = NEG;
        let arg = O;
        for (let prev = 0; prev < NCLASS; prev++) {
          const f = fwd[(i - 1) * NCLASS + prev]!;
          const e = edge(i, prev, k);
          if (f <= NEG || e <= NEG) continue;
          if (f + e > best) {
            best = f + e;
            arg = prev;
          }
        }
        fwd[i * NCLASS + k] = best;
        back[i * NCLASS + k] = arg;
      }
    }
    const tags = new Int8Array(n);
    let last = O;
    for (let k = 1; k < NCLASS; k++) if (n > 0 && fwd[(n - 1) * NCLASS + k]! > fwd[(n - 1) * NCLASS + last]!) last = k;
    for (let i = n - 1; i >= 0; i--) {
      tags[i] = last;
      last = back[i * NCLASS + last]!;
    }
    let mistakes = 0;
    let tokens = 0;
    let newWords = 0;
    const goldAt = (i: number): number => {
      const g = ex.gold[i]!;
      if (g < 0 || isForcedOutside(ex.kinds[i]!)) return g < 0 ? g : O;
      return g === I && (i === 0 || goldAt(i - 1) === O) ? B : g;
    };
    for (let i = 0; i < n; i++) {
      const g = goldAt(i);
      if (g < 0 || isForcedOutside(ex.kinds[i]!)) continue;
      this.now++;
      tokens++;
      const tag = tags[i]!;
      const pp = i === 0 ? O : tags[i - 1]!;
      const known = i === 0 ? O : goldAt(i - 1);
      const gp = known < 0 ? pp : known;
      let wrong = tag;
      if (g === tag && gp === pp) {
        if (!ex.explicit?.[i]) continue;
        // Right, but explicitly decided: the gold tag must win by MARGIN over the best other tag.
        let other = -1;
        let best = NEG;
        for (let k = 0; k < NCLASS; k++) {
          if (k === g) continue;
          const e = edge(i, pp, k);
          if (e > best) {
            best = e;
            other = k;
          }
        }
        if (other < 0 || edge(i, pp, g) - best >= MARGIN) continue;
        wrong = other;
      }
      mistakes++;
      const plus = this.updateKeys(ex, i, gp, stat, ptag);
      newWords += plus.newWords;
      const minus = this.updateKeys(ex, i, pp, stat, ptag);
      this.update(plus.keys, g, rate);
      this.update(minus.keys, wrong, -rate);
    }
    return { mistakes, tokens, newWords };
  }

  /**
   * The keys an update at token `i` changes: the word itself (alone and with
   * the previous tag) and, as a neighbour, each word of the ±2 window the
   * base does not know; never a common word, a postposition or a title (a
   * postposition's keys would move every name before it). Affixes, shapes,
   * lexicon flags, the bias and known neighbours fire all over any text, and the base estimated them on far more text than an
   * annotator corrects: in the learning benchmark, updating them cost up to
   * 0.12 PERSON F1 on unseen documents. Words the base does not know get keys
   * of their own first (score-neutral).
   */
  private updateKeys(ex: Example, i: number, prev: number, stat: string[], ptag: string[]): { keys: string[]; newWords: number } {
    const n = ex.words.length;
    const lex = this.lexicons;
    let newWords = 0;
    const words = new Set<string>();
    for (let j = Math.max(0, i - 2); j <= Math.min(n - 1, i + 2); j++) {
      const x = ex.words[j]!;
      if (isForcedOutside(ex.kinds[j]!) || lex.common.has(x) || lex.postpositions.has(x) || lex.titles.has(x)) continue;
      if (j !== i && this.base.isKnown(x)) continue;
      words.add(x);
    }
    for (const w of words) {
      if (this.isKnown(w)) continue;
      this.addWord(w);
      newWords++;
    }
    // The keys as the tagger's feature functions make them, with the words' own keys.
    this.features(ex, i, prev, stat, ptag);
    const keys: string[] = [];
    for (const k of [...stat, ...ptag]) {
      for (const t of WORD_TEMPLATES) {
        if (k.startsWith(t) && words.has(k.slice(t.length))) {
          keys.push(k);
          break;
        }
      }
    }
    return { keys, newWords };
  }

  /** Feature keys of token `i` (as the tagger computes them), the previous-tag ones for `prev`. */
  private features(ex: Example, i: number, prev: number, stat: string[], ptag: string[]): void {
    const lex = this.lexicons;
    const w = ex.words[i]!;
    stat.length = 0;
    windowFeatures(ex.words, i, lex, stat, (x) => this.isKnown(x));
    ptag.length = 0;
    prevTagFeatures(w, lex, ptag, this.isKnown(w));
    const p = 't' + prev + '|';
    for (let k = 0; k < ptag.length; k++) ptag[k] = p + ptag[k];
  }

  /** The keys of every token of `ex` and the base's part of their scores. */
  private encode(ex: Example): Encoded {
    const n = ex.words.length;
    const enc: Encoded = { version: this.vocab, stat: [], ptag: [], baseSt: new Float64Array(n * NCLASS), basePt: new Float64Array(n * NCLASS * NCLASS) };
    const add = (keys: readonly string[], dst: Float64Array, o: number): void => {
      for (const k of keys) {
        const b = this.base.weight(k) ?? this.init.get(k);
        if (b) for (let c = 0; c < NCLASS; c++) dst[o + c] += b[c]!;
      }
    };
    const stat: string[] = [];
    const ptag: string[] = [];
    for (let i = 0; i < n; i++) {
      if (isForcedOutside(ex.kinds[i]!)) {
        enc.stat.push([]);
        enc.ptag.push([[], [], []]);
        continue;
      }
      this.features(ex, i, O, stat, ptag);
      enc.stat.push(stat.slice());
      add(stat, enc.baseSt, i * NCLASS);
      const per: string[][] = [];
      for (let prev = 0; prev < NCLASS; prev++) {
        const keys = prev === O ? ptag.slice() : ptag.map((k) => 't' + prev + k.slice(2));
        per.push(keys);
        add(keys, enc.basePt, (i * NCLASS + prev) * NCLASS);
      }
      enc.ptag.push(per);
    }
    return enc;
  }

  private update(keys: readonly string[], c: number, by: number): void {
    for (const k of keys) {
      let r = this.batch.get(k);
      if (!r) this.batch.set(k, (r = { w: new Float64Array(NCLASS), tot: new Float64Array(NCLASS), ts: new Float64Array(NCLASS) }));
      r.tot[c] += (this.now - r.ts[c]!) * r.w[c]!;
      r.ts[c] = this.now;
      r.w[c] += by;
      let v = this.live.get(k);
      if (!v) this.live.set(k, (v = new Float64Array(NCLASS)));
      v[c] += by;
    }
  }

  /**
   * The learned delta for `new Tagger(weights, delta)`: committed weights,
   * and every key of a learned word with the unknown word's weights added.
   */
  delta(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const [k, d] of this.weights) out.set(k, Float32Array.from(d, (x) => x / UNITS));
    for (const [k, u] of this.init) {
      const v = out.get(k);
      if (v) for (let c = 0; c < NCLASS; c++) v[c] += u[c]!;
      else out.set(k, Float32Array.from(u));
    }
    return out;
  }

  /** A copy of the committed state. */
  state(): PerceptronState {
    return { weights: new Map([...this.weights].map(([k, v]) => [k, Int32Array.from(v)])), words: new Set(this.words) };
  }
}

/** Deterministic PRNG (mulberry32), the training script's. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
