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
import { B, I, NCLASS, O, PAD_END, PAD_START, UNK, WORD_TEMPLATES, contextFeatures, currentFeatures, isForcedOutside, prevTagFeatures, type Lexicons, type Tagger } from '../tagger';
import type { TokenKind } from '../tokenize';

/** Committed weights are stored as integers: weight × UNITS. */
export const UNITS = 1000;

/** A paragraph to learn from: normalised words, their token kinds, and gold tags (`O`, `B`, `I`, or -1 where unknown). */
export interface Example {
  words: readonly string[];
  kinds: readonly TokenKind[];
  gold: ArrayLike<number>;
}

export interface PerceptronState {
  /** Feature key → committed delta per class (O, B, I), integers in units of 1/{@link UNITS}. */
  weights: Map<string, Int32Array>;
  /** Words the base does not know that have keys of their own (starting from the unknown word's weights). */
  words: Set<string>;
}

export interface TrainOptions {
  epochs: number;
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

export class OnlinePerceptron {
  readonly weights: Map<string, Int32Array>;
  readonly words: Set<string>;
  /** Weights a learned word's keys start from (the unknown word's, per template), by key. */
  private readonly init = new Map<string, Float32Array>();
  private batch = new Map<string, Row>();
  private now = 0;
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
  }

  /** True when `w` has weights of its own (the base knows it, or learning gave it keys). */
  isKnown(w: string): boolean {
    return this.words.has(w) || this.base.isKnown(w);
  }

  private addWord(w: string): void {
    this.words.add(w);
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
    this.commit();
    return report;
  }

  /** The averaged batch weights added to the committed ones, rounded to units. */
  private commit(): void {
    const now = Math.max(1, this.now);
    for (const [k, r] of this.batch) {
      let d = this.weights.get(k);
      for (let c = 0; c < NCLASS; c++) {
        const avg = (r.tot[c]! + (this.now - r.ts[c]!) * r.w[c]!) / now;
        const q = Math.round(avg * UNITS);
        if (q === 0) continue;
        if (!d) this.weights.set(k, (d = new Int32Array(NCLASS)));
        d[c] += q;
      }
      if (d && d[0] === 0 && d[1] === 0 && d[2] === 0) this.weights.delete(k);
    }
    this.batch = new Map();
    this.now = 0;
    // A learned word whose keys carry nothing of their own scores exactly as the unknown word: drop it.
    for (const w of [...this.words]) {
      if (WORD_TEMPLATES.some((t) => this.weights.has(t + w))) continue;
      this.words.delete(w);
      for (const t of WORD_TEMPLATES) this.init.delete(t + w);
    }
  }

  /** One greedy pass over an example with updates where it is wrong. */
  private pass(ex: Example, rate: number): { mistakes: number; tokens: number; newWords: number } {
    const n = ex.words.length;
    const stat: string[] = [];
    const ptag: string[] = [];
    const sc = new Float64Array(NCLASS);
    let prev = O;
    let mistakes = 0;
    let tokens = 0;
    let newWords = 0;
    for (let i = 0; i < n; i++) {
      if (isForcedOutside(ex.kinds[i]!)) {
        prev = O;
        continue;
      }
      this.features(ex, i, prev, stat, ptag);
      sc.fill(0);
      this.addScores(stat, sc);
      this.addScores(ptag, sc);
      let tag = O;
      let best = -Infinity;
      for (let k = 0; k < NCLASS; k++) {
        if (k === I && prev === O) continue;
        if (sc[k]! > best) {
          best = sc[k]!;
          tag = k;
        }
      }
      let g = ex.gold[i]!;
      if (g >= 0) {
        this.now++;
        tokens++;
        if (g === I && prev === O) g = B;
        if (g !== tag) {
          mistakes++;
          const keys = this.updateKeys(ex, i, prev, stat, ptag);
          newWords += keys.newWords;
          this.update(keys.keys, g, rate);
          this.update(keys.keys, tag, -rate);
        }
      }
      prev = tag;
    }
    return { mistakes, tokens, newWords };
  }

  /**
   * The keys an update at token `i` changes: the word itself (alone and with
   * the previous tag) and, as a neighbour, each word of the ±2 window the
   * base does not know (nor lists as a common word, postposition or title).
   * Affixes, shapes, lexicon flags, the bias and known neighbours fire all
   * over any text, and the base estimated them on far more text than an
   * annotator corrects: in the learning benchmark, updating them cost up to
   * 0.12 PERSON F1 on unseen documents. Words the base does not know get keys
   * of their own first (score-neutral).
   */
  private updateKeys(ex: Example, i: number, prev: number, stat: string[], ptag: string[]): { keys: string[]; newWords: number } {
    const n = ex.words.length;
    const lex = this.lexicons;
    let newWords = 0;
    const words = new Set<string>([ex.words[i]!]);
    for (let j = Math.max(0, i - 2); j <= Math.min(n - 1, i + 2); j++) {
      const x = ex.words[j]!;
      if (j === i || isForcedOutside(ex.kinds[j]!) || this.base.isKnown(x) || lex.common.has(x) || lex.postpositions.has(x) || lex.titles.has(x)) continue;
      words.add(x);
    }
    for (const w of words) {
      if (this.isKnown(w)) continue;
      this.addWord(w);
      newWords++;
    }
    // The keys as the tagger's feature functions make them, now with the words' own keys.
    if (newWords > 0) this.features(ex, i, prev, stat, ptag);
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
    const n = ex.words.length;
    const lex = this.lexicons;
    const at = (j: number): string => (j < 0 ? PAD_START : j >= n ? PAD_END : ex.words[j]!);
    const kn = (j: number): boolean => j < 0 || j >= n || this.isKnown(ex.words[j]!);
    stat.length = 0;
    currentFeatures(at(i), lex, stat, kn(i));
    contextFeatures(at(i - 1), -1, lex, stat, kn(i - 1));
    contextFeatures(at(i - 2), -2, lex, stat, kn(i - 2));
    contextFeatures(at(i + 1), 1, lex, stat, kn(i + 1));
    contextFeatures(at(i + 2), 2, lex, stat, kn(i + 2));
    ptag.length = 0;
    prevTagFeatures(at(i), lex, ptag, kn(i));
    const p = 't' + prev + '|';
    for (let k = 0; k < ptag.length; k++) ptag[k] = p + ptag[k];
  }

  private addScores(keys: readonly string[], sc: Float64Array): void {
    for (const k of keys) {
      const b = this.base.weight(k) ?? this.init.get(k);
      if (b) {
        sc[0] += b[0]!;
        sc[1] += b[1]!;
        sc[2] += b[2]!;
      }
      const d = this.weights.get(k);
      if (d) {
        sc[0] += d[0]! / UNITS;
        sc[1] += d[1]! / UNITS;
        sc[2] += d[2]! / UNITS;
      }
      const r = this.batch.get(k);
      if (r) {
        sc[0] += r.w[0]!;
        sc[1] += r.w[1]!;
        sc[2] += r.w[2]!;
      }
    }
  }

  private update(keys: readonly string[], c: number, by: number): void {
    for (const k of keys) {
      let r = this.batch.get(k);
      if (!r) this.batch.set(k, (r = { w: new Float64Array(NCLASS), tot: new Float64Array(NCLASS), ts: new Float64Array(NCLASS) }));
      r.tot[c] += (this.now - r.ts[c]!) * r.w[c]!;
      r.ts[c] = this.now;
      r.w[c] += by;
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
