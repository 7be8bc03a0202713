/**
 * Names no list knows: the statistical tagger, title rules, and the document
 * pass that finds a lone surname or given name already seen in full and the
 * Latin spelling of a name found in Devanagari.
 */
import commonWords from '../../data/lexicon/common-words.json';
import placeWords from '../../data/lexicon/places.json';
import type { KbIndex, KbMatch } from './kbIndex';
import { Matcher, type Match } from './matcher';
import { normalizeKey, type NormalizedText } from './normalize';
import { GluedParties, type GluedParty } from './glued';
import { shippedTagger, type TaggedName, type Tagger } from './tagger';
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
  /** In [0, 1], see {@link Span.confidence}. */
  confidence: number;
  /** A name around a knowledge-base short form: competes with the knowledge base's match. */
  aroundShortForm: boolean;
}

/** Postpositions and particles that follow a name but never belong to it. */
const POSTPOSITIONS = new Set(['ने', 'को', 'की', 'के', 'का', 'से', 'में', 'पर', 'तक', 'और', 'व', 'भी', 'ही', 'जी', 'समेत', 'सहित', 'द्वारा', 'या', 'एवं', 'तथा'].map(normalizeKey));

/**
 * Nouns of political news that a tagger trained on general text takes for
 * names (`आलाकमान ने` "the high command said"). Never a name on their own.
 */
const NEVER_NAMES = new Set(
  ['डेमोक्रेट', 'डेमोक्रेटिक', 'रिपब्लिकन', 'कांग्रेसी', 'भाजपाई', 'समाजवादी', 'वामपंथी', 'माओवादी', 'आलाकमान', 'हाईकमान', 'हाइकमान', 'नेतृत्व', 'महासचिव', 'प्रभारी', 'पदाधिकारी', 'सचिव', 'संयोजक', 'कार्यकर्ता', 'मुख्यालय', 'सूत्रों', 'सूत्र', 'प्रवक्ता', 'प्रदेश', 'मंत्रिमंडल', 'विपक्ष', 'सत्ता', 'गठबंधन', 'चुनाव', 'लोकसभा', 'विधानसभा', 'राज्यसभा', 'सरकार', 'पार्टी', 'दल', 'संगठन'].map(normalizeKey),
);

/**
 * Deities and figures of the epics (GUIDELINES.md: not PERSON): names that rarely stand alone
 * for a living person. With another name word they may be a person's (`राम विलास पासवान`).
 */
const DEITIES = new Set(
  ['राम', 'श्रीराम', 'सीता', 'कृष्ण', 'श्रीकृष्ण', 'शिव', 'महादेव', 'ब्रह्मा', 'गणेश', 'गणपति', 'हनुमान', 'दुर्गा', 'पार्वती', 'इंद्र', 'रावण', 'विभीषण', 'कुंभकर्ण', 'मेघनाद', 'युधिष्ठिर', 'द्रौपदी', 'दुर्योधन', 'कंस', 'यशोदा', 'नारद', 'यमराज', 'अल्लाह', 'भगवान', 'ईश्वर'].map(normalizeKey),
);
/** Deity cues that never begin a person's name. */
const GOD_ONLY_CUES = new Set(['भगवान', 'मर्यादा', 'पुरुषोत्तम', 'श्रीमद', 'बजरंगबली'].map(normalizeKey));
/** Words before a name that make it a deity's (`भगवान शिव`, `जय श्री राम`). */
const DEITY_CUES = new Set(['भगवान', 'प्रभु', 'देवी', 'माता', 'देवता', 'ईश्वर', 'बजरंगबली', 'जय', 'मर्यादा', 'पुरुषोत्तम', 'श्रीमद'].map(normalizeKey));

/**
 * Nouns after a name that make it part of an organisation's, a scheme's, an award's or a
 * place's name (GUIDELINES.md: not PERSON): `राजीव गांधी फाउंडेशन`, `सोनिया आर्केस्ट्रा`,
 * `निजामुद्दीन इलाके`. Nouns a person may walk into (`अस्पताल`, `स्कूल`) count only after one of
 * {@link ORG_QUALIFIERS} (`जयपुरिया इंटर कॉलेज`, `इंदिरा गांधी अंतरराष्ट्रीय हवाई अड्डा`).
 */
const ORG_NOUNS = new Set(
  [
    'फाउंडेशन', 'फ़ाउंडेशन', 'ट्रस्ट', 'आर्केस्ट्रा', 'स्टेडियम', 'पुरस्कार', 'अवॉर्ड', 'अवार्ड', 'भवन', 'मार्ग', 'रोड', 'नगर', 'चौक', 'अड्डा', 'अड्डे',
    'एयरपोर्ट', 'हवाईअड्डा', 'हवाईअड्डे', 'अकादमी', 'संस्थान', 'मेमोरियल', 'ट्रॉफी', 'क्लब', 'पार्क', 'उद्यान', 'सेतु', 'कॉलोनी', 'मोहल्ला', 'मोहल्ले',
    'योजना', 'अभियान', 'मिशन', 'इंडस्ट्रीज', 'लिमिटेड', 'संग्रहालय', 'पुस्तकालय', 'धाम', 'एक्सप्रेस', 'अनुक्रम', 'प्रमेय', 'विश्वविद्यालय', 'यूनिवर्सिटी',
    'विद्यालय', 'महाविद्यालय', 'इलाके', 'इलाका', 'कॉम्प्लेक्स', 'एन्क्लेव', 'विहार', 'गंज', 'स्मारक', 'सभागार', 'ऑडिटोरियम', 'स्क्वायर',
    'मस्जिद', 'दरगाह', 'चर्च', 'गुरुद्वारा', 'मकबरा', 'मज़ार', 'मजार',
  ].map(normalizeKey),
);
/** Words between a name and an institution that make the institution named after it. */
const ORG_QUALIFIERS = new Set(['इंटर', 'अंतरराष्ट्रीय', 'अंतर्राष्ट्रीय', 'राष्ट्रीय', 'मेमोरियल', 'स्मृति', 'पब्लिक', 'मेडिकल', 'डिग्री', 'कन्या', 'बालिका', 'हवाई', 'इंस्टीट्यूट', 'मॉडल'].map(normalizeKey));
const ORG_PLACES = new Set(['कॉलेज', 'अस्पताल', 'स्कूल', 'अड्डा', 'अड्डे', 'इंस्टीट्यूट', 'केंद्र', 'सेंटर', 'हॉल', 'स्टेशन', 'मंदिर'].map(normalizeKey));

/** First letters of the institution nouns and qualifiers (precomposed nukta letters fold to their base). */
const ORG_FIRST = new Set([...ORG_NOUNS, ...ORG_QUALIFIERS].map((w) => w.charCodeAt(0)));
const NUKTA_BASE = [0x0915, 0x0916, 0x0917, 0x091c, 0x0921, 0x0922, 0x092b, 0x092f];

/** True when the name ending at `end` heads the name of an organisation, a scheme, an award or a place. */
export function namesAnInstitution(text: string, end: number): boolean {
  // Most words after a name start with a letter no institution noun or qualifier starts with.
  let i = end;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0xa0)) i++;
  // A name that ends its paragraph: no read past the end (optimised code is thrown away on one).
  const c = i < text.length ? text.charCodeAt(i) : -1;
  if (!(c >= 0x0900 && c <= 0x097f)) return false;
  if (!ORG_FIRST.has(c >= 0x0958 && c <= 0x095f ? NUKTA_BASE[c - 0x0958]! : c)) return headsInstitutionLater(text, i);
  const w1 = nextWord(text, end);
  if (w1 === undefined) return false;
  const k1 = normalizeKey(w1);
  if (ORG_NOUNS.has(k1)) return true;
  if (!ORG_QUALIFIERS.has(k1)) return headsInstitutionLater(text, i);
  const at = text.indexOf(w1, end) + w1.length;
  const w2 = nextWord(text, at);
  if (w2 === undefined) return false;
  const k2 = normalizeKey(w2);
  if (ORG_NOUNS.has(k2) || ORG_PLACES.has(k2) || headsInstitutionLater(text, i)) return true;
  // `इंदिरा गांधी अंतरराष्ट्रीय हवाई अड्डा`: one more qualifier.
  const w3 = ORG_QUALIFIERS.has(k2) ? nextWord(text, text.indexOf(w2, at) + w2.length) : undefined;
  return w3 !== undefined && (ORG_NOUNS.has(normalizeKey(w3)) || ORG_PLACES.has(normalizeKey(w3)));
}

/** Words between a name and an institution noun that keep them apart: `ओबामा इस योजना`, `मोदी सरकार स्वरोजगार योजना`. */
const NOT_IN_INSTITUTION = new Set(['इस', 'उस', 'यह', 'वह', 'ये', 'वे', 'इन', 'उन', 'इसी', 'उसी', 'अपनी', 'अपने', 'अपना', 'हर', 'किसी', 'जिस', 'एक', 'नई', 'नए', 'नया', 'कल', 'आज', 'अब', 'फिर', 'भी', 'सरकार', 'जी', 'साहब', 'है', 'हैं', 'था', 'थे', 'थी', 'कहा', 'ने', 'को', 'की', 'के', 'का', 'से', 'में', 'पर', 'तक', 'और', 'व', 'एवं', 'तथा', 'या', 'ही']);

/**
 * One or two words and then an institution noun after a name, from `i` (the first of those
 * words): `लाल बहादुर शास्त्री [राष्ट्रीय प्रशासन] अकादमी`, `राजीव गांधी [खेल रत्न] पुरस्कार`. Only
 * institution nouns nobody walks into count (an award, a scheme, an academy, a university): `X
 * [दिल्ली] अस्पताल में` may be a visit.
 */
function headsInstitutionLater(text: string, i: number): boolean {
  let at = i;
  for (let words = 0; words < 3; words++) {
    while (at < text.length && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0xa0)) at++;
    let j = at;
    while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
    if (j === at) return false;
    const c = text.charCodeAt(at);
    if (!(c >= 0x0900 && c <= 0x097f)) return false;
    if (words > 0 && ORG_FIRST.has(c >= 0x0958 && c <= 0x095f ? NUKTA_BASE[c - 0x0958]! : c) && ORG_NOUNS.has(normalizeKey(text.slice(at, j)))) return true;
    // The stop words have no letter the fold changes: looked up as written.
    if (words === 2 || NOT_IN_INSTITUTION.has(text.slice(at, j))) return false;
    at = j;
  }
  return false;
}

/** True when the word after `w1` (the word right after `end`) is an institution noun: `अटल [भूजल] योजना`. */
function headsInstitutionAfterOneWord(text: string, end: number, w1: string): boolean {
  const w2 = nextWord(text, text.indexOf(w1, end) + w1.length);
  return w2 !== undefined && ORG_NOUNS.has(normalizeKey(w2));
}

/** Kinship words: before a name they say whose relative it is (`माइकल के भाई जरमेन`), never part of it. */
const KINSHIP = new Set(['भाई', 'बहन', 'पिता', 'माता', 'मां', 'माँ', 'बेटा', 'बेटी', 'पुत्र', 'पुत्री', 'पत्नी', 'पति', 'चाचा', 'चाची', 'मामा', 'मामी', 'भतीजा', 'भतीजी', 'भांजा', 'भांजी', 'बहू', 'दामाद', 'ससुर', 'सास', 'बेटे', 'भाभी', 'जीजा', 'पोता', 'पोती', 'नाती', 'दोस्त', 'मित्र', 'साथी', 'सहयोगी', 'प्रेमी', 'प्रेमिका', 'मंगेतर'].map(normalizeKey));

/** Words after which a lone word is a noun, not a name: `विजय हासिल करना` (win a victory). */
const NOUN_COMPLEMENTS = new Set(['हासिल', 'प्राप्त', 'सुनिश्चित', 'दर्ज', 'मिली', 'मिलेगी', 'पाने', 'पाई'].map(normalizeKey));

/** Postpositions after which a lone common word still reads as a person (`प्रशांत ने`). */
const PERSON_POSTPOSITIONS = new Set(['ने', 'को', 'की', 'के', 'का', 'से', 'जी'].map(normalizeKey));

/** Words after which a later mention of a name stands on its own: conjunctions, pronouns of the clause before. */
const MENTION_BEFORE = new Set(['कि', 'लेकिन', 'मगर', 'किंतु', 'परंतु', 'जबकि', 'जब', 'तब', 'तो', 'अब', 'फिर', 'उन्होंने', 'उसने', 'वे', 'हम', 'मैं', 'मैंने', 'हमने', 'इसमें', 'इसलिए', 'क्योंकि', 'यहां', 'वहां', 'बल्कि', 'यानी', 'अर्थात'].map(normalizeKey));

/** Words that close a list item. */
const LIST_ENDS = new Set(['और', 'एवं', 'तथा', 'व'].map(normalizeKey));
/** Words that close a list (`A, B, C आदि`). */
const LIST_CLOSERS = new Set(['आदि', 'इत्यादि', 'समेत', 'सहित', 'वगैरह'].map(normalizeKey));

/** Title words that are only parts of designations (`राष्ट्रीय अध्यक्ष`) or follow a name (`जी`). */
const WEAK_TITLES = new Set(
  ['केंद्रीय', 'राज्य', 'गृह', 'वित्त', 'विदेश', 'रक्षा', 'रेल', 'उप', 'प्रदेश', 'राष्ट्रीय', 'लोकसभा', 'विधानसभा', 'पूर्व', 'जी', 'साहब', 'साहेब', 'माननीय', 'मा', 'सिने', 'स्टार', 'सुपरस्टार', 'ग्रैंड', 'डिप्टी', 'महोदय', 'महोदया', 'बाबा', 'जनरल', 'मेजर',
    // Role nouns that are as often ordinary words or the head of a compound (`कोच फ़ैक्ट्री` "coach
    // factory", `भारतीय खिलाड़ी` "Indian players", `एयर कंडीशनिंग`, `मिस यूनिवर्स`, `संस्थापक कुलाधिपति`).
    'कोच', 'खिलाड़ी', 'एयर', 'मिस', 'संस्थापक'].map(normalizeKey),
);

/** Three Latin letters in a row: the article has English text where a Latin spelling of a name may stand. */
const LATIN_WORD_RE = /[A-Za-z]{3}/;

/** What may stand between a party and its member's name: `के`, `नेता`, a closing bracket, a title. */
const PARTY_LINK_RE = /^[\s)]*(?:(?:के|की|का|नेता|सांसद|विधायक|अध्यक्ष|उम्मीदवार|प्रत्याशी|प्रवक्ता|महासचिव|सचिव|प्रमुख|मंत्री|वरिष्ठ|पूर्व)[\s,]*)*$/;

/** Names found with less confidence lend neither their parts nor themselves to the rest of the article. */
const PROPAGATE_MIN_CONFIDENCE = 0.8;

/** How often each one-word PERSON text is found with {@link ONE_WORD_PROPAGATE_MIN_CONFIDENCE} or more. */
function countSingles(spans: readonly Span[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of spans) if (x.label === 'PERSON' && (x.confidence ?? 1) >= ONE_WORD_PROPAGATE_MIN_CONFIDENCE && !/\s/.test(x.text)) m.set(x.text, (m.get(x.text) ?? 0) + 1);
  return m;
}

/** A one-word name lends itself to the rest of the article only found at least this sure. */
const ONE_WORD_PROPAGATE_MIN_CONFIDENCE = 0.9;

/** Below this tagger confidence a lone common word is not taken for a name. */
const COMMON_WORD_MIN_SCORE = 0.9;

/** A paragraph of a document for {@link NameContext.propagate}: its offset and its cached analysis (the identity is the cache key). */
export interface ParagraphRef {
  offset: number;
  analysis: { readonly text: string };
}

/** The short forms of one full name, and its Latin spelling once an article with Latin text needed it. */
interface NameForms {
  /** The name's first and last words, and (`whole`) the name itself when it has several words. */
  words: Array<{ surface: string; key: string; common: boolean; whole: boolean; single?: boolean }>;
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
    this.titles = EXTRA_TITLES.some((w) => !lex.titles.has(normalizeKey(w))) ? new Set([...lex.titles, ...EXTRA_TITLES.map(normalizeKey)]) : lex.titles;
    this.common = new Set(commonWords.words);
    this.places = new Set(placeWords.words);
    this.gluedParties = new GluedParties(index);
  }

  /** The last paragraph's token classes and word ids (scratch: one paragraph at a time). */
  private classScratch = new Int32Array(16);
  private idScratch = new Int32Array(16);

  /** The tagger's names in a paragraph, and its tokens' classes (valid until the next call). */
  tagAndClassify(norm: string, tokens: readonly Token[]): { names: TaggedName[]; cls: Int32Array } {
    if (this.idScratch.length < tokens.length) this.idScratch = new Int32Array(Math.max(tokens.length, this.idScratch.length * 2));
    const names = this.tagger.tag(norm, tokens as Token[], this.idScratch);
    return { names, cls: this.classes(norm, tokens, this.idScratch) };
  }

  /** Each word's classes by the tagger's word id, for the tagger's {@link Tagger.wordEpoch} `epoch`. */
  private wordClasses = new Int32Array(64);
  /** By word id: 0 not classified yet, 1 classified, 2 classified and a party's name glued to a word (in `gluedById`). */
  private classified = new Uint8Array(64);
  private gluedById = new Map<number, GluedParty>();
  private epoch = -1;
  /** The last paragraph's tokens holding a party's name glued to a word: token index, party (scratch). */
  readonly gluedTokens: Array<[number, GluedParty]> = [];
  private readonly gluedParties: GluedParties;
  /** A word of its own after a party's name run together with it (initials would be an acronym going on). */
  private readonly isWordAfterParty = (w: string): boolean => this.isListedWordNotInitials(w) || this.index.matcher.has(w);

  /**
   * The classes of every token of `norm` (bits: GIVEN, TITLE, POSTPOSITION…), from the word ids
   * the tagger gave the tokens (`ids`), each distinct word classified once: the name rules then
   * test a token with one load.
   */
  classes(norm: string, tokens: readonly Token[], ids: Int32Array): Int32Array {
    if (this.epoch !== this.tagger.wordEpoch) {
      this.epoch = this.tagger.wordEpoch;
      this.wordClasses = new Int32Array(64);
      this.classified = new Uint8Array(64);
      this.gluedById.clear();
    }
    this.gluedTokens.length = 0;
    const n = tokens.length;
    if (this.classScratch.length < n) this.classScratch = new Int32Array(Math.max(n, this.classScratch.length * 2));
    const out = this.classScratch;
    let classes = this.wordClasses;
    for (let k = 0; k < n; k++) {
      const id = ids[k]!;
      if (id >= classes.length) {
        const grown = new Int32Array(Math.max(classes.length * 2, id + 1));
        grown.set(classes);
        this.wordClasses = classes = grown;
        const done = new Uint8Array(grown.length);
        done.set(this.classified);
        this.classified = done;
      }
      let done = this.classified[id]!;
      if (done === 0) {
        const w = norm.slice(tokens[k]!.start, tokens[k]!.end);
        classes[id] = this.classify(w);
        const glued = tokens[k]!.kind === 'word' ? this.gluedParties.at(w, this.isWordAfterParty) : undefined;
        if (glued) this.gluedById.set(id, glued);
        this.classified[id] = done = glued ? 2 : 1;
      }
      if (done === 2) this.gluedTokens.push([k, this.gluedById.get(id)!]);
      out[k] = classes[id]!;
    }
    return out;
  }

  /** The classes of one word (see {@link classes}). */
  private classify(w: string): number {
    let c = (this.listed ??= this.listClasses()).get(w) ?? 0;
    if (isAdjectiveOrVerb(w)) c |= ADJECTIVE_OR_VERB;
    if (w.endsWith('ों')) c |= OBLIQUE_PLURAL;
    if (w.length < 2) c |= SHORT;
    if ((c & NAME_WORD) === 0 && w.length >= 5 && hasPlaceSuffix(w)) c |= PLACE;
    let deva = w.length > 0;
    for (let i = 0; i < w.length && deva; i++) {
      const u = w.charCodeAt(i);
      deva = u >= 0x0900 && u <= 0x097f;
    }
    if (deva) c |= DEVANAGARI;
    return c;
  }

  /** True when `w` (normalised) is in one of the word lists: a name word, a title, an ordinary word, a postposition… */
  isListedWord(w: string): boolean {
    return (this.listed ??= this.listClasses()).has(w);
  }

  /** True when `w` is a listed word other than initials (`एसवाई` after `पीएमके` is an acronym going on). */
  isListedWordNotInitials(w: string): boolean {
    const c = (this.listed ??= this.listClasses()).get(w);
    return c !== undefined && (c & (INITIAL | INITIAL_WORD)) === 0;
  }

  /** The classes that come from word lists, by word: one lookup instead of one per list. */
  private listed: Map<string, number> | undefined;
  private listClasses(): Map<string, number> {
    const m = new Map<string, number>();
    const add = (words: Iterable<string>, bit: number) => {
      for (const w of words) m.set(w, (m.get(w) ?? 0) | bit);
    };
    add(this.given, GIVEN);
    add(this.surnames, SURNAME);
    add(this.titles, TITLE);
    add(this.common, COMMON);
    add(this.places, PLACE);
    add(POSTPOSITIONS, POSTPOSITION);
    add(NEVER_NAMES, NEVER);
    add(KINSHIP, KIN);
    add(DEITIES, DEITY);
    add(DEITY_CUES, DEITY_CUE);
    add(SUFFIX_TITLES, SUFFIX_TITLE);
    add(INITIALS, INITIAL);
    add(INITIAL_WORDS, INITIAL_WORD);
    add(ORG_NOUNS, ORG_NOUN);
    add(ORG_QUALIFIERS, ORG_QUALIFIER);
    add(PERSON_POSTPOSITIONS, PERSON_POSTPOSITION);
    add(LIST_ENDS, LIST_END);
    add(NOUN_COMPLEMENTS, NOUN_COMPLEMENT);
    add(WEAK_TITLES, WEAK_TITLE);
    add(AMBIGUOUS_INITIALS, AMBIGUOUS_INITIAL);
    add(ABBREVIATED_GIVEN, ABBREVIATED);
    add(BIO_ROLES, BIO_ROLE);
    add(COPULAS, COPULA);
    add(SENTENCE_ENDS, SENTENCE_END);
    add(['.'], DOT);
    add(['के'], KE);
    add([','], COMMA);
    add([EK], EK_WORD);
    return m;
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
      whole: boolean;
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
    let singles: Map<string, number> | undefined;
    for (const s of spans) {
      if (s.label !== 'PERSON') continue;
      // A weak guess lends nothing: propagated, its error would repeat through the article.
      if ((s.confidence ?? 1) < PROPAGATE_MIN_CONFIDENCE) continue;
      let forms = memo?.forms.get(s.text);
      if (!forms) {
        forms = { words: [] };
        const words = tokenize(s.text).filter((k) => k.kind === 'word' || k.kind === 'latin');
        if (words.length >= 2) {
          // The full name again, where the tagger missed it (a name found twice and missed four times).
          forms.words.push({ surface: s.text, key: normalizeKey(s.text), common: false, whole: true });
          for (const w of [words[0]!, words[words.length - 1]!]) {
            const surface = s.text.slice(w.start, w.end);
            const key = normalizeKey(surface);
            // Two letters or fewer: an initial (`एस.` of `एस. जयशंकर`), not a short form.
            if (key.length < 3 || this.titles.has(key) || POSTPOSITIONS.has(key) || NEVER_NAMES.has(key) || DEITIES.has(key)) continue;
            forms.words.push({ surface, key, common: this.common.has(key), whole: false });
          }
        } else {
          forms.latinDone = true; // a one-word name has no Latin full form to look for
          // A one-word name found with confidence (`सार्कोज़ी`) twice or more, again where the tagger
          // missed it: not an ordinary word, a title or a place, and not a knowledge-base name (the
          // knowledge base finds those itself, and links only when sure). Found once, it may be
          // the tagger's one mistake (`सूरज` "the sun"), which would repeat through the article.
          const key = normalizeKey(s.text);
          if (words.length === 1 && s.source !== 'kb' && key.length >= 3 && (s.confidence ?? 1) >= ONE_WORD_PROPAGATE_MIN_CONFIDENCE && !this.common.has(key) && !this.places.has(key) && !this.titles.has(key) && !POSTPOSITIONS.has(key) && !NEVER_NAMES.has(key) && !DEITIES.has(key))
            forms.words.push({ surface: s.text, key, common: false, whole: true, single: true });
        }
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
        if (w.single && (singles ??= countSingles(spans)).get(s.text)! < 2) continue;
        const part: Part = { full: s, common: w.common, latin: false, whole: w.whole, entityId };
        addKey(w.surface, part);
        addKey(w.key, part);
      }
      if (forms.latin !== undefined) {
        const part: Part = { full: s, common: false, latin: true, whole: false, entityId };
        for (const v of [forms.latin, forms.latin.toLowerCase(), forms.latin.toUpperCase()]) addKey(v, part);
      }
    }
    if (parts.length === 0) return this.linkable(text, inOtherScripts(text, this.listItems(text, joinAdjacent(text, withInitials(text, spans)))));

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
      if (added.length > 0 && added[added.length - 1]!.end > start) continue;
      while (si < spans.length && spans[si]!.end <= start) si++;
      if (si < spans.length && spans[si]!.start < end) continue; // already covered
      const part = parts[hit.payloads[0]!]!;
      if (namesAnInstitution(text, end)) continue;
      const entityId = part.entityId;
      const confidence = Math.round(0.9 * (part.full.confidence ?? 1) * 100) / 100;
      if (part.latin) {
        added.push(copySpan({ label: 'PERSON', source: 'rule', reason: `Latin spelling of ${part.full.text} in this article`, entityId, confidence }, start, end, text.slice(start, end)));
        continue;
      }
      if (part.whole) {
        added.push(copySpan({ label: 'PERSON', source: 'rule', reason: `${part.full.text}, named so elsewhere in this article`, entityId, confidence: part.full.confidence }, start, end, text.slice(start, end)));
        continue;
      }
      const after = nextWord(text, end);
      const afterKey = after === undefined ? undefined : normalizeKey(after);
      // A lone given name followed by a word that is itself a name is another person (`प्रीति
      // नेताम` in an article about `अरविंद नेताम`), and so is a surname after another given
      // name: the span takes the whole name and links to nobody.
      if (afterKey && text.charCodeAt(end) === 0x20 && this.surnames.has(afterKey) && !this.common.has(afterKey) && !POSTPOSITIONS.has(afterKey)) {
        const e = end + 1 + after!.length;
        if (si < spans.length && spans[si]!.start < e) continue;
        added.push(copySpan({ label: 'PERSON', source: 'rule', reason: `another person than ${part.full.text}: ${after} follows`, entityId: undefined, confidence: 0.7 }, start, e, text.slice(start, e)));
        continue;
      }
      const before = previousWord(text, start);
      const beforeKey = before === undefined ? undefined : normalizeKey(before);
      if (beforeKey && text.charCodeAt(start - 1) === 0x20 && this.given.has(beforeKey) && !this.common.has(beforeKey) && !POSTPOSITIONS.has(beforeKey) && !this.titles.has(beforeKey)) {
        const s0 = start - 1 - before!.length;
        // The word before is already another span's or another hit's.
        if ((si > 0 && spans[si - 1]!.end > s0) || (added.length > 0 && added[added.length - 1]!.end > s0)) continue;
        added.push(copySpan({ label: 'PERSON', source: 'rule', reason: `another person than ${part.full.text}: ${before} comes first`, entityId: undefined, confidence: 0.7 }, s0, end, text.slice(s0, end)));
        continue;
      }
      // An ordinary word (`प्रशांत` "calm") is a name only where a person's postposition follows.
      if (part.common && !(afterKey && PERSON_POSTPOSITIONS.has(afterKey))) continue;
      // `अटल भूजल योजना`, `साई प्रेम फाउंडेशन`: a lone short form heading a scheme's or an institution's name.
      if (afterKey && !POSTPOSITIONS.has(afterKey) && headsInstitutionAfterOneWord(text, end, after!)) continue;
      // A later mention stands alone: after punctuation, a postposition, a conjunction or a title,
      // not after a word it may belong with (`छोटा [गांधी]`, `अभी [बाजौड़] में`, `समय [साई] भक्तों`).
      if (beforeKey !== undefined && !POSTPOSITIONS.has(beforeKey) && !this.titles.has(beforeKey) && !MENTION_BEFORE.has(beforeKey)) continue;
      added.push(copySpan({ label: 'PERSON', source: 'rule', reason: `short form of ${part.full.text} seen in this article`, entityId, confidence }, start, end, text.slice(start, end)));
    }
    if (added.length === 0) return this.linkable(text, inOtherScripts(text, this.listItems(text, joinAdjacent(text, withInitials(text, spans)))));
    return this.linkable(text, inOtherScripts(text, this.listItems(text, joinAdjacent(text, withInitials(text, [...spans, ...added].sort((a, b) => a.start - b.start))))));
  }

  /**
   * A knowledge-base short form that is a given name (`हेमंत`, `इंदिरा`) is shared by many
   * people: it stays linked only when the article also names the person in full; otherwise it is
   * an unknown person (a hover naming the wrong politician is the worst error to make).
   */
  linkable(text: string, spans: Span[]): Span[] {
    const given = this.index.givenShortForms;
    let out: Span[] | undefined;
    let full: Set<string> | undefined;
    for (let k = 0; k < spans.length; k++) {
      const s = spans[k]!;
      if (s.label !== 'PERSON' || !s.entityId) continue;
      // `बहुजन समाज पार्टी ( बसपा ) के अमर सिंह`, `समता पार्टी नेता दिग्विजय सिंह`: the article
      // says which party this person is of, and it is not the party of the knowledge base's person
      // of that name: another person.
      const other = this.partyAround(text, spans, k);
      if (other) {
        const who = this.index.persons.get(s.entityId)?.latin ?? s.entityId;
        out ??= spans.slice();
        out[k] = copySpan({ label: 'PERSON', source: s.source, reason: `${s.text} of ${other}, not ${who}: not linked`, entityId: undefined, confidence: Math.min(s.confidence ?? 1, 0.75) }, s.start, s.end, s.text);
        continue;
      }
      if (s.source !== 'kb' || /\s/.test(s.text) || !given.has(normalizeKey(s.text))) continue;
      if (!full) {
        full = new Set();
        for (const x of spans) if (x.label === 'PERSON' && x.entityId && (/\s/.test(x.text) || !given.has(normalizeKey(x.text)))) full.add(x.entityId);
      }
      if (full.has(s.entityId)) continue;
      const who = this.index.persons.get(s.entityId)?.latin ?? s.entityId;
      out ??= spans.slice();
      out[k] = copySpan(
        { label: 'PERSON', source: 'kb', reason: `a given name ${who} shares with others; the article never names ${who} in full, so not linked`, entityId: undefined, confidence: 0.7 },
        s.start,
        s.end,
        s.text,
      );
    }
    return out ?? spans;
  }

  /**
   * The party the text ties span `k` to (a PARTY span just before it with only `के`, `नेता`, a
   * bracket or a title between, or in brackets just after it), when that party is not the
   * knowledge-base person's own: its Latin name, else undefined. Alliances say nothing.
   */
  private partyAround(text: string, spans: readonly Span[], k: number): string | undefined {
    const s = spans[k]!;
    const person = s.entityId ? this.index.persons.get(s.entityId) : undefined;
    if (!person?.party) return undefined;
    const check = (p: Span | undefined, between: string): string | undefined => {
      if (!p || p.label !== 'PARTY' || !p.entityId || !PARTY_LINK_RE.test(between)) return undefined;
      const party = this.index.parties.get(p.entityId);
      if (!party || party.kind !== 'party' || party.id === person.party) return undefined;
      return party.latin;
    };
    const before = k > 0 ? spans[k - 1] : undefined;
    const after = k + 1 < spans.length ? spans[k + 1] : undefined;
    return (
      (before && check(before, text.slice(before.end, s.start))) ||
      (after && /^\s*\(\s*$/.test(text.slice(s.end, after.start)) ? check(after, ' ') : undefined)
    );
  }

  /**
   * Comma lists of people (`अरुंधति रॉय , प्रशांत भूषण , सईदा हमीद और …`): an
   * item of one to three plain words right after a PERSON and a comma, and
   * itself ending at a comma, और/एवं/तथा or the end of the sentence, is a
   * PERSON too; the chain goes on from it.
   */
  listItems(text: string, spans: Span[]): Span[] {
    const added: Span[] = [];
    /** A PERSON span starts at `j` (spaces skipped). */
    const personAt = (j: number): boolean => {
      while (text.charCodeAt(j) === 0x20) j++;
      return spans.some((x) => x.start === j && x.label === 'PERSON');
    };
    const walked = new Set<Span>();
    let widened: Map<Span, Span> | undefined;
    let si = 0;
    for (let k = 0; k < spans.length; k++) {
      let anchor = spans[k]!;
      if (anchor.label !== 'PERSON' || walked.has(anchor)) continue;
      for (;;) {
        let i = anchor.end;
        while (text.charCodeAt(i) === 0x20) i++;
        if (text[i] !== ',') break;
        const item = this.listItem(text, i + 1);
        if (!item) break;
        // Ordinary words and places only inside a longer item that is not all such words, or that
        // stands between two people (`अरुंधति रॉय , प्रशांत भूषण , सईदा हमीद`).
        if (item.commonWords > 0 && (item.words < 2 || item.commonWords === item.words)) {
          const next = item.stop === ',' ? this.listItem(text, item.stopAt + 1) : undefined;
          const nameAfter = item.stop === ',' && (personAt(item.stopAt + 1) || (next !== undefined && next.commonWords < next.words));
          if (item.words < 2 || !nameAfter) break;
        }
        const { start, end } = item;
        // Already a span there (a PERSON goes on the chain; anything else ends it).
        while (si < spans.length && spans[si]!.end <= start) si++;
        const hit = si < spans.length && spans[si]!.start < end ? spans[si]! : undefined;
        if (hit) {
          if (hit.label !== 'PERSON' || hit.start !== start) break;
          walked.add(hit);
          // A name cut short inside the item (`दिनेश त्रिवेदी , [शिशिर] अधिकारी , सौगत राय`): the item is the name.
          if (hit.end < end && (item.stop === ',' || LIST_ENDS.has(item.stop) || LIST_CLOSERS.has(item.stop)) && !(si + 1 < spans.length && spans[si + 1]!.start < end)) {
            const wide = copySpan({ label: 'PERSON', source: hit.source, reason: `${hit.reason}, the whole item of a list after ${anchor.text}`, entityId: undefined, confidence: Math.min(hit.confidence ?? 1, 0.7) }, start, end, text.slice(start, end));
            (widened ??= new Map()).set(hit, wide);
            anchor = wide;
          } else anchor = hit;
          continue;
        }
        anchor = { start, end, label: 'PERSON', text: text.slice(start, end), source: 'rule', reason: `in a list after ${anchor.text}`, confidence: 0.65 };
        added.push(anchor);
      }
      si = 0;
    }
    const kept = widened ? spans.map((x) => widened!.get(x) ?? x) : spans;
    if (added.length === 0) return kept;
    return [...kept, ...added].sort((a, b) => a.start - b.start);
  }
  /**
   * A list item of one to three plain Devanagari words from `i` (spaces skipped), ending at a
   * comma, और/एवं/तथा, आदि, the sentence end or the line end; undefined when it is no such item.
   */
  private listItem(text: string, i: number): { start: number; end: number; words: number; commonWords: number; stop: string; stopAt: number } | undefined {
    while (text.charCodeAt(i) === 0x20) i++;
    const start = i;
    let end = i;
    let words = 0;
    let commonWords = 0;
    let stop = '';
    let previous = '';
    for (;;) {
      let j = i;
      while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
      if (j === i) {
        stop = text[i] ?? '';
        break;
      }
      const key = normalizeKey(text.slice(i, j));
      if (LIST_ENDS.has(key) || LIST_CLOSERS.has(key)) {
        stop = key;
        break;
      }
      words++;
      const name = this.isNameWord(key);
      if (!name && (this.common.has(key) || this.places.has(key))) commonWords++;
      // `कनिका सरकार` among people is the surname Sarkar, unless a known person's name precedes it (`नीतीश सरकार`).
      const surnameSarkar = key === SARKAR && words >= 2 && !this.index.matcher.has(previous);
      if (words > 3 || !/^[\u0900-\u097f]+$/.test(key) || POSTPOSITIONS.has(key) || this.titles.has(key) || (NEVER_NAMES.has(key) && !surnameSarkar) || KINSHIP.has(key) || DEITY_CUES.has(key) || DEITIES.has(key)) return undefined;
      previous = key;
      end = j;
      i = j;
      while (text.charCodeAt(i) === 0x20) i++;
    }
    if (words === 0 || !(stop === ',' || stop === '' || stop === '\n' || stop === '।' || stop === '.' || LIST_ENDS.has(stop) || LIST_CLOSERS.has(stop))) return undefined;
    return { start, end, words, commonWords, stop, stopAt: i };
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
    // Initials alone (`जे` of `आर . जे . जे . कोष`, `जी एम आर के पास`, `डी. जी. पी.`) are an
    // abbreviation, not a name: drop them.
    if (s.source !== 'kb' && s.source !== 'learned' && allInitials(s.text)) {
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
      const dotted = j > prevEnd && text[j - 1] === '.';
      if (dotted) j--;
      while (j > prevEnd && text.charCodeAt(j - 1) === 0x20) j--;
      let h = j;
      while (h > prevEnd && isWordChar(text.charCodeAt(h - 1))) h--;
      if (h === j || j - h > 7) break;
      const w = text.slice(h, j);
      // An abbreviated given name is part of the name too (`मो. इरफान अंसारी`).
      if (!INITIALS.has(w) && !(dotted && ABBREVIATED_GIVEN.has(w))) break;
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

/** Every word of `text` is one initial or two (`जी एम आर`, `डी. जी. पी`). */
function allInitials(text: string): boolean {
  for (const w of text.split(/[\s.]+/)) if (w !== '' && !INITIAL_WORDS.has(w)) return false;
  return true;
}

const oneWord = (s: string): boolean => !/[\s,]/.test(s);

/** One PERSON over `a` and `b` and what lies between, unlinked (each may name someone else alone). */
function joinedPerson(text: string, a: Span, b: Span, reason: string): Span {
  return {
    start: a.start,
    end: b.end,
    label: 'PERSON',
    text: text.slice(a.start, b.end),
    source: a.source === 'kb' ? b.source : a.source,
    reason,
    confidence: Math.min(a.confidence ?? 1, b.confidence ?? 1),
  };
}

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
      out[out.length - 1] = joinedPerson(text, a, b, `joined ${a.text} + ${b.text}`);
      changed = true;
      continue;
    }
    if (a && a.label === 'PERSON' && b.label === 'PERSON' && b.start - a.end <= 9 && !(a.entityId && b.entityId && a.entityId !== b.entityId) && hyphenated(a.text, text.slice(a.end, b.start), b.text)) {
      out[out.length - 1] = joinedPerson(text, a, b, `joined ${a.text} + ${b.text} across a hyphen`);
      changed = true;
      continue;
    }
    out.push(b);
  }
  return changed ? out : spans;
}

/** A language named before a spelling in brackets: `( अंग्रेज़ी : …`, `( अरबी में …`. */
const LANGUAGE_LABEL_RE = /^[\u0900-\u097f]+\s*(?::|में)\s*/;
/** A spelling in another script: letters of any script but Devanagari, spaces between words, up to six words. */
const OTHER_SCRIPT_RE = /^(?:[^\s\u0900-\u097f\p{N}\p{P}\p{S}]+)(?: [^\s\u0900-\u097f\p{N}\p{P}\p{S}]+){0,5}/u;

/**
 * A name and its spelling in other scripts in brackets right after it (a biography lead:
 * `रज़िया इक़बाल ( अंग्रेज़ी : Razia Iqbal )`, `शाहिदा हसन ( उर्दू : شاهدا حسن अँग्रेजी : Shahida
 * Hassan )`, `मिहाईल बयारैन ( Mihail Bayaryn )`): each spelling is the name again. A Latin spelling
 * begins with a capital, the letter the Devanagari name's transliteration begins with (not
 * `(PTI)`, `(Congress)` after a name); another script needs a language named before it.
 */
function inOtherScripts(text: string, spans: Span[]): Span[] {
  let added: Span[] | undefined;
  let next = 0;
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    if (s.label !== 'PERSON') continue;
    let i = s.end;
    while (text.charCodeAt(i) === 0x20) i++;
    if (text.charCodeAt(i) !== 0x28) continue;
    i++;
    const limit = k + 1 < spans.length ? spans[k + 1]!.start : text.length;
    let latinFirst: string | undefined;
    for (let round = 0; round < 3; round++) {
      while (text.charCodeAt(i) === 0x20) i++;
      const label = LANGUAGE_LABEL_RE.exec(text.slice(i, i + 40));
      if (label) i += label[0].length;
      const m = OTHER_SCRIPT_RE.exec(text.slice(i, i + 120));
      if (!m || i + m[0].length > limit) break;
      const y = m[0];
      const c = y.charCodeAt(0);
      const latin = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
      if (latin) {
        latinFirst ??= transliterate(s.text).charAt(0).toUpperCase();
        if (c < 0x41 || c > 0x5a || y.charAt(0) !== latinFirst || y === y.toUpperCase()) break;
      } else if (!label) break;
      if (next > i) break;
      (added ??= []).push(copySpan({ label: 'PERSON', source: 'rule', reason: `${s.text} spelt in another script`, entityId: s.entityId, confidence: Math.min(s.confidence ?? 1, 0.8) }, i, i + y.length, y));
      i += y.length;
      next = i;
      while (text.charCodeAt(i) === 0x20) i++;
      const sep = text.charCodeAt(i);
      if (sep === 0x3b || sep === 0x2c) i++; // `;` `,` between spellings
      else if (!(sep >= 0x0900 && sep <= 0x097f)) break;
    }
  }
  return added ? [...spans, ...added].sort((a, b) => a.start - b.start) : spans;
}

/** Arabic and Persian particles inside a hyphenated name: `अल - बशीर`, `मिस्बाह-उल-हक़`, `जान-ए-जनान`. */
const NAME_PARTICLES = new Set(['अल', 'उल', 'ए', 'बिन', 'इब्न', 'उद', 'उद्']);
const HYPHEN_RE = /^ ?[-‐–] ?$/;
const PARTICLE_BETWEEN_RE = /^ ?[-‐–] ?(?:अल|उल|ए|बिन|इब्न|उद्?) ?[-‐–] ?$/;

/**
 * Two names with a hyphen between are one name (GUIDELINES.md: the name as written) when a
 * particle joins them (`अल - बशीर`, `मोहसिन - उल - मुल्क`) or a full name ends in a
 * double-barrelled surname or begins with a double given name (`जेनिफ़र लवलैंड-कर्ट्ज़`,
 * `जीन-पॉल सार्त्र`); two one-word names glued by a hyphen are a pair (`मोदी-शाह`), so are two
 * full names, and a spaced hyphen alone is a dash.
 */
function hyphenated(a: string, between: string, b: string): boolean {
  if (PARTICLE_BETWEEN_RE.test(between)) return true;
  if (!HYPHEN_RE.test(between)) return false;
  const lastA = /[^\s\-‐–]*$/.exec(a)![0];
  const firstB = /^[^\s\-‐–]*/.exec(b)![0];
  if (NAME_PARTICLES.has(lastA) || NAME_PARTICLES.has(firstB)) return true;
  return between.length === 1 && oneWord(a) !== oneWord(b);
}

/** The word before `to` (spaces skipped), or undefined at punctuation or the start. */
function previousWord(text: string, to: number): string | undefined {
  let j = to;
  while (j > 0 && (text.charCodeAt(j - 1) === 0x20 || text.charCodeAt(j - 1) === 0xa0)) j--;
  let i = j;
  while (i > 0 && isWordChar(text.charCodeAt(i - 1))) i--;
  return j > i ? text.slice(i, j) : undefined;
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
 * Word classes: bits of a token's entry in {@link NameContext.classes}, one set per distinct
 * word. The rules below test a token's classes with one load, instead of cutting its string
 * out of the text and hashing it into a dozen sets at every look.
 */
const GIVEN = 1;
const SURNAME = 1 << 1;
const TITLE = 1 << 2;
const POSTPOSITION = 1 << 3;
const COMMON = 1 << 4;
const PLACE = 1 << 5;
const NEVER = 1 << 6;
const KIN = 1 << 7;
const DEITY = 1 << 8;
const DEITY_CUE = 1 << 9;
const SUFFIX_TITLE = 1 << 10;
const ADJECTIVE_OR_VERB = 1 << 11;
/** One initial (`डी`). */
const INITIAL = 1 << 12;
/** One initial or two run together (`डी`, `एए`). */
const INITIAL_WORD = 1 << 13;
const ORG_NOUN = 1 << 14;
const PERSON_POSTPOSITION = 1 << 15;
const LIST_END = 1 << 16;
const NOUN_COMPLEMENT = 1 << 17;
/** Devanagari letters and signs only. */
const DEVANAGARI = 1 << 18;
/** Ends in `ों`. */
const OBLIQUE_PLURAL = 1 << 19;
const WEAK_TITLE = 1 << 20;
const AMBIGUOUS_INITIAL = 1 << 21;
const ABBREVIATED = 1 << 22;
const BIO_ROLE = 1 << 23;
const COPULA = 1 << 24;
/** Shorter than two code units. */
const SHORT = 1 << 25;
const DOT = 1 << 26;
/** `के` (the postposition or the initial). */
const KE = 1 << 27;
const COMMA = 1 << 28;
const EK_WORD = 1 << 29;
const SENTENCE_END = 1 << 30;
const NAME_WORD = GIVEN | SURNAME;
const ORG_QUALIFIER = 1 << 31;

/** The text of token `k`. */
function wordAt(norm: string, tokens: readonly Token[], k: number): string {
  return norm.slice(tokens[k]!.start, tokens[k]!.end);
}

/** True when a line break stands in `norm[from, to)`. */
function hasNewline(norm: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (norm.charCodeAt(i) === 0x0a) return true;
  return false;
}

/** `भगवान शिव`, `जय श्री राम`: token `k` follows a deity cue (a title may stand between). */
function afterDeityCue(cls: Int32Array, k: number): boolean {
  return (k >= 1 && (cls[k - 1]! & DEITY_CUE) !== 0) || (k >= 2 && (cls[k - 1]! & TITLE) !== 0 && (cls[k - 2]! & DEITY_CUE) !== 0);
}

/**
 * PERSON candidates in one normalised paragraph: the tagger's names, and
 * names right after a title or honorific when the words are known given
 * names or surnames.
 */
export function findNameCandidates(t: NormalizedText, tokens: readonly Token[], ctx: NameContext, kbMatches: readonly KbMatch[] = []): NameCandidate[] {
  const out: NameCandidate[] = [];
  const { names, cls } = ctx.tagAndClassify(t.norm, tokens);
  taggerNames(t, tokens, cls, names, out);
  titleNames(t.norm, tokens, cls, out);
  initialNames(t.norm, tokens, cls, out);
  cueNames(t.norm, tokens, cls, out);
  if (mayHoldLineUp(t.norm, cls, tokens.length)) lineUpNames(t.norm, tokens, cls, out);
  if (out.length > 0 && t.norm.includes(SARKAR)) withSurnameSarkar(t.norm, tokens, ctx, out);
  if (kbMatches.length > 0) partyMemberNames(t.norm, tokens, cls, kbMatches, out);
  if (out.length > 0) overAdjacentNameWords(tokens, cls, out);
  aroundShortForms(t, tokens, cls, kbMatches, ctx, out);
  return out;
}

/**
 * Ordinary words, places and the words of an institution's name at the edges of a longer name are
 * context, not name (`उन्नीकृष्णन शहीद`, `नेहरा हरयाणा`, `इंदिरा गांधी मेमोरियल`).
 */
function isEdgeNoise(c: number): boolean {
  return (c & NAME_WORD) === 0 && (c & (PLACE | COMMON | NEVER | ORG_NOUN | ORG_QUALIFIER)) !== 0;
}

/** A plain word at `k`: no postposition, title, ordinary word, place or never-name. */
function isPlain(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  return k >= 0 && k < tokens.length && tokens[k]!.kind === 'word' && (cls[k]! & (POSTPOSITION | TITLE | COMMON | PLACE | NEVER)) === 0;
}

/**
 * A name that starts at a surname (`साद [हरीरी]`, `प्रवक्ता जयंती [नटराजन]`) usually lost its
 * given name: a word no list calls a name, between a boundary (a title, a postposition,
 * punctuation, the start) and the surname, is taken in; an ordinary word only right after a title.
 */
function isGivenSlot(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  if (k < 0 || tokens[k]!.kind !== 'word') return false;
  const c = cls[k]!;
  if ((c & (SHORT | POSTPOSITION | TITLE | PLACE | NEVER | KIN | INITIAL | ADJECTIVE_OR_VERB)) !== 0) return false;
  const p = k - 1;
  const afterTitle = p >= 0 && (cls[p]! & TITLE) !== 0;
  if ((c & COMMON) !== 0 && !afterTitle) return false;
  return p < 0 || afterTitle || tokens[p]!.kind === 'punct' || (cls[p]! & POSTPOSITION) !== 0;
}

/** The tagger's names, trimmed of titles, postpositions and context words, and extended over a name word it left out. */
function taggerNames(t: NormalizedText, tokens: readonly Token[], cls: Int32Array, names: readonly TaggedName[], out: NameCandidate[]): void {
  const n = tokens.length;
  for (const name of names) {
    // Titles and postpositions stay outside the span, whatever the tagger says.
    let a = name.firstToken;
    let b = name.endToken - 1;
    while (a <= b && ((cls[a]! & (TITLE | KIN)) !== 0 || tokens[a]!.kind === 'punct')) a++;
    while (b >= a && ((cls[b]! & (POSTPOSITION | SUFFIX_TITLE)) !== 0 || tokens[b]!.kind === 'punct')) b--;
    while (b > a && isEdgeNoise(cls[b]!)) b--;
    while (a < b && isEdgeNoise(cls[a]!)) a++;
    if (a > b) continue;
    // Latin text: a name is capitalised (`Please enter your name` has none).
    if (tokens[a]!.kind === 'latin') {
      const rs = t.toRaw[tokens[a]!.start]!;
      const c = t.raw.charCodeAt(rs);
      if (!(t.toRaw[tokens[a]!.end]! > rs && c >= 0x41 && c <= 0x5a)) continue;
    }
    // A known given name just before, or a known surname just after, that the tagger left out (`[सुषमा] कँवर`).
    const before = a - 1;
    const after = b + 1;
    const gapBefore = before >= 0 && tokens[a]!.start === tokens[before]!.end + 1;
    const gapAfter = after < n && tokens[after]!.start === tokens[b]!.end + 1;
    if (a === name.firstToken && gapBefore && isPlain(tokens, cls, before) && (cls[before]! & GIVEN) !== 0) a = before;
    else if (a === name.firstToken && gapBefore && a === b && (cls[a]! & (GIVEN | COMMON)) === 0 && isGivenSlot(tokens, cls, before)) a = before;
    if (b === name.endToken - 1 && gapAfter && isPlain(tokens, cls, after) && (cls[after]! & SURNAME) !== 0) b = after;
    if (a === b) {
      const c = cls[a]!;
      if ((c & PLACE) !== 0 && (c & NAME_WORD) === 0) continue;
      if ((c & (NEVER | ADJECTIVE_OR_VERB | DEITY)) !== 0) continue;
    }
    // `भगवान राम`: a deity's name after its cue, whatever the tagger took in (`देवी लाल`, `जय
    // प्रकाश`, `प्रभु चावला` are people: only cues that never begin a person's name count).
    if (afterDeityCue(cls, a) || ((cls[a]! & DEITY_CUE) !== 0 && GOD_ONLY_CUES.has(wordAt(t.norm, tokens, a)))) continue;
    if (a === b) {
      // `मो.` alone: the name it abbreviates goes on after the full stop (the document pass joins them).
      if ((cls[a]! & ABBREVIATED) !== 0 && a + 1 < n && (cls[a + 1]! & DOT) !== 0) continue;
      if (b + 1 < n && (cls[b + 1]! & NOUN_COMPLEMENT) !== 0) continue;
      // A single ordinary word (`विजय` "victory", `आलाकमान` "high command") needs a confident tagger.
      if ((cls[a]! & COMMON) !== 0 && (cls[a]! & NAME_WORD) === 0 && name.score < COMMON_WORD_MIN_SCORE) continue;
    }
    out.push({ start: tokens[a]!.start, end: tokens[b]!.end, source: 'tagger', reason: `tagger (${name.score.toFixed(2)})`, confidence: taggerConfidence(name.score), aroundShortForm: false });
  }
}

/** Names right after a title or honorific: known name words, or words no list knows before a person's postposition. */
function titleNames(norm: string, tokens: readonly Token[], cls: Int32Array, out: NameCandidate[]): void {
  const n = tokens.length;
  for (let k = 0; k < n; k++) {
    if ((cls[k]! & TITLE) === 0 || (tokens[k]!.kind !== 'word' && tokens[k]!.kind !== 'latin')) continue;
    let j = k + 1;
    // Skip a title chain (`पूर्व मुख्यमंत्री`) and an abbreviation dot (`डॉ.`).
    while (j < n && (cls[j]! & (TITLE | DOT)) !== 0) j++;
    let e = j;
    let known = 0;
    while (e < n && e - j < 3 && tokens[e]!.kind === 'word') {
      const c = cls[e]!;
      if ((c & (POSTPOSITION | TITLE)) !== 0 || ((c & COMMON) !== 0 && (c & NAME_WORD) === 0)) break;
      if ((c & NAME_WORD) !== 0) known++;
      e++;
    }
    if (afterDeityCue(cls, j) || (e === j + 1 && (cls[j]! & DEITY) !== 0)) continue;
    if (e > j && known > 0 && known >= e - j - 1) {
      out.push({ start: tokens[j]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: `after title '${wordAt(norm, tokens, k)}'`, confidence: known === e - j ? 0.9 : 0.82, aroundShortForm: false });
    } else if (e > j && e - j <= 2 && (cls[k]! & WEAK_TITLE) === 0 && e < n && (cls[e]! & (PERSON_POSTPOSITION | COMMA | LIST_END)) !== 0 && unknownWords(cls, j, e)) {
      // Words no list knows between a designation and a person's postposition, a comma or और
      // (`मुख्यमंत्री ज़ोरामथांगा का`, `राजदूत संधू ,`).
      out.push({ start: tokens[j]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: `after title '${wordAt(norm, tokens, k)}', before a postposition`, confidence: 0.7, aroundShortForm: false });
    } else if (e === j && j + 1 < n && (cls[j - 1]! & BIO_ROLE) !== 0 && PERFORMER_ROLES.has(wordAt(norm, tokens, j - 1)) && tokens[j]!.kind === 'word' && (cls[j + 1]! & PERSON_POSTPOSITION) !== 0 && isWordThatMayName(cls, j) && !wordAt(norm, tokens, j).endsWith(NE)) {
      // `अभिनेत्री रेखा ने`: after a performer's role (a noun of persons only, never an adjective
      // as `वैज्ञानिक` "scientific" is), an ordinary word before a person's postposition is a given name.
      out.push({ start: tokens[j]!.start, end: tokens[j]!.end, source: 'rule', reason: `after the role '${wordAt(norm, tokens, j - 1)}', an ordinary word before a postposition`, confidence: 0.7, aroundShortForm: false });
    }
  }
}

/** The ending of an oblique infinitive (`अभिनेता बनने का`): a verb, not a name. */
const NE = normalizeKey('ने');

/** Roles of performers and writers: nouns said only of persons (`अभिनेत्री रेखा`, `गायक मुकेश`). */
const PERFORMER_ROLES = new Set(['अभिनेत्री', 'अभिनेता', 'अदाकारा', 'अदाकार', 'गायिका', 'गायक', 'लेखिका', 'कवयित्री', 'नृत्यांगना', 'नर्तकी', 'पहलवान', 'मुक्केबाज'].map(normalizeKey));

/** Token `k` is an ordinary Devanagari word that may also be a given name: no verb, adjective, oblique plural, place, title or institution. */
function isWordThatMayName(cls: Int32Array, k: number): boolean {
  const c = cls[k]!;
  return (c & DEVANAGARI) !== 0 && (c & (SHORT | POSTPOSITION | TITLE | NEVER | KIN | DEITY | PLACE | OBLIQUE_PLURAL | ADJECTIVE_OR_VERB | ORG_NOUN | INITIAL_WORD)) === 0;
}

/** Tokens `[a, b)` are Devanagari words no list knows (oblique plurals, `जनशिकायतों`, and institutions, `हवाईअड्डे`, are nouns, never names). */
function unknownWords(cls: Int32Array, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const c = cls[k]!;
    if ((c & DEVANAGARI) === 0 || (c & (OBLIQUE_PLURAL | PLACE | NEVER | COMMON | ORG_NOUN | ADJECTIVE_OR_VERB)) !== 0) return false;
  }
  return true;
}

/** Initials at token `k`; letter names that are a role (`पीएम`, `सीएम`, `एसपी`) are titles, not initials. */
function isInitialAt(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  const t = tokens[k]!;
  return t.kind === 'word' && (cls[k]! & INITIAL_WORD) !== 0 && (t.end - t.start <= 2 || (cls[k]! & TITLE) === 0);
}

/**
 * Initials and then one or two words no list calls ordinary, before a
 * postposition, और or a comma: `जी ई वाहनवती का`, `डी राया और`, `एए जिन्ना ने`.
 */
function initialNames(norm: string, tokens: readonly Token[], cls: Int32Array, out: NameCandidate[]): void {
  const n = tokens.length;
  for (let k = 0; k < n; k++) {
    if (!isInitialAt(tokens, cls, k)) continue;
    if (k > 0 && isInitialAt(tokens, cls, k - 1)) continue; // not the start of the run
    // A leading के after a word is the postposition (`बैंक के के सी चक्रवर्ती`).
    const st = (cls[k]! & KE) !== 0 && k > 0 && tokens[k - 1]!.kind === 'word' ? k + 1 : k;
    let j = st;
    let letters = 0;
    let ambiguousOnly = true;
    while (j < n && isInitialAt(tokens, cls, j)) {
      letters += (cls[j]! & INITIAL) !== 0 ? 1 : 2;
      if ((cls[j]! & AMBIGUOUS_INITIAL) === 0) ambiguousOnly = false;
      j++;
      if (j < n && (cls[j]! & DOT) !== 0) j++;
    }
    if (j === st || (letters === 1 && ambiguousOnly)) continue;
    let e = j;
    while (e < n && e - j < 2 && tokens[e]!.kind === 'word') {
      const c = cls[e]!;
      if ((c & DEVANAGARI) === 0 || (c & (POSTPOSITION | TITLE | NEVER | INITIAL_WORD | ADJECTIVE_OR_VERB)) !== 0) break;
      if ((c & NAME_WORD) === 0 && (c & (COMMON | PLACE)) !== 0) break;
      e++;
    }
    if (e === j) continue;
    // Before a person's postposition, और or a comma; one word before other punctuation than a
    // hyphen or full stop, or the text's end, too (`एम. पेट्टन (`; two could be an acronym's
    // words: `यू. एस. एजुकेशन कोलैबोरेशन (`).
    const punctAfter = e >= n || (tokens[e]!.kind === 'punct' && !isPunctIn(norm, tokens, e, '-–.'));
    if ((e >= n || (cls[e]! & (PERSON_POSTPOSITION | LIST_END | COMMA)) === 0) && !(punctAfter && e === j + 1)) continue;
    out.push({ start: tokens[st]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: 'initials and a name', confidence: 0.75, aroundShortForm: false });
    k = e - 1;
  }
}

const KI = normalizeKey('की');

/**
 * `भाजपा के धानसिंह पोर्ते और`, `भाजपा की कांता नलावडे से`: after a party and के / की, two or
 * three name words or words no list knows (or one name word), before a person's postposition, a
 * comma, और or punctuation, are a member's name. Only the party matches are visited.
 */
function partyMemberNames(norm: string, tokens: readonly Token[], cls: Int32Array, matches: readonly KbMatch[], out: NameCandidate[]): void {
  const n = tokens.length;
  let k = 0;
  for (const m of matches) {
    if (m.label !== 'PARTY' || m.weak) continue;
    while (k < n && tokens[k]!.end < m.end) k++;
    if (k + 2 >= n || tokens[k]!.end !== m.end) continue;
    const of = k + 1;
    if (tokens[of]!.kind !== 'word' || ((cls[of]! & KE) === 0 && wordAt(norm, tokens, of) !== KI)) continue;
    const j = of + 1;
    let e = j;
    while (e < n && e - j < 3 && tokens[e]!.kind === 'word') {
      const c = cls[e]!;
      if (!(((c & NAME_WORD) !== 0 && (c & NOT_BESIDE_NAME) === 0) || isUnlisted(tokens, cls, e))) break;
      e++;
    }
    // One word no list knows is as often a noun (`भाजपा के दावे`, `कांग्रेस के कोटे से`).
    if (e === j || e >= n || (e === j + 1 && (cls[j]! & NAME_WORD) === 0)) continue;
    const after = tokens[e]!;
    // A hyphen goes on with a compound (`आमने-सामने`): no end of a name.
    const ends = after.kind === 'punct' ? !isPunctIn(norm, tokens, e, '-–') : (cls[e]! & (PERSON_POSTPOSITION | LIST_END)) !== 0;
    if (!ends) continue;
    out.push({ start: tokens[j]!.start, end: tokens[e - 1]!.end, source: 'rule', reason: `a member of ${norm.slice(m.start, m.end)}`, confidence: 0.75, aroundShortForm: false });
  }
}

/** Classes that keep a word out of a name beside it. */
const NOT_BESIDE_NAME = POSTPOSITION | TITLE | COMMON | PLACE | NEVER | KIN | DEITY | ADJECTIVE_OR_VERB | SHORT;

/** Token `k` is a Devanagari word of three letters or more that no list knows (nor an oblique plural, verb or adjective form). */
function isUnlisted(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  const c = cls[k]!;
  return tokens[k]!.kind === 'word' && tokens[k]!.end - tokens[k]!.start >= 3 && (c & DEVANAGARI) !== 0 && (c & ~DEVANAGARI) === 0;
}

/** Token `k` is an initial that is never an ordinary word (`एच`, `वी`, `एचपी`; not के, जी). */
function isPlainInitial(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  return isInitialAt(tokens, cls, k) && (cls[k]! & AMBIGUOUS_INITIAL) === 0;
}

/**
 * A name takes in the name words right beside it (GUIDELINES.md: given name, initials and surname
 * are one span): before it a known given name or an initial (`रोनाल्ड [एच कोज]`, `[वी. पंत]`
 * after `हर्ष`), after it a known surname, or an initial with its full stop and the word after
 * (`[हर्ष वी]. पंत`). Ordinary words, places, titles and postpositions never join. Only the
 * candidates are visited (a few per paragraph), each neighbour tested with one class load.
 */
function overAdjacentNameWords(tokens: readonly Token[], cls: Int32Array, out: NameCandidate[]): void {
  const n = tokens.length;
  for (const c of out) {
    let a = tokenAt(tokens, c.start);
    if (a < 0) continue;
    let b = a;
    while (b < n && tokens[b]!.end < c.end) b++;
    if (b >= n || tokens[b]!.end !== c.end) continue;
    const a0 = a;
    const b0 = b;
    for (let steps = 0; steps < 3 && a > 0; steps++) {
      const p = a - 1;
      const tp = tokens[p]!;
      // `वी. पंत`: an initial and its full stop.
      if (tp.kind === 'punct' && (cls[p]! & DOT) !== 0 && p > 0 && tokens[p - 1]!.end === tp.start && tokens[a]!.start - tp.end <= 1 && isPlainInitial(tokens, cls, p - 1)) {
        a = p - 1;
        continue;
      }
      if (tp.kind !== 'word' || tokens[a]!.start !== tp.end + 1) break;
      const cp = cls[p]!;
      if (isPlainInitial(tokens, cls, p) || ((cp & GIVEN) !== 0 && (cp & NOT_BESIDE_NAME) === 0 && !afterDeityCue(cls, p))) a = p;
      // `प्रोफ़ेसर जेन्स [अरूप सीप]`: a word no list knows between a title and a name is its given name.
      // `सचिव वाणी [राव]`: after a title, an ordinary word before a lone surname is a given name too.
      else if (p > 0 && (cls[p - 1]! & TITLE) !== 0 && (isUnlisted(tokens, cls, p) || (a === b0 && a === a0 && (cls[a]! & SURNAME) !== 0 && (cp & (NOT_BESIDE_NAME & ~COMMON)) === 0 && (cls[p - 1]! & SUFFIX_TITLE) === 0 && tp.end - tp.start >= 3))) {
        a = p;
        break;
      } else break;
    }
    for (let steps = 0; steps < 2 && b + 1 < n; steps++) {
      const q = b + 1;
      const tq = tokens[q]!;
      // `हर्ष वी. पंत`: a name ending in an initial goes on after its full stop.
      if (tq.kind === 'punct' && (cls[q]! & DOT) !== 0 && tq.start === tokens[b]!.end && isPlainInitial(tokens, cls, b) && q + 1 < n) {
        const r = q + 1;
        const cr = cls[r]!;
        if (tokens[r]!.kind === 'word' && tokens[r]!.start - tq.end <= 1 && (((cr & NAME_WORD) !== 0 && (cr & NOT_BESIDE_NAME) === 0) || isPlainInitial(tokens, cls, r) || isUnlisted(tokens, cls, r))) {
          b = r;
          continue;
        }
        break;
      }
      if (tq.kind !== 'word' || tq.start !== tokens[b]!.end + 1) break;
      const cq = cls[q]!;
      if ((cq & SURNAME) !== 0 && (cq & NOT_BESIDE_NAME) === 0) b = q;
      // `राष्ट्रपति [सुसीलो बेमबंग] युधोयोनो भी`: after a title, a word no list knows before a
      // postposition or punctuation ends the name.
      else if (a > 0 && (cls[a - 1]! & TITLE) !== 0 && isUnlisted(tokens, cls, q) && (q + 1 >= n || tokens[q + 1]!.kind === 'punct' || (cls[q + 1]! & POSTPOSITION) !== 0)) {
        b = q;
        break;
      } else break;
    }
    if (a === a0 && b === b0) continue;
    c.start = tokens[a]!.start;
    c.end = tokens[b]!.end;
    c.reason += ', with the name words beside it';
  }
}

/**
 * `अजित सरकार`, `कनिका सरकार`: after a given name no list ties to a known person, सरकार is the
 * Bengali surname; after a known politician's name it is their government (`नीतीश सरकार`).
 */
function withSurnameSarkar(norm: string, tokens: readonly Token[], ctx: NameContext, out: NameCandidate[]): void {
  for (const c of out) {
    const k = tokenAt(tokens, c.start);
    if (k < 0 || tokens[k]!.end !== c.end || k + 1 >= tokens.length) continue;
    const w = wordAt(norm, tokens, k);
    if (wordAt(norm, tokens, k + 1) !== SARKAR || tokens[k + 1]!.start !== c.end + 1 || !ctx.given.has(w) || ctx.surnames.has(w) || ctx.index.matcher.longestAt(norm, c.start)) continue;
    c.end = tokens[k + 1]!.end;
    c.reason += ', with the surname सरकार';
  }
}

/**
 * Names around a knowledge-base short form: `ललित [मोदी]`, `[हेमंत] ताले`. A surname short form
 * with a name word just before it, or a given-name short form with one just after it, is
 * another person's name (GUIDELINES.md: the longest reading): the candidate takes up to two
 * adjacent name words and links to nobody. A name word is one of the lexicons' (and not an
 * ordinary word), or a word no list knows on the side where the rest of a name would stand.
 */
function aroundShortForms(t: NormalizedText, tokens: readonly Token[], cls: Int32Array, matches: readonly KbMatch[], ctx: NameContext, out: NameCandidate[]): void {
  const norm = t.norm;
  let k = 0;
  for (const m of matches) {
    if (m.label !== 'PERSON' || m.kind !== 'short') continue;
    while (k < tokens.length && tokens[k]!.start < m.start) k++;
    if (k >= tokens.length || tokens[k]!.start !== m.start) continue;
    let j = k;
    while (j < tokens.length && tokens[j]!.end < m.end) j++;
    if (j >= tokens.length || tokens[j]!.end !== m.end) continue;
    let a = k;
    let b = j;
    if (ctx.index.givenShortForms.has(norm.slice(m.start, m.end))) {
      while (b + 1 < tokens.length && b - j < 2 && isNameWordBeside(tokens, cls, matches, m, b + 1, b)) b++;
    } else {
      while (a > 0 && k - a < 2 && isNameWordBeside(tokens, cls, matches, m, a - 1, a)) a--;
    }
    if (b === j && namesAnInstitution(t.raw, t.toRaw[m.end]!)) continue;
    if (a === k && b === j) continue;
    const who = m.entityId ? (ctx.index.persons.get(m.entityId)?.latin ?? m.entityId) : '';
    out.push({
      start: tokens[a]!.start,
      end: tokens[b]!.end,
      source: 'rule',
      reason: `a name around '${norm.slice(m.start, m.end)}', another person than ${who}`,
      confidence: 0.75,
      aroundShortForm: true,
    });
  }
}

/**
 * Token `i`, next to token `next` of a short form `m`, is a word of another person's name: one
 * of the lexicons' (and not an ordinary word), or a word no list knows where a name would end or
 * begin (next to the start or end, punctuation, a postposition, a title, an ordinary word).
 */
function isNameWordBeside(tokens: readonly Token[], cls: Int32Array, matches: readonly KbMatch[], m: KbMatch, i: number, next: number): boolean {
  const tk = tokens[i]!;
  if (tk.kind !== 'word' || (Math.abs(tokens[next]!.start - tk.end) !== 1 && Math.abs(tk.start - tokens[next]!.end) !== 1)) return false;
  const c = cls[i]!;
  if ((c & (SHORT | POSTPOSITION | TITLE | NEVER | INITIAL)) !== 0) return false;
  for (const x of matches) if (x !== m && x.start < tk.end && tk.start < x.end) return false;
  if ((c & (COMMON | ORG_NOUN | ORG_QUALIFIER | KIN | ADJECTIVE_OR_VERB)) !== 0) return false;
  if ((c & NAME_WORD) !== 0) return true;
  const far = i > next ? i + 1 : i - 1;
  const boundary = far < 0 || far >= tokens.length || tokens[far]!.kind === 'punct' || (cls[far]! & (POSTPOSITION | TITLE | COMMON)) !== 0;
  return boundary && (c & PLACE) === 0 && tk.end - tk.start >= 3;
}

/** Endings of Indian place names (`संजरपुर`, `रामनगर`, `अलीगढ़`, `हज़रतगंज`, `मुरादाबाद`): in the corpora none ends a person's name. */
const PLACE_SUFFIXES = ['पुर', 'पुरा', 'नगर', 'गढ़', 'गंज', 'ाबाद'].map(normalizeKey);

function hasPlaceSuffix(w: string): boolean {
  for (const x of PLACE_SUFFIXES) if (w.endsWith(x)) return true;
  return false;
}

/**
 * Word forms that are never names: `-वादी` adjectives (`सुधारवादी` "reformist"), oblique
 * infinitives (`बाँटने` "to distribute"), oblique plurals (`नेताओं`), collective plurals (`मंत्रीगण`).
 */
function isAdjectiveOrVerb(w: string): boolean {
  return w.length > 4 && (w.endsWith('वादी') || w.endsWith('ाने') || w.endsWith('ों') || w.endsWith('ाओं') || w.endsWith('गण'));
}

/** The tagger's score (a sigmoid of its margin, 0.5 to 1) as a confidence a little below a knowledge-base name's. */
function taggerConfidence(score: number): number {
  return Math.round(Math.min(0.95, Math.max(0.3, 0.95 * score)) * 100) / 100;
}

const SARKAR = normalizeKey('सरकार');

/** Role nouns of a biography lead (`X एक भारतीय अभिनेता हैं`). */
const BIO_ROLES = new Set(
  ['अभिनेता', 'अभिनेत्री', 'राजनेता', 'राजनीतिज्ञ', 'खिलाड़ी', 'क्रिकेटर', 'लेखक', 'लेखिका', 'कवि', 'कवयित्री', 'गायक', 'गायिका', 'निर्देशक', 'पत्रकार', 'वैज्ञानिक', 'अर्थशास्त्री', 'इतिहासकार', 'साहित्यकार', 'उपन्यासकार', 'संगीतकार', 'चित्रकार', 'उद्योगपति', 'समाजसेवी', 'न्यायाधीश', 'वकील', 'मॉडल', 'पहलवान', 'मुक्केबाज', 'धावक', 'कलाकार', 'नर्तक', 'नृत्यांगना', 'फ़िल्मकार', 'फिल्मकार', 'निर्माता', 'दार्शनिक', 'शायर', 'गीतकार', 'अदाकारा', 'टेनिस', 'फुटबॉलर'].map(normalizeKey),
);
const COPULAS = new Set(['है', 'हैं', 'था', 'थे', 'थी', 'थीं'].map(normalizeKey));
const ALIAS = new Set(['उर्फ', 'उर्फ़', 'alias', 'aka'].map(normalizeKey));
const BYLINE = new Set(['रिपोर्ट', 'रिपोर्टर', 'संवाददाता', 'लेखक', 'इनपुट', 'साभार', 'प्रस्तुति', 'द्वारा', 'by'].map(normalizeKey));
const SENTENCE_ENDS = new Set(['।', '.', '?', '!', '|', '॥']);

/** Punctuation after which a sentence starts (a closing quote too): `।.?!|॥"'`. */
function isSentenceStarter(c: number): boolean {
  return c === 0x0964 || c === 0x2e || c === 0x3f || c === 0x21 || c === 0x7c || c === 0x0965 || c === 0x22 || c === 0x27;
}

/** Token `k` is punctuation found in `chars`. */
function isPunctIn(norm: string, tokens: readonly Token[], k: number, chars: string): boolean {
  return k >= 0 && k < tokens.length && tokens[k]!.kind === 'punct' && chars.includes(wordAt(norm, tokens, k));
}

/** Token `k` may be a word of a name marked by its context. */
function isNameLike(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  if (k < 0 || k >= tokens.length || tokens[k]!.kind !== 'word') return false;
  const c = cls[k]!;
  if ((c & (SHORT | POSTPOSITION | TITLE | NEVER | KIN | ORG_NOUN | DEITY | ADJECTIVE_OR_VERB)) !== 0) return false;
  return (c & NAME_WORD) !== 0 || (c & (COMMON | PLACE)) === 0;
}

/** The first word of a name at a sentence start may be an ordinary word too (`पृथ्वी ज़ुत्शी`, `मेल गिब्सन`). */
function isFirstNameLike(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  if (isNameLike(tokens, cls, k)) return true;
  if (k < 0 || k >= tokens.length || tokens[k]!.kind !== 'word') return false;
  const c = cls[k]!;
  return (c & COMMON) !== 0 && (c & (SHORT | POSTPOSITION | TITLE | NEVER | KIN | DEITY | ADJECTIVE_OR_VERB | PLACE)) === 0;
}

/** A sentence starts at `k` (the text's start, after sentence punctuation or a line break, or after a title). */
function startsSentence(norm: string, tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  return k === 0 || isPunctIn(norm, tokens, k - 1, '।.?!|॥"\'') || hasNewline(norm, tokens[k - 1]!.end, tokens[k]!.start) || (cls[k - 1]! & TITLE) !== 0;
}

/** Token `k` ends a sentence. */
function isSentenceEnd(tokens: readonly Token[], cls: Int32Array, k: number): boolean {
  return tokens[k]!.kind === 'punct' && (cls[k]! & SENTENCE_END) !== 0;
}

/**
 * Names marked by their context, whatever the words: a biography lead (`X (जन्म: …)`,
 * `X एक भारतीय अभिनेता हैं`), an alias (`X उर्फ Y`: both) and a byline in brackets
 * (`(रिपोर्ट: X)`).
 */
function cueNames(norm: string, tokens: readonly Token[], cls: Int32Array, out: NameCandidate[]): void {
  const n = tokens.length;
  // Only brackets, alias words and sentence starts are looked at: most tokens cost one test.
  for (let k = 0; k < n; k++) {
    const tk = tokens[k]!;
    if (tk.kind === 'punct') {
      if (norm.charCodeAt(tk.start) !== 0x28 || k + 1 >= n) continue;
      const w1 = wordAt(norm, tokens, k + 1);
      // `X (जन्म: …)`: the words from the sentence start to the bracket.
      if (w1 === JANM) {
        let a = k;
        while (a > 0 && k - a < 4 && isNameLike(tokens, cls, a - 1)) a--;
        if (a > 0 && k - a < 4 && a < k && isFirstNameLike(tokens, cls, a - 1) && startsSentence(norm, tokens, cls, a - 1)) a--;
        if (a < k && startsSentence(norm, tokens, cls, a)) pushCue(out, tokens, a, k - 1, 'a biography lead before (जन्म', 0.85);
      } else if (BYLINE.has(w1)) {
        // `(रिपोर्ट: X)`, `(संवाददाता X)`.
        let a = k + 2;
        if (isPunctIn(norm, tokens, a, ':-–')) a++;
        let b = a - 1;
        while (b + 1 < n && b + 1 - a < 3 && isNameLike(tokens, cls, b + 1)) b++;
        if (b >= a && isPunctIn(norm, tokens, b + 1, '),')) pushCue(out, tokens, a, b, `a byline ('${w1}')`, 0.8);
      }
      continue;
    }
    if (tk.kind !== 'word' && tk.kind !== 'latin') continue;
    // `X उर्फ Y`: both names.
    const c0 = norm.charCodeAt(tk.start);
    if ((c0 === 0x0909 || c0 === 0x61) && ALIAS.has(wordAt(norm, tokens, k))) {
      let a = k;
      while (a > 0 && k - a < 3 && isNameLike(tokens, cls, a - 1)) a--;
      let b = k;
      while (b + 1 < n && b - k < 3 && isNameLike(tokens, cls, b + 1)) b++;
      if (a < k && b > k) {
        pushCue(out, tokens, a, k - 1, `an alias follows ('${wordAt(norm, tokens, k)}')`, 0.8);
        pushCue(out, tokens, k + 1, b, `an alias ('${wordAt(norm, tokens, k)}')`, 0.8);
      }
      continue;
    }
    // `X एक भारतीय अभिनेता हैं`, `X हिन्दी फ़िल्मों के एक अभिनेता हैं`: at a sentence start only.
    if (tk.kind !== 'word') continue;
    if (k > 0) {
      const p = tokens[k - 1]!;
      const gapLine = tk.start - p.end > 0 && hasNewline(norm, p.end, tk.start);
      if (!gapLine && !(p.kind === 'punct' && isSentenceStarter(norm.charCodeAt(p.start)))) continue;
    }
    if (isFirstNameLike(tokens, cls, k) && (isNameLike(tokens, cls, k) || isNameLike(tokens, cls, k + 1))) {
      let b = k;
      while (b + 1 < n && b - k < 3 && isNameLike(tokens, cls, b + 1)) b++;
      // A role noun after `एक` or right after `के`, and the copula ending the sentence.
      let role = false;
      let copula = false;
      let ek = -10;
      for (let j = b + 1, steps = 0; j < n && steps < 14; j++, steps++) {
        if (isSentenceEnd(tokens, cls, j)) break;
        if (hasNewline(norm, tokens[j - 1]!.end, tokens[j]!.start)) break;
        const c = cls[j]!;
        if ((c & EK_WORD) !== 0) ek = j;
        if ((c & BIO_ROLE) !== 0 && (j - ek <= 4 || (cls[j - 1]! & KE) !== 0)) role = true;
        copula = role && (c & COPULA) !== 0 && (j + 1 >= n || isSentenceEnd(tokens, cls, j + 1));
        if (copula) break;
      }
      if (copula && !(tokens[b + 1]!.end - tokens[b + 1]!.start === 1 && norm.charCodeAt(tokens[b + 1]!.start) === 0x28)) pushCue(out, tokens, k, b, 'a biography lead (… एक … है)', 0.8);
      k = b;
    }
  }
}

/** Words of a sports team's line-up around a list of players. */
const LINE_UP_CUES = ['टीम', 'कप्तान', 'एकादश', 'स्क्वाड', 'स्क्वॉड', 'विकेटकीपर'].map(normalizeKey);
/** Roles in brackets after a player's name: `अनिल कुंबले (कप्तान )`. */
const LINE_UP_ROLES = new Set(['कप्तान', 'उपकप्तान', 'विकेटकीपर', 'गोलकीपर', 'c', 'wk', 'vc'].map(normalizeKey));

/** A paragraph with two commas or more (four items: `A, B, C और D`) and a line-up word: a quick test before the list is looked for. */
function mayHoldLineUp(norm: string, cls: Int32Array, n: number): boolean {
  let commas = 0;
  for (let k = 0; k < n && commas < 2; k++) if ((cls[k]! & COMMA) !== 0) commas++;
  if (commas < 2) return false;
  for (const w of LINE_UP_CUES) if (norm.includes(w)) return true;
  return false;
}

/** Token `k` is exactly the punctuation `c`. */
function isPunctChar(norm: string, tokens: readonly Token[], k: number, c: number): boolean {
  const t = tokens[k]!;
  return t.kind === 'punct' && t.end - t.start === 1 && norm.charCodeAt(t.start) === c;
}

/**
 * A team's line-up: four or more players in a list (`भारतीय टीम - गौतम गंभीर , दिनेश कार्तिक ,
 * … और आशीष नेहरा`, `अनिल कुंबले (कप्तान ) , सचिन तेंदुलकर , …`) in a paragraph about a team.
 * The list starts after punctuation (`भारत:`, `टीम -`) or at the paragraph's start; each item is
 * one to three words up to a comma, `और` or a role in brackets (ordinary words and places too:
 * `इयान बेल`), with a word no list calls ordinary or a place in it; most items have two words or
 * more. Foreign names written in Devanagari are in
 * no list: the list is the cue.
 */
function lineUpNames(norm: string, tokens: readonly Token[], cls: Int32Array, out: NameCandidate[]): void {
  const n = tokens.length;
  const items: number[] = [];
  for (let k = 0; k < n; k++) {
    if (k > 0 && !(tokens[k - 1]!.kind === 'punct' && LIST_OPENERS.includes(norm[tokens[k - 1]!.start]!))) continue;
    items.length = 0;
    let j = k;
    for (;;) {
      let e = j;
      let named = false;
      while (e < n && e - j < 4 && tokens[e]!.kind === 'word' && (cls[e]! & (SHORT | POSTPOSITION | TITLE | NEVER | KIN | DEITY | ADJECTIVE_OR_VERB | LIST_END)) === 0) {
        if (isNameLike(tokens, cls, e)) named = true;
        e++;
      }
      if (e === j || e - j > 3 || !named) break;
      let x = e;
      // `(कप्तान )`: the role stays outside the name, and closes the item even without a comma.
      if (x + 2 < n && isPunctChar(norm, tokens, x, 0x28) && LINE_UP_ROLES.has(wordAt(norm, tokens, x + 1)) && isPunctChar(norm, tokens, x + 2, 0x29)) x += 3;
      const separator = x < n && (isPunctChar(norm, tokens, x, 0x2c) || (cls[x]! & LIST_END) !== 0);
      // Anything but punctuation after the words: the item goes on beyond three words, or is no name.
      if (!separator && x === e && x < n && tokens[x]!.kind !== 'punct') break;
      items.push(j, e - 1);
      if (separator) j = x + 1;
      else if (x > e) j = x;
      else break;
    }
    const count = items.length / 2;
    let multi = 0;
    for (let i = 0; i < items.length; i += 2) if (items[i + 1]! > items[i]!) multi++;
    if (count >= 4 && 2 * multi >= count) {
      for (let i = 0; i < items.length; i += 2) pushCue(out, tokens, items[i]!, items[i + 1]!, 'a team line-up', 0.7);
      k = items[items.length - 1]!;
    }
  }
}
/** Punctuation a line-up starts after: `भारत:`, `टीम -`, a sentence end, a comma. */
const LIST_OPENERS = ':-–—,।.';

function pushCue(out: NameCandidate[], tokens: readonly Token[], a: number, b: number, reason: string, confidence: number): void {
  out.push({ start: tokens[a]!.start, end: tokens[b]!.end, source: 'rule', reason, confidence, aroundShortForm: false });
}
const JANM = normalizeKey('जन्म');
const EK = normalizeKey('एक');

/** Index of the token that starts at `start`, or -1. */
function tokenAt(tokens: readonly Token[], start: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = tokens[mid]!.start;
    if (s === start) return mid;
    if (s < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Given names written abbreviated with a full stop: `मो.` (मोहम्मद), `मु.`. */
const ABBREVIATED_GIVEN = new Set(['मो', 'मु', 'मोह']);

/** Honorific suffixes after a name, never inside it (`बरार साहब` → `बरार`). */
const SUFFIX_TITLES = new Set(['जी', 'साहब', 'साहेब', 'महोदय', 'महोदया', 'सर'].map(normalizeKey));

/** Titles the guidelines name that the tagger's list may lack: they work as titles at once. */
const EXTRA_TITLES = ['कुलाधिपति', 'कुलपति', 'अधीक्षक', 'उपाधीक्षक', 'पुलिस उपाधीक्षक', 'पुलिस अधीक्षक', 'निरीक्षक', 'उपनिरीक्षक', 'ऑफिसर', 'ऑफ़िसर', 'हाजी', 'सिस्टर', 'मा', 'सुश्री', 'नेताजी', 'राजनीतिज्ञ', 'राजनेता', 'शिक्षक', 'शिक्षिका', 'डीन', 'गीतकार', 'चित्रकार', 'कलाकार', 'शायर', 'दार्शनिक', 'लीडर', 'लीडर्स', 'प्रेसिडेंट', 'प्रेसीडेंट', 'सेक्रेटरी', 'मिनिस्टर', 'कैंडिडेट', 'महामहिम', 'महर्षि', 'कहानीकार', 'कथाकार', 'नाटककार', 'व्यंग्यकार', 'आलोचक', 'समाजशास्त्री', 'पर्यावरणविद', 'पर्यावरणविद्', 'सिनेमेटोग्राफर', 'कोरियोग्राफर', 'फोटोग्राफर', 'संगीतज्ञ'];

/** One initial or two run together (`डी`, `एए`, `केके`, `जीई`). */
const INITIAL_WORDS = new Set<string>(INITIALS);
for (const a of INITIALS) for (const b of INITIALS) INITIAL_WORDS.add(a + b);

