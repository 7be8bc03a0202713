/**
 * Names no list knows: the statistical tagger, title rules, and the document
 * pass that finds a lone surname or given name already seen in full and the
 * Latin spelling of a name found in Devanagari.
 */
import commonWords from '../../data/lexicon/common-words.json';
import placeWords from '../../data/lexicon/places.json';
import type { KbIndex } from './kbIndex';
import { Matcher, type Match } from './matcher';
import { normalizeKey, type NormalizedText } from './normalize';
import { shippedTagger, type Tagger } from './tagger';
import { isWordChar, tokenize, type Token } from './tokenize';
import { copySpan } from './spanCopy';
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

/** Words that close a list item. */
const LIST_ENDS = new Set(['और', 'एवं', 'तथा', 'व'].map(normalizeKey));

/** Title words that are only parts of designations (`राष्ट्रीय अध्यक्ष`) or follow a name (`जी`). */
const WEAK_TITLES = new Set(['केंद्रीय', 'राज्य', 'गृह', 'वित्त', 'विदेश', 'रक्षा', 'रेल', 'उप', 'प्रदेश', 'राष्ट्रीय', 'लोकसभा', 'विधानसभा', 'पूर्व', 'जी', 'साहब', 'साहेब', 'माननीय'].map(normalizeKey));

/** Three Latin letters in a row: the article has English text where a Latin spelling of a name may stand. */
const LATIN_WORD_RE = /[A-Za-z]{3}/;

/** Below this tagger confidence a lone common word is not taken for a name. */
const COMMON_WORD_MIN_SCORE = 0.9;

/** A paragraph of a document for {@link NameContext.propagate}: its offset and its cached analysis (the identity is the cache key). */
export interface ParagraphRef {
  offset: number;
  analysis: { readonly text: string };
}

/** The short forms of one full name, and its Latin spelling once an article with Latin text needed it. */
interface NameForms {
  words: Array<{ surface: string; key: string; common: boolean }>;
  latin?: string;
  latinDone?: boolean;
}

/** What {@link NameContext.propagate} keeps per document between analyses. */
export interface PropagateMemo {
  /** Short forms and Latin spelling of each full name, by its text. */
  forms: Map<string, NameForms>;
  /** The keys the matcher was built from, in payload order. */
  keys?: string[];
  matcher?: Matcher;
  /** Matches per paragraph analysis, valid for one matcher. */
  hits: WeakMap<object, { matcher: Matcher; hits: Match[] }>;
}

export function createPropagateMemo(): PropagateMemo {
  return { forms: new Map(), hits: new WeakMap() };
}

/** Shared lexicons, loaded once. */
export class NameContext {
  readonly given: ReadonlySet<string>;
  readonly surnames: ReadonlySet<string>;
  readonly titles: ReadonlySet<string>;
  /** The titles as a trie, to test a token without cutting a string out of the text. */
  private readonly titleTrie = new Matcher();
  /** Frequent ordinary words: never propagated as a lone name. */
  readonly common: ReadonlySet<string>;
  /** Words that are nearly always places (`हरियाणा`, `दिल्ली`). */
  readonly places: ReadonlySet<string>;

  /** `tagger`: the PERSON tagger whose names and lexicons are used (the shipped one by default, or one with learned weights). */
  constructor(
    readonly index: KbIndex,
    readonly tagger: Tagger = shippedTagger(),
  ) {
    const lex = tagger.lexicons;
    this.given = lex.given;
    this.surnames = lex.surnames;
    this.titles = lex.titles;
    for (const t of this.titles) this.titleTrie.add(t, 0);
    this.common = new Set(commonWords.words);
    this.places = new Set(placeWords.words);
  }

  /** True when token `tok` of `norm` is exactly a title. */
  isTitleToken(norm: string, tok: Token): boolean {
    return this.titleTrie.isKeyAt(norm, tok.start, tok.end);
  }

  isNameWord(w: string): boolean {
    return this.given.has(w) || this.surnames.has(w);
  }

  /**
   * Document pass over the paragraph spans: adds lone surnames / given names
   * seen in full elsewhere in the article, Latin spellings of Devanagari
   * names, and links those to the full mention's entity.
   *
   * With a `memo` kept per document and the document's `paragraphs` (in
   * order, with the cached paragraph analyses), a re-analysis after an edit
   * reuses the short forms of each name, the matcher while the set of names
   * is unchanged, and the matches in every paragraph that did not change.
   */
  propagate(text: string, spans: Span[], memo?: PropagateMemo, paragraphs?: readonly ParagraphRef[]): Span[] {
    // Keys are raw surface forms (and their folded forms): the small matcher
    // then runs over the raw text, so the document is not normalised twice.
    // Parts are built from literals, never by spreading: spreads of varying shapes take V8's
    // slow path (several microseconds each, 11 ms on a 1 MB article's first pass).
    interface Part {
      full: Span;
      common: boolean;
      latin: boolean;
      entityId: string | undefined;
    }
    const parts: Part[] = [];
    const keys: string[] = [];
    const seen = new Set<string>();
    const addKey = (surface: string, part: Part) => {
      if (seen.has(surface)) return;
      seen.add(surface);
      keys.push(surface);
      parts.push(part);
    };
    if (memo && memo.forms.size > 4 * spans.length + 1000) memo.forms.clear();
    let hasLatin: boolean | undefined;
    for (const s of spans) {
      if (s.label !== 'PERSON') continue;
      let forms = memo?.forms.get(s.text);
      if (!forms) {
        forms = { words: [] };
        const words = tokenize(s.text).filter((k) => k.kind === 'word' || k.kind === 'latin');
        if (words.length >= 2) {
          for (const w of [words[0]!, words[words.length - 1]!]) {
            const surface = s.text.slice(w.start, w.end);
            const key = normalizeKey(surface);
            // Two letters or fewer: an initial (`एस.` of `एस. जयशंकर`), not a short form.
            if (key.length < 3 || this.titles.has(key) || POSTPOSITIONS.has(key) || NEVER_NAMES.has(key)) continue;
            forms.words.push({ surface, key, common: this.common.has(key) });
          }
        } else forms.latinDone = true; // a one-word name has no Latin full form to look for
        memo?.forms.set(s.text, forms);
      }
      // The Latin spelling of a Devanagari name (`Avinash Pandey` in an English teaser),
      // worked out only when the article has Latin words at all.
      if (!forms.latinDone && (hasLatin ??= LATIN_WORD_RE.test(text))) {
        forms.latinDone = true;
        if (/[\u0900-\u097f]/.test(s.text)) {
          const lat = transliterate(s.text);
          if (lat.length >= 5 && /^[A-Za-z .]+$/.test(lat)) forms.latin = lat;
        }
      }
      if (forms.words.length === 0 && forms.latin === undefined) continue;
      const entityId = s.entityId || undefined;
      for (const w of forms.words) {
        const part: Part = { full: s, common: w.common, latin: false, entityId };
        addKey(w.surface, part);
        addKey(w.key, part);
      }
      if (forms.latin !== undefined) {
        const part: Part = { full: s, common: false, latin: true, entityId };
        for (const v of [forms.latin, forms.latin.toLowerCase(), forms.latin.toUpperCase()]) addKey(v, part);
      }
    }
    if (parts.length === 0) return this.listItems(text, joinAdjacent(text, withInitials(text, spans)));

    // The same keys in the same order: the last matcher's payloads still index `parts`.
    // (Keys of unchanged names are the memo's own strings, so most comparisons are by reference.)
    const last = memo?.keys;
    let m = last && last.length === keys.length && keys.every((k, i) => k === last[i]) ? memo!.matcher : undefined;
    if (!m) {
      m = new Matcher();
      for (let k = 0; k < keys.length; k++) m.add(keys[k]!, k);
      if (memo) {
        memo.keys = keys;
        memo.matcher = m;
      }
    }
    // Keys hold no newline, so matching paragraph by paragraph finds what matching the whole text finds.
    let hits: Match[];
    if (memo && paragraphs) {
      hits = [];
      for (const p of paragraphs) {
        let h = memo.hits.get(p.analysis);
        if (!h || h.matcher !== m) {
          h = { matcher: m, hits: m.findAll(p.analysis.text) };
          memo.hits.set(p.analysis, h);
        }
        for (const x of h.hits) hits.push({ start: x.start + p.offset, end: x.end + p.offset, payloads: x.payloads });
      }
    } else hits = m.findAll(text);

    const added: Span[] = [];
    let si = 0;
    for (const hit of hits) {
      const { start, end } = hit;
      while (si < spans.length && spans[si]!.end <= start) si++;
      if (si < spans.length && spans[si]!.start < end) continue; // already covered
      const part = parts[hit.payloads[0]!]!;
      const entityId = part.entityId;
      if (part.latin) {
        added.push(copySpan({ label: 'PERSON', source: 'rule', reason: `Latin spelling of ${part.full.text} in this article`, entityId }, start, end, text.slice(start, end)));
        continue;
      }
      const after = nextWord(text, end);
      const afterKey = after === undefined ? undefined : normalizeKey(after);
      // A lone given name followed by a word that is itself a name is a different person.
      if (afterKey && this.surnames.has(afterKey) && !POSTPOSITIONS.has(afterKey)) continue;
      // An ordinary word (`प्रशांत` "calm") is a name only where a person's postposition follows.
      if (part.common && !(afterKey && PERSON_POSTPOSITIONS.has(afterKey))) continue;
      added.push(copySpan({ label: 'PERSON', source: 'rule', reason: `short form of ${part.full.text} seen in this article`, entityId }, start, end, text.slice(start, end)));
    }
    if (added.length === 0) return this.listItems(text, joinAdjacent(text, withInitials(text, spans)));
    return this.listItems(text, joinAdjacent(text, withInitials(text, [...spans, ...added].sort((a, b) => a.start - b.start))));
  }

  /**
   * Comma lists of people (`अरुंधति रॉय , प्रशांत भूषण , सईदा हमीद और …`): an
   * item of one to three plain words right after a PERSON and a comma, and
   * itself ending at a comma, और/एवं/तथा or the end of the sentence, is a
   * PERSON too; the chain goes on from it.
   */
  listItems(text: string, spans: Span[]): Span[] {
    const added: Span[] = [];
    const walked = new Set<Span>();
    let si = 0;
    for (let k = 0; k < spans.length; k++) {
      let anchor = spans[k]!;
      if (anchor.label !== 'PERSON' || walked.has(anchor)) continue;
      for (;;) {
        let i = anchor.end;
        while (text.charCodeAt(i) === 0x20) i++;
        if (text[i] !== ',') break;
        i++;
        while (text.charCodeAt(i) === 0x20) i++;
        const start = i;
        let end = i;
        let words = 0;
        let commonWords = 0;
        let ok = true;
        let stop = '';
        for (;;) {
          let j = i;
          while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
          if (j === i) {
            stop = text[i] ?? '';
            break;
          }
          const key = normalizeKey(text.slice(i, j));
          if (LIST_ENDS.has(key)) {
            stop = key;
            break;
          }
          words++;
          const name = this.isNameWord(key);
          if (!name && this.common.has(key)) commonWords++;
          if (
            words > 3 ||
            !/^[\u0900-\u097f]+$/.test(key) ||
            POSTPOSITIONS.has(key) ||
            this.titles.has(key) ||
            NEVER_NAMES.has(key) ||
            (!name && this.places.has(key))
          ) {
            ok = false;
            break;
          }
          end = j;
          i = j;
          while (text.charCodeAt(i) === 0x20) i++;
        }
        // Ordinary words only inside a longer item that is not all ordinary words (`प्रशांत भूषण`).
        if (commonWords > 0 && (words < 2 || commonWords === words)) ok = false;
        if (!ok || words === 0 || !(stop === ',' || stop === '' || stop === '\n' || stop === '।' || stop === '.' || LIST_ENDS.has(stop))) break;
        // Already a span there (a PERSON goes on the chain; anything else ends it).
        while (si < spans.length && spans[si]!.end <= start) si++;
        const hit = si < spans.length && spans[si]!.start < end ? spans[si]! : undefined;
        if (hit) {
          if (hit.label !== 'PERSON' || hit.start !== start) break;
          anchor = hit;
          walked.add(hit);
          continue;
        }
        anchor = { start, end, label: 'PERSON', text: text.slice(start, end), source: 'rule', reason: `in a list after ${anchor.text}` };
        added.push(anchor);
      }
      si = 0;
    }
    if (added.length === 0) return spans;
    return [...spans, ...added].sort((a, b) => a.start - b.start);
  }
}

/**
 * Two one-word PERSON spans with only a space between are one name split in
 * two (`[केके] [नैयर]`, `[प्रीति] [नेताम]`): Hindi separates two people with a
 * comma or और. Longer neighbours are often two names run together by a lost
 * comma (`करिया मुंडा मोरारजी देसाई`), and two different knowledge-base
 * persons stay apart.
 */
/** Devanagari spellings of Latin letters, as initials are written (`के सी वेणुगोपाल`, `एम. एस. स्वामीनाथन`). */
const INITIALS = new Set(['ए', 'बी', 'सी', 'डी', 'ई', 'एफ', 'जी', 'एच', 'आई', 'जे', 'के', 'एल', 'एम', 'एन', 'ओ', 'पी', 'क्यू', 'आर', 'एस', 'टी', 'यू', 'वी', 'डब्ल्यू', 'एक्स', 'वाई', 'जेड', 'जेड']);
/** Initials that are also ordinary words (के "of", जी honorific, ए/ओ interjections): never alone. */
const AMBIGUOUS_INITIALS = new Set(['ए', 'ई', 'ओ', 'जी', 'के', 'आई']);

/**
 * Initials just before a PERSON span belong to it (`के सी [चक्रवर्ती]`,
 * `एम. एस. [स्वामीनाथन]`). A lone initial that is also a word (के, जी) is
 * not taken, nor a leading के that is the postposition (`बैंक के के सी …`).
 */
function withInitials(text: string, spans: Span[]): Span[] {
  let out: Array<Span | undefined> | undefined;
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    if (s.label !== 'PERSON') continue;
    // A lone initial (`जे` of `आर . जे . जे . कोष`) is an abbreviation, not a name: drop it.
    if (s.source === 'tagger' && INITIALS.has(s.text)) {
      out ??= spans.slice();
      out[k] = undefined;
      continue;
    }
    const prevEnd = k > 0 ? spans[k - 1]!.end : 0;
    const starts: number[] = [];
    const words: string[] = [];
    let i = s.start;
    for (;;) {
      let j = i;
      while (j > prevEnd && text.charCodeAt(j - 1) === 0x20) j--;
      if (j > prevEnd && text[j - 1] === '.') j--;
      while (j > prevEnd && text.charCodeAt(j - 1) === 0x20) j--;
      let h = j;
      while (h > prevEnd && isWordChar(text.charCodeAt(h - 1))) h--;
      if (h === j || j - h > 7) break;
      const w = text.slice(h, j);
      if (!INITIALS.has(w)) break;
      starts.push(h);
      words.push(w);
      i = h;
    }
    // A leading के right after a word or a bracket is the postposition (`बैंक के के सी`, `सीपीआई के डी राया`, `( बसपा ) के`).
    const afterWord = (at: number): boolean => {
      let h = at;
      while (h > 0 && text.charCodeAt(h - 1) === 0x20) h--;
      return h > 0 && (isWordChar(text.charCodeAt(h - 1)) || text[h - 1] === ')' || text[h - 1] === ']');
    };
    while (words.length > 0 && words[words.length - 1] === 'के' && afterWord(starts[starts.length - 1]!)) {
      words.pop();
      starts.pop();
    }
    if (words.length === 0) continue;
    // One initial that is also a word joins only a span that starts with an initial or at a sentence start.
    const first = /^[^\s.]+/.exec(s.text)?.[0];
    const alone = words.length === 1 && AMBIGUOUS_INITIALS.has(words[0]!) && !(first && INITIALS.has(first)) && afterWord(starts[0]!);
    if (alone) continue;
    const start = starts[starts.length - 1]!;
    out ??= spans.slice();
    out[k] = { ...s, start, text: text.slice(start, s.end), reason: `${s.reason}, with initials` };
  }
  return out ? out.filter((x): x is Span => x !== undefined) : spans;
}

const oneWord = (s: string): boolean => !/[\s,]/.test(s);

function joinAdjacent(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  let changed = false;
  for (const b of spans) {
    const a = out[out.length - 1];
    if (
      a &&
      a.label === 'PERSON' &&
      b.label === 'PERSON' &&
      b.start === a.end + 1 &&
      text.charCodeAt(a.end) === 0x20 &&
      oneWord(a.text) &&
      oneWord(b.text) &&
      !(a.entityId && b.entityId && a.entityId !== b.entityId)
    ) {
      out[out.length - 1] = { start: a.start, end: b.end, label: 'PERSON', text: text.slice(a.start, b.end), source: a.source === 'kb' ? b.source : a.source, reason: `joined ${a.text} + ${b.text}` };
      changed = true;
      continue;
    }
    out.push(b);
  }
  return changed ? out : spans;
}

/** The word after `from` (spaces skipped), or undefined at punctuation or the end. */
function nextWord(text: string, from: number): string | undefined {
  let i = from;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0xa0)) i++;
  let j = i;
  while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
  return j > i ? text.slice(i, j) : undefined;
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
  for (const n of ctx.tagger.tag(t.norm, tokens as Token[])) {
    // Titles and postpositions stay outside the span, whatever the tagger says.
    let a = n.firstToken;
    let b = n.endToken - 1;
    while (a <= b && (ctx.titles.has(word(a)) || tokens[a]!.kind === 'punct')) a++;
    while (b >= a && (POSTPOSITIONS.has(word(b)) || tokens[b]!.kind === 'punct')) b--;
    // Ordinary words and places at the edges of a longer name are context, not name (`उन्नीकृष्णन शहीद`, `नेहरा हरयाणा`).
    const edgeNoise = (k: number) => !ctx.isNameWord(word(k)) && (ctx.places.has(word(k)) || ctx.common.has(word(k)) || NEVER_NAMES.has(word(k)));
    while (b > a && edgeNoise(b)) b--;
    while (a < b && edgeNoise(a)) a++;
    if (a > b) continue;
    // Latin text: a name is capitalised (`Please enter your name` has none).
    if (tokens[a]!.kind === 'latin' && !/^[A-Z]/.test(t.raw.slice(t.toRaw[tokens[a]!.start]!, t.toRaw[tokens[a]!.end]!))) continue;
    // A known given name just before, or a known surname just after, that the tagger left out (`[सुषमा] कँवर`).
    const plain = (k: number) => k >= 0 && k < tokens.length && tokens[k]!.kind === 'word' && !POSTPOSITIONS.has(word(k)) && !ctx.titles.has(word(k)) && !ctx.common.has(word(k)) && !ctx.places.has(word(k)) && !NEVER_NAMES.has(word(k));
    // Everything these two rare extensions test is computed on the path every name takes: code
    // first run inside a branch taken once in thousands of names has no type feedback, and
    // reaching it throws the whole function's optimised code away.
    const before = a - 1;
    const after = b + 1;
    const gapBefore = before >= 0 && tokens[a]!.start === tokens[before]!.end + 1;
    const gapAfter = after < tokens.length && tokens[after]!.start === tokens[b]!.end + 1;
    if (a === n.firstToken && gapBefore && plain(before) && ctx.given.has(word(before))) a = before;
    if (b === n.endToken - 1 && gapAfter && plain(after) && ctx.surnames.has(word(after))) b = after;
    if (a === b && ctx.places.has(word(a)) && !ctx.isNameWord(word(a))) continue;
    if (a === b && NEVER_NAMES.has(word(a))) continue;
    if (a === b && b + 1 < tokens.length && NOUN_COMPLEMENTS.has(word(b + 1))) continue;
    // A single ordinary word (`विजय` "victory", `आलाकमान` "high command") needs a confident tagger.
    if (a === b && ctx.common.has(word(a)) && !ctx.isNameWord(word(a)) && n.score < COMMON_WORD_MIN_SCORE) continue;
    out.push({ start: tokens[a]!.start, end: tokens[b]!.end, source: 'tagger', reason: `tagger (${n.score.toFixed(2)})` });
  }
  for (let k = 0; k < tokens.length; k++) {
    if ((tokens[k]!.kind !== 'word' && tokens[k]!.kind !== 'latin') || !ctx.isTitleToken(norm, tokens[k]!)) continue;
    const title = word(k);
    let j = k + 1;
    // Skip a title chain (`पूर्व मुख्यमंत्री`) and an abbreviation dot (`डॉ.`).
    while (j < tokens.length && (ctx.titles.has(norm.slice(tokens[j]!.start, tokens[j]!.end)) || norm.slice(tokens[j]!.start, tokens[j]!.end) === '.')) j++;
    let e = j;
    let known = 0;
    while (e < tokens.length && e - j < 3 && tokens[e]!.kind === 'word') {
      const w = norm.slice(tokens[e]!.start, tokens[e]!.end);
      if (POSTPOSITIONS.has(w) || ctx.titles.has(w) || (ctx.common.has(w) && !ctx.isNameWord(w))) break;
      if (ctx.isNameWord(w)) known++;
      e++;
    }
    if (e > j && known > 0 && known >= e - j - 1) {
      out.push({ start: tokens[j]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: `after title '${title}'` });
    } else if (
      e > j &&
      e - j <= 2 &&
      !WEAK_TITLES.has(title) &&
      e < tokens.length &&
      PERSON_POSTPOSITIONS.has(norm.slice(tokens[e]!.start, tokens[e]!.end)) &&
      tokens.slice(j, e).every((t) => {
        const w = norm.slice(t.start, t.end);
        // Oblique plurals (`जनशिकायतों`) are nouns, never names.
        return /^[\u0900-\u097f]+$/.test(w) && !w.endsWith('ों') && !ctx.places.has(w) && !NEVER_NAMES.has(w) && !ctx.common.has(w);
      })
    ) {
      // Words no list knows between a designation and a person's postposition (`मुख्यमंत्री ज़ोरामथांगा का`).
      out.push({ start: tokens[j]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: `after title '${title}', before a postposition` });
    }
  }
  // Initials and then one or two words no list calls ordinary, before a
  // postposition, और or a comma: `जी ई वाहनवती का`, `डी राया और`, `एए जिन्ना ने`.
  const initialAt = (k: number) => {
    const t = tokens[k]!;
    return t.kind === 'word' && INITIAL_TRIE.isKeyAt(norm, t.start, t.end);
  };
  for (let k = 0; k < tokens.length; k++) {
    if (!initialAt(k)) continue;
    if (k > 0 && initialAt(k - 1)) continue; // not the start of the run
    // A leading के after a word is the postposition (`बैंक के के सी चक्रवर्ती`).
    const st = word(k) === 'के' && k > 0 && tokens[k - 1]!.kind === 'word' ? k + 1 : k;
    let j = st;
    let letters = 0;
    let ambiguousOnly = true;
    while (j < tokens.length && initialAt(j)) {
      const w = word(j);
      letters += INITIALS.has(w) ? 1 : 2;
      if (!AMBIGUOUS_INITIALS.has(w)) ambiguousOnly = false;
      j++;
      if (j < tokens.length && word(j) === '.') j++;
    }
    if (j === st || (letters === 1 && ambiguousOnly)) continue;
    let e = j;
    while (e < tokens.length && e - j < 2 && tokens[e]!.kind === 'word') {
      const w = word(e);
      if (!/^[\u0900-\u097f]+$/.test(w) || POSTPOSITIONS.has(w) || ctx.titles.has(w) || NEVER_NAMES.has(w) || isInitialWord(w)) break;
      if (!ctx.isNameWord(w) && (ctx.common.has(w) || ctx.places.has(w))) break;
      e++;
    }
    if (e === j) continue;
    const next = e < tokens.length ? word(e) : '';
    if (!(PERSON_POSTPOSITIONS.has(next) || LIST_ENDS.has(next) || next === ',')) continue;
    out.push({ start: tokens[st]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: 'initials and a name' });
    k = e - 1;
  }
  return out;
}

/** One initial or two run together (`डी`, `एए`, `केके`, `जीई`). */
const INITIAL_WORDS = new Set<string>(INITIALS);
for (const a of INITIALS) for (const b of INITIALS) INITIAL_WORDS.add(a + b);
/** The same words as a trie, to test a token in place (initials such as के are among the commonest tokens). */
const INITIAL_TRIE = new Matcher();
for (const w of INITIAL_WORDS) INITIAL_TRIE.add(w, 0);

function isInitialWord(w: string): boolean {
  return INITIAL_WORDS.has(w);
}
