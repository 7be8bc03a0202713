/**
 * Names no list knows: the statistical tagger, title rules, and the document
 * pass that finds a lone surname or given name already seen in full and the
 * Latin spelling of a name found in Devanagari.
 */
import commonWords from '../../data/lexicon/common-words.json';
import placeWords from '../../data/lexicon/places.json';
import type { KbIndex } from './kbIndex';
import { Matcher } from './matcher';
import { normalize, normalizeKey, type NormalizedText } from './normalize';
import { loadLexicons, tagPersons } from './tagger';
import { tokenize, type Token } from './tokenize';
import { transliterate } from './transliterate';
import type { Span, SpanSource } from './types';

/** A PERSON candidate in normalised offsets. */
export interface NameCandidate {
  start: number;
  end: number;
  source: SpanSource;
  reason: string;
}

/** Postpositions and particles that follow a name but never belong to it. */
const POSTPOSITIONS = new Set(['ने', 'को', 'की', 'के', 'का', 'से', 'में', 'पर', 'तक', 'और', 'व', 'भी', 'ही', 'जी', 'समेत', 'सहित', 'द्वारा', 'या', 'एवं', 'तथा'].map(normalizeKey));

/**
 * Nouns of political news that a tagger trained on general text takes for
 * names (`आलाकमान ने` "the high command said"). Never a name on their own.
 */
const NEVER_NAMES = new Set(
  ['आलाकमान', 'हाईकमान', 'हाइकमान', 'नेतृत्व', 'महासचिव', 'प्रभारी', 'पदाधिकारी', 'सचिव', 'संयोजक', 'कार्यकर्ता', 'मुख्यालय', 'सूत्रों', 'सूत्र', 'प्रवक्ता', 'प्रदेश', 'मंत्रिमंडल', 'विपक्ष', 'सत्ता', 'गठबंधन', 'चुनाव', 'लोकसभा', 'विधानसभा', 'राज्यसभा', 'सरकार', 'पार्टी', 'दल', 'संगठन'].map(normalizeKey),
);

/** Words after which a lone word is a noun, not a name: `विजय हासिल करना` (win a victory). */
const NOUN_COMPLEMENTS = new Set(['हासिल', 'प्राप्त', 'सुनिश्चित', 'दर्ज', 'मिली', 'मिलेगी', 'पाने', 'पाई'].map(normalizeKey));

/** Postpositions after which a lone common word still reads as a person (`प्रशांत ने`). */
const PERSON_POSTPOSITIONS = new Set(['ने', 'को', 'की', 'के', 'का', 'से', 'जी'].map(normalizeKey));

/** Below this tagger confidence a lone common word is not taken for a name. */
const COMMON_WORD_MIN_SCORE = 0.9;

/** Shared lexicons, loaded once. */
export class NameContext {
  readonly given: ReadonlySet<string>;
  readonly surnames: ReadonlySet<string>;
  readonly titles: ReadonlySet<string>;
  /** Frequent ordinary words: never propagated as a lone name. */
  readonly common: ReadonlySet<string>;
  /** Words that are nearly always places (`हरियाणा`, `दिल्ली`). */
  readonly places: ReadonlySet<string>;

  constructor(readonly index: KbIndex) {
    const lex = loadLexicons();
    this.given = lex.given;
    this.surnames = lex.surnames;
    this.titles = lex.titles;
    this.common = new Set(commonWords.words);
    this.places = new Set(placeWords.words);
  }

  isNameWord(w: string): boolean {
    return this.given.has(w) || this.surnames.has(w);
  }

  /**
   * Document pass over the paragraph spans: adds lone surnames / given names
   * seen in full elsewhere in the article, Latin spellings of Devanagari
   * names, and links those to the full mention's entity.
   */
  propagate(text: string, spans: Span[]): Span[] {
    const parts = new Map<string, { full: Span; common: boolean; entityId?: string }>();
    const fulls: Span[] = [];
    for (const s of spans) {
      if (s.label !== 'PERSON') continue;
      const t = normalize(s.text);
      const words = tokenize(t.norm).filter((k) => k.kind === 'word' || k.kind === 'latin');
      if (words.length < 2) continue;
      fulls.push(s);
      for (const w of [words[0]!, words[words.length - 1]!]) {
        const key = t.norm.slice(w.start, w.end);
        if (key.length < 2 || this.titles.has(key) || POSTPOSITIONS.has(key) || NEVER_NAMES.has(key)) continue;
        if (!parts.has(key)) parts.set(key, { full: s, common: this.common.has(key), ...(s.entityId ? { entityId: s.entityId } : {}) });
      }
    }
    // Latin spellings of Devanagari full names (`Avinash Pandey` in an English teaser).
    const latinFulls = new Map<string, Span>();
    for (const s of fulls) {
      if (!/[\u0900-\u097f]/.test(s.text)) continue;
      const lat = normalizeKey(transliterate(s.text));
      if (lat.length >= 5 && /^[a-z .]+$/.test(lat)) latinFulls.set(lat, s);
    }
    if (parts.size === 0 && latinFulls.size === 0) return spans;

    const m = new Matcher();
    const keys: string[] = [];
    for (const k of [...parts.keys(), ...latinFulls.keys()]) {
      m.add(k, keys.push(k) - 1);
    }
    const t: NormalizedText = normalize(text);
    const added: Span[] = [];
    let si = 0;
    const sorted = spans; // spans arrive sorted by start
    for (const hit of m.findAll(t.norm)) {
      const start = t.toRaw[hit.start]!;
      const end = t.toRaw[hit.end]!;
      while (si < sorted.length && sorted[si]!.end <= start) si++;
      if (si < sorted.length && sorted[si]!.start < end) continue; // already covered
      const key = keys[hit.payloads[0]!]!;
      const latin = latinFulls.get(key);
      if (latin) {
        added.push({
          start,
          end,
          label: 'PERSON',
          text: text.slice(start, end),
          source: 'rule',
          reason: `Latin spelling of ${latin.text} in this article`,
          ...(latin.entityId ? { entityId: latin.entityId } : {}),
        });
        continue;
      }
      const part = parts.get(key)!;
      // A lone given name followed by a word that is itself a name is a different person.
      const after = nextWord(t.norm, hit.end);
      if (after && this.surnames.has(after) && !POSTPOSITIONS.has(after)) continue;
      // An ordinary word (`प्रशांत` "calm") is a name only where a person's postposition follows.
      if (part.common && !(after && PERSON_POSTPOSITIONS.has(after))) continue;
      added.push({
        start,
        end,
        label: 'PERSON',
        text: text.slice(start, end),
        source: 'rule',
        reason: `short form of ${part.full.text} seen in this article`,
        ...(part.entityId ? { entityId: part.entityId } : {}),
      });
    }
    if (added.length === 0) return spans;
    return [...spans, ...added].sort((a, b) => a.start - b.start);
  }
}

function nextWord(norm: string, from: number): string | undefined {
  let i = from;
  while (i < norm.length && norm.charCodeAt(i) === 0x20) i++;
  let j = i;
  while (j < norm.length && norm.charCodeAt(j) !== 0x20 && norm.charCodeAt(j) !== 0x0a) j++;
  return j > i ? norm.slice(i, j) : undefined;
}

/**
 * PERSON candidates in one normalised paragraph: the tagger's names, and
 * names right after a title or honorific when the words are known given
 * names or surnames.
 */
export function findNameCandidates(t: NormalizedText, tokens: readonly Token[], ctx: NameContext): NameCandidate[] {
  const out: NameCandidate[] = [];
  const norm = t.norm;
  const word = (k: number) => norm.slice(tokens[k]!.start, tokens[k]!.end);
  const tokenAt = new Map<number, number>();
  tokens.forEach((tok, k) => tokenAt.set(tok.start, k));
  for (const n of tagPersons(t.norm, tokens as Token[])) {
    // Titles and postpositions stay outside the span, whatever the tagger says.
    let a = tokenAt.get(n.start);
    let b = a;
    if (a === undefined || b === undefined) continue;
    while (b + 1 < tokens.length && tokens[b + 1]!.end <= n.end) b++;
    while (a <= b && (ctx.titles.has(word(a)) || tokens[a]!.kind === 'punct')) a++;
    while (b >= a && (POSTPOSITIONS.has(word(b)) || tokens[b]!.kind === 'punct')) b--;
    // Ordinary words and places at the edges of a longer name are context, not name (`उन्नीकृष्णन शहीद`, `नेहरा हरयाणा`).
    const edgeNoise = (k: number) => !ctx.isNameWord(word(k)) && (ctx.places.has(word(k)) || ctx.common.has(word(k)) || NEVER_NAMES.has(word(k)));
    while (b > a && edgeNoise(b)) b--;
    while (a < b && edgeNoise(a)) a++;
    if (a > b) continue;
    if (a === b && ctx.places.has(word(a)) && !ctx.isNameWord(word(a))) continue;
    if (a === b && NEVER_NAMES.has(word(a))) continue;
    if (a === b && b + 1 < tokens.length && NOUN_COMPLEMENTS.has(word(b + 1))) continue;
    // A single ordinary word (`विजय` "victory", `आलाकमान` "high command") needs a confident tagger.
    if (a === b && ctx.common.has(word(a)) && !ctx.isNameWord(word(a)) && n.score < COMMON_WORD_MIN_SCORE) continue;
    out.push({ start: tokens[a]!.start, end: tokens[b]!.end, source: 'tagger', reason: `tagger (${n.score.toFixed(2)})` });
  }
  for (let k = 0; k < tokens.length; k++) {
    const title = norm.slice(tokens[k]!.start, tokens[k]!.end);
    if (!ctx.titles.has(title)) continue;
    let j = k + 1;
    // Skip a title chain (`पूर्व मुख्यमंत्री`) and an abbreviation dot (`डॉ.`).
    while (j < tokens.length && (ctx.titles.has(norm.slice(tokens[j]!.start, tokens[j]!.end)) || norm.slice(tokens[j]!.start, tokens[j]!.end) === '.')) j++;
    let e = j;
    let known = 0;
    while (e < tokens.length && e - j < 3 && tokens[e]!.kind === 'word') {
      const w = norm.slice(tokens[e]!.start, tokens[e]!.end);
      if (POSTPOSITIONS.has(w) || ctx.titles.has(w) || ctx.common.has(w)) break;
      if (ctx.isNameWord(w)) known++;
      e++;
    }
    if (e > j && known > 0 && known >= e - j - 1) {
      out.push({ start: tokens[j]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: `after title '${title}'` });
    }
  }
  return out;
}
