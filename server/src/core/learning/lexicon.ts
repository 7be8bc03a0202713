/**
 * The words a learned model adds to the tagger's lexicons: the first and last
 * words of learned person names as given names and surnames (a lone name as a
 * surname, as the knowledge base's short forms are), and learned titles.
 * The shipped weights already know what these lexicon flags mean, so a name
 * learned in one document is recognised in other contexts and in other
 * combinations (`लॉर्ड मिंटो` teaches `मिंटो` and `लॉर्ड`, and `लॉर्ड कर्ज़न`
 * then loses its title), and the title rules use them too.
 */
import type { Lexicons } from '../tagger';
import type { LearnedModel } from './model';
import { isTrustedName } from './nameFinder';

export interface LexiconWords {
  given: string[];
  surnames: string[];
  titles: string[];
}

/** A lexicon word: letters and marks only, three code points or more (an initial such as `के` or `एस` is also a word). */
const WORD = /^[\p{L}\p{M}]{3,}$/u;

/**
 * The learned words for each lexicon, sorted (deterministic): of the names
 * still suggested everywhere ({@link isTrustedName}). Postpositions,
 * titles (as name words) and the base's frequent ordinary words are left out:
 * as name words they would make a name of every sentence that uses them.
 */
export function learnedLexiconWords(m: Pick<LearnedModel, 'names' | 'titles'>, base: Lexicons): LexiconWords {
  const given = new Set<string>();
  const surnames = new Set<string>();
  const nameWord = (w: string): boolean => WORD.test(w) && !base.postpositions.has(w) && !base.titles.has(w) && !base.common.has(w);
  for (const n of m.names) {
    if (n.label !== 'PERSON' || !isTrustedName(n)) continue;
    const ws = n.key.split(' ').filter(nameWord);
    if (ws.length === 0) continue;
    if (ws.length > 1) given.add(ws[0]!);
    surnames.add(ws[ws.length - 1]!);
  }
  const titles = new Set(m.titles.map((t) => t.key).filter((w) => WORD.test(w) && !base.postpositions.has(w) && !given.has(w) && !surnames.has(w)));
  return { given: [...given].sort(), surnames: [...surnames].sort(), titles: [...titles].sort() };
}

/** `base` with the learned words added (new sets; `base` is not changed). */
export function extendLexicons(base: Lexicons, words: LexiconWords): Lexicons {
  if (words.given.length + words.surnames.length + words.titles.length === 0) return base;
  return {
    given: new Set([...base.given, ...words.given]),
    surnames: new Set([...base.surnames, ...words.surnames]),
    titles: new Set([...base.titles, ...words.titles]),
    postpositions: base.postpositions,
    common: base.common,
  };
}
