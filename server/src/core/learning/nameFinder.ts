/**
 * Where learned names occur in a paragraph: what the recogniser suggests
 * (`LearnedRecognition`) and what the learner counts as a confirmation or a
 * miss in a finished document (`Learner`), one rule for both.
 */
import { Matcher } from '../matcher';
import { normalizeKey, type NormalizedText } from '../normalize';
import type { Lexicons } from '../tagger';
import type { Token } from '../tokenize';
import type { LearnedName } from './model';

/** Postpositions after which a lone ordinary word reads as a person (`विजय ने`). */
const PERSON_POSTPOSITIONS = new Set(['ने', 'को', 'की', 'के', 'का', 'से', 'जी'].map(normalizeKey));

/** A learned name found in a paragraph: normalised offsets. */
export interface LearnedMatch {
  start: number;
  end: number;
  name: LearnedName;
}

/**
 * True when a learned name is still worth suggesting everywhere: confirmed
 * more often than the annotator left it untagged in finished documents
 * (`भारत` tagged as a person twice and left alone in 300 sentences is not).
 */
export function isTrustedName(name: LearnedName): boolean {
  return name.count > (name.misses ?? 0);
}

export class LearnedNameFinder {
  private readonly matcher = new Matcher();
  private readonly nameWords: ReadonlySet<string>;

  constructor(
    private readonly names: readonly LearnedName[],
    private readonly lex: Pick<Lexicons, 'common' | 'given' | 'surnames'>,
  ) {
    names.forEach((x, i) => this.matcher.add(x.key, i));
    this.nameWords = new Set([...lex.given, ...lex.surnames]);
  }

  get size(): number {
    return this.names.length;
  }

  /** Learned names in a normalised text (a lone ordinary word only where a person's postposition follows it). */
  find(t: NormalizedText, tokens: readonly Token[]): LearnedMatch[] {
    if (this.names.length === 0) return [];
    const out: LearnedMatch[] = [];
    let k = 0;
    for (const m of this.matcher.findAll(t.norm)) {
      const name = this.names[m.payloads[0]!]!;
      const key = name.key;
      if (!key.includes(' ') && this.lex.common.has(key) && !this.nameWords.has(key)) {
        while (k < tokens.length && tokens[k]!.start < m.end) k++;
        const next = k < tokens.length ? t.norm.slice(tokens[k]!.start, tokens[k]!.end) : '';
        if (name.label !== 'PERSON' || !PERSON_POSTPOSITIONS.has(next)) continue;
      }
      out.push({ start: m.start, end: m.end, name });
    }
    return out;
  }
}
