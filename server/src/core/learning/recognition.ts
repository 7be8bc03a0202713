/**
 * A learned model compiled for recognition: the tagger with the learned
 * weights, a matcher over the learned names, and the rejections by text,
 * label and context kind. The recogniser takes one as `learned` (see
 * `RecognizerOptions`); without one it behaves exactly as shipped.
 */
import { normalizeKey, type NormalizedText } from '../normalize';
import { WORD_TEMPLATES, shippedTagger, shippedWeights, type Tagger } from '../tagger';
import type { Token } from '../tokenize';
import { ANY_CONTEXT, contextKind } from './contextKind';
import { weightsFingerprint, type LearnedModel, type LearnedName } from './model';
import { learnedLexiconWords } from './lexicon';
import { LearnedNameFinder, isTrustedName, type LearnedMatch } from './nameFinder';
import { OnlinePerceptron } from './perceptron';

export type { LearnedMatch } from './nameFinder';

let shippedFingerprint: string | undefined;

/** Fingerprint of the shipped tagger weights (what a learned delta must have been learned over). */
export function shippedWeightsFingerprint(): string {
  return (shippedFingerprint ??= weightsFingerprint(shippedWeights().weights ?? ''));
}

export class LearnedRecognition {
  /** The tagger to recognise with: the base with the learned delta, or the base itself. */
  readonly tagger: Tagger;
  readonly baseTagger: Tagger;
  /** True when the learned tagger weights are in use. */
  readonly taggerApplied: boolean;
  /** Why the learned tagger weights are not used, when there are some. */
  readonly taggerNote?: string;
  /** Confirmed spans the model learned from, all labels. */
  readonly annotations: number;
  /** The learned names suggested wherever they occur (those the annotator confirmed more often than left untagged). */
  private readonly names: LearnedNameFinder;
  private readonly rejections = new Map<string, Set<string>>();
  /** Words whose tagger weights or lexicon entries were learned. */
  private readonly influenced = new Set<string>();

  /**
   * `base`/`baseFingerprint`: the tagger the delta was learned over (the
   * shipped one by default). A delta learned over other weights is not
   * applied; names and rejections still are.
   */
  constructor(
    readonly model: LearnedModel,
    base: Tagger = shippedTagger(),
    baseFingerprint: string = shippedWeightsFingerprint(),
  ) {
    this.baseTagger = base;
    const hasWeights = model.tagger.weights.size > 0;
    const sameBase = model.base === baseFingerprint;
    const words = learnedLexiconWords(model, base.lexicons);
    const hasWords = words.given.length + words.surnames.length + words.titles.length > 0;
    if ((hasWeights && sameBase) || hasWords) {
      const delta = hasWeights && sameBase ? new OnlinePerceptron(base, model.tagger).delta() : new Map<string, Float32Array>();
      this.tagger = base.withDelta(delta, words);
      this.taggerApplied = true;
    } else {
      this.tagger = base;
      this.taggerApplied = false;
    }
    if (this.taggerApplied) {
      for (const k of model.tagger.weights.keys()) {
        for (const t of WORD_TEMPLATES) if (k.startsWith(t)) this.influenced.add(k.slice(t.length));
      }
      for (const w of [...words.given, ...words.surnames, ...words.titles]) this.influenced.add(w);
    }
    if (hasWeights && !sameBase) this.taggerNote = `the learned tagger weights were learned over other tagger weights (${model.base}, these are ${baseFingerprint}) and are not used; learn again to apply them`;
    let n = 0;
    for (const v of Object.values(model.stats.spans)) n += v;
    this.annotations = n;
    this.names = new LearnedNameFinder(model.names.filter(isTrustedName), base.lexicons);
    for (const r of model.rejections) {
      if (r.context !== ANY_CONTEXT && r.count <= (r.confirmed ?? 0)) continue;
      const k = r.key + '\u0000' + r.label;
      let set = this.rejections.get(k);
      if (!set) this.rejections.set(k, (set = new Set()));
      set.add(r.context);
    }
  }

  /** True when recognising with this changes nothing: no learned weights applied, no names, no rejections. */
  get empty(): boolean {
    return !this.taggerApplied && this.names.size === 0 && this.rejections.size === 0;
  }

  /** True when a word of `norm[start, end)` (normalised, whole tokens) has learned tagger weights or is a learned lexicon word. */
  influences(norm: string, tokens: readonly Token[], start: number, end: number): boolean {
    if (this.influenced.size === 0) return false;
    for (const k of tokens) {
      if (k.end <= start) continue;
      if (k.start >= end) break;
      if (this.influenced.has(norm.slice(k.start, k.end))) return true;
    }
    return false;
  }

  /** True when there are rejections to check. */
  get hasRejections(): boolean {
    return this.rejections.size > 0;
  }

  /** Learned names in a normalised paragraph (a lone ordinary word only where a person's postposition follows it). */
  nameMatches(t: NormalizedText, tokens: readonly Token[]): LearnedMatch[] {
    return this.names.find(t, tokens);
  }

  /** True when the annotator rejected `text[start, end)` as `label` in this kind of context (or everywhere). */
  isRejected(text: string, start: number, end: number, label: string): boolean {
    if (this.rejections.size === 0) return false;
    const set = this.rejections.get(normalizeKey(text.slice(start, end)) + '\u0000' + label);
    if (!set) return false;
    return set.has(ANY_CONTEXT) || set.has(contextKind(text, start, end, this.baseTagger.lexicons.titles));
  }

  /** Confidence of a learned name: higher the more annotations confirmed it (0.8 after one, 0.9 after two, at most 0.97). */
  static nameConfidence(name: LearnedName): number {
    return Math.round(Math.min(0.97, 1 - 0.2 / name.count) * 100) / 100;
  }

  /** The reason shown for a learned name. */
  static nameReason(name: LearnedName): string {
    return `learned from ${name.count} of your annotation${name.count === 1 ? '' : 's'}`;
  }
}
