/**
 * Learning from annotated documents: confirmed spans are positives; rejected
 * suggestions and, in a finished (`done`) document, every token outside a
 * confirmed PERSON span are negatives. One call learns a batch (one finished
 * article in the editor, every input of `hindi-news learn`) and updates a
 * {@link LearnedModel}: the tagger's weights (see `perceptron.ts`), the names
 * the knowledge base did not know, and the rejections.
 *
 * Deterministic: the same model, documents and options give the same model.
 */
import { createHash } from 'node:crypto';
import { normalize, normalizeKey } from '../normalize';
import { B, I, O, type Lexicons, type Tagger } from '../tagger';
import { tokenize } from '../tokenize';
import type { EntityLabel } from '../types';
import { ANY_CONTEXT, contextKind } from './contextKind';
import { emptyModel, type LearnedModel, type LearnedName, type LearnedRejection } from './model';
import { extendLexicons, learnedLexiconWords } from './lexicon';
import { LearnedNameFinder } from './nameFinder';
import { OnlinePerceptron, type Example } from './perceptron';

/** A range of a document with a label; UTF-16 offsets into its text. */
export interface LabelledRange {
  start: number;
  end: number;
  label: string;
}

/** A document to learn from. */
export interface AnnotatedDocument {
  /** For messages only. */
  id?: string;
  /** The raw text. */
  text: string;
  /** Confirmed spans (tagged or accepted). */
  spans: readonly LabelledRange[];
  /** Suggestions the annotator rejected. */
  rejected?: readonly LabelledRange[];
  /**
   * What the recogniser suggested in the document, when known: a suggested
   * name the annotator confirmed without its first words teaches those words
   * as titles (`लॉर्ड मैकाले` confirmed as `मैकाले`).
   */
  suggested?: readonly LabelledRange[];
  /**
   * The document is finished (`done`): every entity in it is annotated, so
   * every other token is a negative. Otherwise only the spans and their
   * immediate neighbours teach.
   */
  complete: boolean;
  /**
   * Its spans and rejections were learned already, one by one as the
   * annotator made them (the editor): now only the tagger and titles learn
   * from the finished document, and nothing is counted twice.
   */
  counted?: boolean;
}

export interface LearnerOptions {
  /** Passes over a batch at most (fewer once it is learned). Default 5. */
  epochs?: number;
  /** Update size in weight units. Default 1. */
  rate?: number;
  /** True when the knowledge base already holds `key` (normalised) with `label`: such names are not learned. */
  kbKnows?: (key: string, label: EntityLabel) => boolean;
  /** Clock for `updated` (tests pass a fixed one). */
  now?: () => string;
}

export interface LearnReport {
  /** Finished documents learned in this batch. */
  documents: number;
  /** Documents skipped because the model has already learned them exactly. */
  skipped: number;
  /** Paragraphs the tagger learned from, and their tokens with a known tag. */
  paragraphs: number;
  tokens: number;
  /** Tagger updates (mistakes corrected) over all passes, and mistakes left in the last pass. */
  updates: number;
  mistakesLeft: number;
  /** Words that got weights of their own. */
  newWords: number;
  /** Confirmed spans per label. */
  spans: Record<string, number>;
  /** Names learned for the first time. */
  newNames: LearnedName[];
  /** Rejections learned. */
  rejections: number;
  /** Titles learned for the first time. */
  newTitles: string[];
  /** Wall-clock time of the batch. */
  ms: number;
}

/** Labels whose confirmed names become learned names (dates are the grammar's). */
const NAME_LABELS: ReadonlySet<string> = new Set(['PERSON', 'PARTY']);

export class Learner {
  private readonly perceptron: OnlinePerceptron;
  private readonly current: LearnedModel;
  private readonly epochs: number;
  private readonly rate: number;
  private readonly kbKnows: (key: string, label: EntityLabel) => boolean;
  private readonly now: () => string;

  /**
   * `base` is the tagger the delta is learned over (the shipped one, or
   * other base weights); `model` a model to go on learning (its delta must be
   * over the same base), otherwise learning starts from nothing with
   * `fingerprint` and `seed`.
   */
  constructor(
    private readonly base: Tagger,
    start: LearnedModel | { fingerprint: string; seed?: number },
    options: LearnerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date().toISOString());
    this.current = 'base' in start ? cloneModel(start) : emptyModel(start.fingerprint, start.seed ?? 1, this.now());
    this.perceptron = new OnlinePerceptron(base, this.current.tagger, extendLexicons(base.lexicons, learnedLexiconWords(this.current, base.lexicons)));
    this.epochs = options.epochs ?? 5;
    this.rate = options.rate ?? 1;
    this.kbKnows = options.kbKnows ?? (() => false);
  }

  /** A copy of the model as learned so far. */
  model(): LearnedModel {
    const st = this.perceptron.state();
    return cloneModel({ ...this.current, tagger: { weights: st.weights, words: st.words } });
  }

  /** The learned weight delta for `new Tagger(weights, delta)`. */
  delta(): Map<string, Float32Array> {
    return this.perceptron.delta();
  }

  /** Learn a batch of documents. */
  learn(docs: readonly AnnotatedDocument[]): LearnReport {
    const t0 = performance.now();
    const report: LearnReport = { documents: 0, skipped: 0, paragraphs: 0, tokens: 0, updates: 0, mistakesLeft: 0, newWords: 0, spans: {}, newNames: [], rejections: 0, newTitles: [], ms: 0 };
    const m = this.current;
    const seen = new Set(m.documents);
    const examples: Example[] = [];
    const finished: AnnotatedDocument[] = [];
    const names = new Map(m.names.map((n) => [n.key + '\u0000' + n.label, n]));
    const rejections = new Map(m.rejections.map((r) => [r.key + '\u0000' + r.label + '\u0000' + r.context, r]));
    const titles = new Map(m.titles.map((t) => [t.key, t]));
    for (const doc of docs) {
      let fp: string | undefined;
      if (doc.complete) {
        fp = fingerprint(doc);
        if (seen.has(fp)) {
          report.skipped++;
          continue;
        }
        seen.add(fp);
        m.documents.push(fp);
        report.documents++;
      }
      examples.push(...examplesOf(doc));
      for (const w of cutTitles(doc, this.base.lexicons, names)) {
        const t = titles.get(w.key);
        if (t) t.count++;
        else {
          titles.set(w.key, { key: w.key, text: w.text, count: 1 });
          report.newTitles.push(w.text);
        }
      }
      if (doc.complete) finished.push(doc);
      if (doc.counted) continue;
      this.countSpans(doc, names, rejections, report);
      for (const r of doc.rejected ?? []) {
        const text = doc.text.slice(r.start, r.end);
        const key = normalizeKey(text);
        if (!key) continue;
        const context = contextKind(doc.text, r.start, r.end, this.base.lexicons.titles);
        this.addRejection(rejections, key, text, r.label, context);
        report.rejections++;
      }
    }
    this.countMisses(finished, names);
    report.paragraphs = examples.length;
    m.names = [...names.values()];
    m.titles = [...titles.values()];
    this.perceptron.lexicons = extendLexicons(this.base.lexicons, learnedLexiconWords(m, this.base.lexicons));
    if (examples.length > 0) {
      const r = this.perceptron.train(examples, { epochs: this.epochs, rate: this.rate, seed: this.batchSeed() });
      report.updates = r.updates;
      report.tokens = r.tokens;
      report.mistakesLeft = r.lastEpochMistakes;
      report.newWords = r.newWords;
    }
    m.rejections = [...rejections.values()];
    m.stats.documents += report.documents;
    for (const [l, n] of Object.entries(report.spans)) m.stats.spans[l] = (m.stats.spans[l] ?? 0) + n;
    m.stats.rejections += report.rejections;
    m.stats.updates += report.updates;
    if (report.documents + report.paragraphs + report.rejections > 0) m.updated = this.now();
    report.ms = performance.now() - t0;
    return report;
  }

  /** Count a document's confirmed spans, and learn the names among them the knowledge base does not hold. */
  private countSpans(doc: AnnotatedDocument, names: Map<string, LearnedName>, rejections: Map<string, LearnedRejection>, report: LearnReport): void {
    for (const s of doc.spans) {
      report.spans[s.label] = (report.spans[s.label] ?? 0) + 1;
      if (rejections.size > 0) {
        // Confirmed where it was once rejected: evidence against the rejection there.
        const r = rejections.get(normalizeKey(doc.text.slice(s.start, s.end)) + '\u0000' + s.label + '\u0000' + contextKind(doc.text, s.start, s.end, this.base.lexicons.titles));
        if (r) r.confirmed = (r.confirmed ?? 0) + 1;
      }
      if (!NAME_LABELS.has(s.label)) continue;
      const text = doc.text.slice(s.start, s.end).trim();
      const key = normalizeKey(text);
      if (!isNameKey(key) || this.kbKnows(key, s.label as EntityLabel)) continue;
      const k = key + '\u0000' + s.label;
      const n = names.get(k);
      if (n) n.count++;
      else {
        const fresh: LearnedName = { key, text, label: s.label as EntityLabel, count: 1 };
        names.set(k, fresh);
        report.newNames.push(fresh);
      }
    }
  }

  /**
   * In a finished document, every place a learned name (of the batch's
   * end) would be suggested that no confirmed span of its label overlaps is
   * a miss: the annotator saw it and left it untagged.
   */
  private countMisses(docs: readonly AnnotatedDocument[], names: Map<string, LearnedName>): void {
    if (names.size === 0 || docs.length === 0) return;
    const finder = new LearnedNameFinder([...names.values()], this.base.lexicons);
    for (const doc of docs) {
      const t = normalize(doc.text);
      for (const m of finder.find(t, tokenize(t.norm))) {
        const start = t.toRaw[m.start]!;
        const end = t.toRaw[m.end]!;
        if (doc.spans.some((s) => s.label === m.name.label && s.start < end && s.end > start)) continue;
        m.name.misses = (m.name.misses ?? 0) + 1;
      }
    }
  }

  /** Reject every mention of `text` as `label`, in every context ("reject every mention"). */
  rejectEverywhere(text: string, label: string): void {
    const key = normalizeKey(text);
    if (!key) return;
    const m = this.current;
    const rejections = new Map(m.rejections.map((r) => [r.key + '\u0000' + r.label + '\u0000' + r.context, r]));
    this.addRejection(rejections, key, text, label, ANY_CONTEXT);
    m.rejections = [...rejections.values()];
    m.stats.rejections++;
    m.updated = this.now();
  }

  /**
   * Forget one confirmation of a learned name (the annotator removed the tag
   * or changed its label): its count goes down, and the name goes at zero.
   */
  forgetName(text: string, label: string): boolean {
    return this.decrement(this.current.names, normalizeKey(text), label, undefined);
  }

  /** Forget one rejection (the annotator restored the suggestion); `context` undefined: any context. */
  forgetRejection(text: string, label: string, context?: string): boolean {
    return this.decrement(this.current.rejections, normalizeKey(text), label, context);
  }

  private decrement(list: Array<{ key: string; label: string; count: number; context?: string }>, key: string, label: string, context: string | undefined): boolean {
    const i = list.findIndex((x) => x.key === key && x.label === label && (context === undefined || x.context === context));
    if (i < 0) return false;
    const x = list[i]!;
    if (--x.count <= 0) list.splice(i, 1);
    this.current.updated = this.now();
    return true;
  }

  private addRejection(map: Map<string, LearnedRejection>, key: string, text: string, label: string, context: string): void {
    const k = key + '\u0000' + label + '\u0000' + context;
    const r = map.get(k);
    if (r) r.count++;
    else map.set(k, { key, text, label, context, count: 1 });
  }

  /** A batch's shuffle seed: the model's seed and how much it has learned, so a replay gives the same model. */
  private batchSeed(): number {
    const s = this.current.stats;
    let spans = 0;
    for (const v of Object.values(s.spans)) spans += v;
    return (Math.imul(this.current.seed, 0x9e3779b1) + Math.imul(s.documents + 1, 7919) + Math.imul(spans, 104729) + s.rejections) >>> 0;
  }
}

/**
 * Words the annotator cut off the front of a suggested name: a PERSON
 * suggestion confirmed from a later word to the same end, the words between
 * inside no confirmed span. Words of names the annotator confirmed are never
 * titles; words of the shipped name lists can be (HiNER tags `लॉर्ड माउंटबेटन`
 * whole, so `लॉर्ड` is in its given names).
 */
function cutTitles(doc: AnnotatedDocument, lex: Lexicons, names: ReadonlyMap<string, LearnedName>): Array<{ key: string; text: string }> {
  const out: Array<{ key: string; text: string }> = [];
  if (!doc.suggested) return out;
  const nameWords = new Set<string>();
  for (const n of names.values()) if (n.label === 'PERSON') for (const w of n.key.split(' ')) nameWords.add(w);
  for (const s of doc.suggested) {
    if (s.label !== 'PERSON') continue;
    const g = doc.spans.find((c) => c.label === 'PERSON' && c.end === s.end && c.start > s.start);
    if (!g || doc.spans.some((c) => c !== g && c.start < g.start && c.end > s.start)) continue;
    for (const part of doc.text.slice(s.start, g.start).split(/\s+/)) {
      const text = part.replace(/\.$/, '');
      const key = normalizeKey(text);
      if (!/^[\p{L}\p{M}]{2,}$/u.test(key) || lex.postpositions.has(key) || nameWords.has(key)) continue;
      out.push({ key, text });
    }
  }
  return out;
}

/** A name worth matching: two code units or more, with a letter. */
function isNameKey(key: string): boolean {
  return key.length >= 2 && /[\p{L}]/u.test(key) && !key.includes('\n');
}

/**
 * `sha256:` and 16 hex digits of a document's text and confirmed spans: the
 * same finished document, whatever was suggested or rejected on the way.
 */
export function fingerprint(doc: AnnotatedDocument): string {
  const h = createHash('sha256').update(doc.text, 'utf8');
  const ranges = (xs: readonly LabelledRange[] | undefined): string =>
    (xs ?? [])
      .map((s) => `${s.start}:${s.end}:${s.label}`)
      .sort()
      .join(',');
  h.update('\u0000' + ranges(doc.spans));
  return 'sha256:' + h.digest('hex').slice(0, 16);
}

/**
 * The tagger's training examples in a document: one per paragraph (the
 * unit the recogniser tags), with gold tags where the annotations say them.
 * As in training, a name split by punctuation (`मो . इरफान`) is two tagger
 * names: punctuation is never inside one.
 */
export function examplesOf(doc: AnnotatedDocument): Example[] {
  const out: Example[] = [];
  const text = doc.text;
  const persons = doc.spans.filter((s) => s.label === 'PERSON').sort((a, b) => a.start - b.start);
  const others = doc.spans.filter((s) => s.label !== 'PERSON');
  const negatives = (doc.rejected ?? []).filter((s) => s.label === 'PERSON');
  let offset = 0;
  while (offset <= text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl < 0) nl = text.length;
    const end = nl;
    const inside = (s: LabelledRange): boolean => s.start < end && s.end > offset;
    const pp = persons.filter(inside);
    const oo = others.filter(inside);
    const nn = negatives.filter(inside);
    if (end > offset && (doc.complete || pp.length + oo.length + nn.length > 0)) {
      const ex = exampleOf(text.slice(offset, end), offset, pp, oo, nn, doc.complete);
      if (ex) out.push(ex);
    }
    offset = nl + 1;
  }
  return out;
}

function exampleOf(para: string, offset: number, persons: LabelledRange[], others: LabelledRange[], negatives: LabelledRange[], complete: boolean): Example | undefined {
  const t = normalize(para);
  const tokens = tokenize(t.norm);
  const n = tokens.length;
  if (n === 0) return undefined;
  const raw = (i: number): [number, number] => [t.toRaw[tokens[i]!.start]! + offset, t.toRaw[tokens[i]!.end]! + offset];
  const gold = new Int8Array(n).fill(complete ? O : -1);
  const within = (i: number, s: LabelledRange): boolean => {
    const [a, b] = raw(i);
    return a >= s.start && b <= s.end;
  };
  const overlaps = (i: number, s: LabelledRange): boolean => {
    const [a, b] = raw(i);
    return a < s.end && b > s.start;
  };
  const explicit = new Uint8Array(n);
  for (const s of [...others, ...negatives]) {
    for (let i = 0; i < n; i++) {
      if (!overlaps(i, s)) continue;
      gold[i] = O;
      if (negatives.includes(s)) explicit[i] = 1;
    }
  }
  const member = new Uint8Array(n);
  for (const s of persons) {
    let first = -1;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (!within(i, s)) continue;
      member[i] = 1;
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0) continue;
    for (let i = first; i <= last; i++) explicit[i] = 1;
    // A confirmed name's neighbours are outside it; outside any name unless another span says so.
    if (first > 0 && gold[first - 1] === -1) gold[first - 1] = O;
    if (last + 1 < n && gold[last + 1] === -1) gold[last + 1] = O;
  }
  for (let i = 0; i < n; i++) {
    if (!member[i]) continue;
    const kind = tokens[i]!.kind;
    if (kind === 'punct' || kind === 'num') gold[i] = O;
    else gold[i] = i > 0 && member[i - 1] && gold[i - 1] !== O ? I : B;
  }
  // Member tokens of two adjacent names would read as one; a new name starts where a new span starts.
  for (const s of persons) {
    for (let i = 0; i < n; i++) {
      if (within(i, s) && gold[i] !== O) {
        gold[i] = B;
        break;
      }
    }
  }
  if (!complete && !gold.some((g) => g >= 0)) return undefined;
  return { words: tokens.map((k) => t.norm.slice(k.start, k.end)), kinds: tokens.map((k) => k.kind), gold, explicit };
}

function cloneModel(m: LearnedModel): LearnedModel {
  return {
    ...m,
    stats: { ...m.stats, spans: { ...m.stats.spans } },
    tagger: { weights: new Map([...m.tagger.weights].map(([k, v]) => [k, Int32Array.from(v)])), words: new Set(m.tagger.words) },
    names: m.names.map((n) => ({ ...n })),
    titles: m.titles.map((t) => ({ ...t })),
    rejections: m.rejections.map((r) => ({ ...r })),
    documents: [...m.documents],
  };
}
