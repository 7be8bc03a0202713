/**
 * DATE grammar: absolute dates, months, calendar years, weekdays and deictic
 * expressions in Hindi (Devanagari, either digit script) and English news.
 *
 * The scan is one left-to-right pass over the tokens of the normalised text
 * (see {@link normalize}); a token is looked at only when it can start a date
 * (a number, or a word whose first code unit can start a month, weekday,
 * number word, deictic word or year cue), so there is no backtracking and no
 * regular expression over the article.
 *
 * Span conventions (GUIDELINES.md, DATE):
 * - a span never contains a postposition (को, से, तक, के, …), trailing
 *   punctuation or a time of day (`बुधवार रात` → `बुधवार`);
 * - `वर्ष`, `साल` and `सन` are inside when they lead a year (`वर्ष 2024`);
 * - a range is two spans. In `18 से 26 अप्रैल` and `19-20 दिसंबर` the first
 *   day is its own span (`18`, `19`) and takes its month and year from the
 *   date that closes the range; a list `16, 23 और 30 अप्रैल` works the same way;
 * - a day written as a number word is a day (`सात मई`, `नौ अगस्त 2001`);
 * - `पिछले गुरुवार` → `गुरुवार` (the modifier stays outside, as in the gold);
 * - a year alone is a DATE only as a calendar reference: after a cue
 *   (`वर्ष`, `चुनाव`, `Mission`, …) or before a postposition, punctuation,
 *   the line end or words such as `लोकसभा`; never before a count noun
 *   (`2024 सीटें`), after a currency sign or quantifier, or inside a larger
 *   number, a fiscal year (`2023-24`), a time or a path.
 *
 * Values (`DateValue`):
 * - absolute dates carry `iso` (`2023-12-19`, `2023-12`, `2024`);
 * - a day or month without a year keeps `relative` (`--12-21`, `--09`) and is
 *   given the year that puts it nearest to the publication date (the future
 *   counting double, see {@link distanceCost}), or, with no publication date,
 *   nearest to the last full date written earlier in the text;
 * - weekdays are `weekday:N` (ISO, Monday = 1); against a publication date they
 *   resolve to the most recent such day on or before it (news reports the past),
 *   or the next one on or after it when the clause is in the future tense;
 *   `अगले सोमवार` / `पिछले सोमवार` give the next / previous one strictly after /
 *   before the publication day;
 * - `आज` = `day+0`; `कल` = `day-1`, or `day+1` when the clause is in the future
 *   tense (`करेंगे`, `होगी`, …); `परसों` likewise `day∓2`; `अगले साल` = `year+1`,
 *   `पिछले महीने` = `month-1`, `इस सप्ताह` = `week+0`; with a publication date
 *   they resolve to a day, `YYYY-MM`, `YYYY` or an ISO week `YYYY-Www`.
 */
import { normalize, normalizeKey, type NormalizedText } from './normalize';
import { tokenize, type Token } from './tokenize';
import type { DateValue, Span } from './types';

export interface DateOptions {
  /** ISO date YYYY-MM-DD the article was published, if known */
  publication?: string;
}

// ---------------------------------------------------------------------------
// Lexicon (all keys normalised exactly like the text is)

type Unit = 'day' | 'week' | 'month' | 'year';

function keyed<T>(entries: ReadonlyArray<readonly [readonly string[], T]>): Map<string, T> {
  const m = new Map<string, T>();
  for (const [words, v] of entries) for (const w of words) m.set(normalizeKey(w), v);
  return m;
}

/** Devanagari month names and their spelling variants. */
const MONTHS_DEVA = keyed<number>([
  [['जनवरी', 'जनबरी'], 1],
  [['फरवरी', 'फ़रवरी', 'फरबरी'], 2],
  [['मार्च'], 3],
  [['अप्रैल', 'अप्रेल', 'अप्रल'], 4],
  [['मई'], 5],
  [['जून'], 6],
  [['जुलाई'], 7],
  [['अगस्त'], 8],
  [['सितंबर', 'सितम्बर', 'सेप्टेम्बर'], 9],
  [['अक्टूबर', 'अक्तूबर', 'अक्टुबर'], 10],
  [['नवंबर', 'नवम्बर'], 11],
  [['दिसंबर', 'दिसम्बर'], 12],
]);

/** English month names and abbreviations (the text is lower-cased by normalisation). */
const MONTHS_LATIN = keyed<number>([
  [['january', 'jan'], 1],
  [['february', 'feb'], 2],
  [['march', 'mar'], 3],
  [['april', 'apr'], 4],
  [['may'], 5],
  [['june', 'jun'], 6],
  [['july', 'jul'], 7],
  [['august', 'aug'], 8],
  [['september', 'sep', 'sept'], 9],
  [['october', 'oct'], 10],
  [['november', 'nov'], 11],
  [['december', 'dec'], 12],
]);

/** Weekdays, ISO numbering (Monday = 1). */
const WEEKDAYS = keyed<number>([
  [['सोमवार', 'monday'], 1],
  [['मंगलवार', 'tuesday'], 2],
  [['बुधवार', 'wednesday'], 3],
  [['गुरुवार', 'गुरूवार', 'बृहस्पतिवार', 'वीरवार', 'thursday'], 4],
  [['शुक्रवार', 'friday'], 5],
  [['शनिवार', 'saturday'], 6],
  [['रविवार', 'इतवार', 'sunday'], 7],
]);

/** Number words 1–31 (a day written out: `सात मई`). */
const NUMBER_WORDS = keyed<number>([
  [['एक'], 1], [['दो'], 2], [['तीन'], 3], [['चार'], 4], [['पांच', 'पाँच'], 5],
  [['छह', 'छः', 'छै'], 6], [['सात'], 7], [['आठ'], 8], [['नौ'], 9], [['दस'], 10],
  [['ग्यारह'], 11], [['बारह'], 12], [['तेरह'], 13], [['चौदह'], 14], [['पंद्रह', 'पन्द्रह'], 15],
  [['सोलह'], 16], [['सत्रह'], 17], [['अठारह'], 18], [['उन्नीस'], 19], [['बीस'], 20],
  [['इक्कीस'], 21], [['बाईस'], 22], [['तेईस'], 23], [['चौबीस'], 24], [['पच्चीस'], 25],
  [['छब्बीस'], 26], [['सत्ताईस'], 27], [['अट्ठाईस', 'अट्ठाइस', 'अठाईस'], 28], [['उनतीस'], 29],
  [['तीस'], 30], [['इकतीस', 'इकत्तीस'], 31],
]);

/** Single-word deixis. `amb` = the sign depends on tense (कल, परसों). */
interface Deixis {
  readonly offset: number;
  readonly amb: boolean;
}
const DEIXIS = keyed<Deixis>([
  [['आज', 'today'], { offset: 0, amb: false }],
  [['कल'], { offset: 1, amb: true }],
  [['परसों', 'परसो'], { offset: 2, amb: true }],
  [['yesterday'], { offset: -1, amb: false }],
  [['tomorrow'], { offset: 1, amb: false }],
]);

/** Modifiers before a calendar unit: `अगले साल`, `पिछले महीने`, `इस सप्ताह`. */
const MODIFIERS = keyed<number>([
  [['अगले', 'अगला', 'आगामी', 'next'], 1],
  [['पिछले', 'पिछला', 'बीते', 'गत', 'last'], -1],
  [['इस', 'इसी', 'चालू', 'मौजूदा', 'वर्तमान', 'this'], 0],
]);

/** Calendar units after a modifier (singular forms only: plurals are vague periods). */
const UNITS = keyed<Unit>([
  [['साल', 'वर्ष', 'बरस', 'year'], 'year'],
  [['महीने', 'महीना', 'माह', 'month'], 'month'],
  [['सप्ताह', 'हफ्ते', 'हफ़्ते', 'हफ्ता', 'हफ़्ता', 'हफते', 'week'], 'week'],
]);

/** Units counted back from the publication date: `15 साल पहले`. */
const AGO_UNITS = keyed<Unit | 'day'>([
  [['साल', 'वर्ष', 'बरस'], 'year'],
  [['महीने', 'महीना', 'माह'], 'month'],
  [['सप्ताह', 'हफ्ते', 'हफ़्ते', 'हफ्ता'], 'week'],
  [['दिन'], 'day'],
]);
/** Only `पहले` counts from the publication date: `… बाद` nearly always counts from an event of the story (`फिर तीन साल बाद`). */
const AGO = keyed<number>([[['पहले', 'पूर्व'], -1]]);
/** Words before `N साल पहले` that tie it to an event, not to the publication date (`मतगणना से एक दिन पहले`). */
const EVENT_ANCHORS = keyed<true>([[['से', 'के', 'की', 'का'], true]]);

/** A day of the month named by its number (`17 तारीख़`). */
const DAY_NOUNS = keyed<true>([[['तारीख', 'तारीख़', 'तिथि', 'तारीखको'], true]]);

/** Qualifiers of a year that is a fiscal or academic one: `अगले वित्तीय वर्ष`. */
const FISCAL = keyed<true>([[['वित्तीय', 'वित्त', 'शैक्षणिक', 'शैक्षिक', 'कर'], true]]);

/** Nouns after `70 के`: a two-digit year of the last century (`70 के दशक`, `71 के चुनावों`). */
const TWO_DIGIT_YEAR_NOUNS = keyed<true>([[['दशक', 'चुनाव', 'चुनावों', 'युद्ध', 'दंगे', 'दंगों', 'आपातकाल', 'आंदोलन', 'अकाल'], true]]);

/** Words after which a year before 1900 is a calendar year without a cue (`1857 में`, `1857 की क्रांति`). */
const OLD_YEAR_AFTER = keyed<true>([[['में', 'तक', 'ई', 'ईस्वी', 'ईसवी'], true]]);
const OLD_YEAR_EVENTS = keyed<true>([[['बाद', 'पहले', 'दौरान', 'युद्ध', 'विद्रोह', 'क्रांति', 'संग्राम', 'आंदोलन', 'अकाल', 'दंगे', 'पहला', 'पहली', 'पहले'], true]]);

/** `आज के दौर में`, `कल के युवा`: आज and कल before these mean "nowadays" and "the future". */
const VAGUE_NOUNS = keyed<true>([
  [['दौर', 'जमाने', 'ज़माने', 'समय', 'युग', 'पीढ़ी', 'दुनिया', 'युवा', 'युवाओं', 'बच्चे', 'बच्चों', 'समाज', 'राजनीति', 'परिवेश', 'माहौल', 'हालात', 'परिस्थिति', 'परिस्थितियों', 'संदर्भ', 'परिप्रेक्ष्य', 'वक्त', 'जीवन', 'भारत', 'नेता', 'नेताओं'], true],
]);
/** Words before कल that make it "the future" (`बेहतर कल`, `हमारा कल`). */
const FUTURE_OWNERS = keyed<true>([
  [['बेहतर', 'सुनहरा', 'सुनहरे', 'उज्ज्वल', 'अपना', 'अपने', 'हमारा', 'हमारे', 'उनका', 'उनके', 'आपका', 'आपके', 'तुम्हारा', 'देश', 'सुरक्षित', 'नया', 'नये', 'नए'], true],
]);

/** Era markers after a year (`1743 ई.`): the number is a year even before 1900 (the marker stays outside). */
const ERA_MARKERS = keyed<true>([[['ई', 'ईस्वी', 'ईसवी', 'ad', 'bc', 'ce', 'bce', 'ईसा'], true]]);

/** Words that lead a year and are part of its span. */
const YEAR_LEADS = keyed<true>([[['वर्ष', 'साल', 'सन', 'सन्'], true]]);

/** Words after which a 4-digit number is a calendar year (not part of the span). */
const YEAR_CUES = keyed<true>([
  [
    [
      'चुनाव', 'चुनावों', 'इलेक्शन', 'मिशन', 'mission', 'election', 'elections', 'polls', 'year', 'जन्म', 'निधन',
      'अधिनियम', 'एक्ट', 'act', 'नीति', 'policy', 'विजन', 'विज़न', 'vision', 'संहिता', 'कप', 'cup', 'ओलंपिक', 'olympics', 'बजट', 'budget', 'जनगणना', 'census',
    ],
    true,
  ],
]);

/** Words that may follow a calendar year. */
const YEAR_FOLLOW = keyed<true>([
  [
    [
      'में', 'के', 'की', 'का', 'तक', 'से', 'को', 'और', 'व', 'तथा', 'एवं', 'या', 'ने', 'वाले', 'वाली', 'वाला',
      'लोकसभा', 'विधानसभा', 'लोक', 'चुनाव', 'चुनावों', 'आम', 'ई', 'ईस्वी', 'ईसवी', 'यानी', 'अर्थात',
      'मे', 'जनगणना', 'बजट', 'ओलंपिक', 'विश्व', 'एशियाड', 'दंगे', 'दंगों', 'बैच',
      'elections', 'election', 'polls', 'lok', 'general', 'and', 'to', 'in', 'census', 'olympics', 'world', 'budget',
    ],
    true,
  ],
]);

/** `2000 के नोट`, `2000 से ज्यादा`: the number is a quantity, not a year. */
const QUANTITY_AFTER_POSTPOSITION = keyed<true>([
  [['नोट', 'नोटों', 'करीब', 'क़रीब', 'आसपास', 'पार', 'ऊपर', 'लगभग', 'ज्यादा', 'ज़्यादा', 'अधिक', 'कम', 'रुपये', 'रुपए', 'संख्या'], true],
]);

/** Nouns that make a preceding number a count (`2024 सीटें`). */
const COUNT_NOUNS = keyed<true>([
  [['सीट', 'सीटें', 'सीटों', 'लोग', 'लोगों', 'वोट', 'वोटों', 'मत', 'करोड़', 'लाख', 'हजार', 'हज़ार', 'रुपये', 'रुपए', 'डॉलर', 'किमी', 'किलोमीटर', 'मीटर', 'किलो', 'टन', 'उम्मीदवार', 'उम्मीदवारों', 'मामले', 'मामलों', 'गांव', 'गांवों', 'seats', 'votes', 'people', 'crore', 'lakh'], true],
]);

/** Quantifiers and currencies before a number. */
const QUANTIFIERS = keyed<true>([
  [['करीब', 'क़रीब', 'लगभग', 'तकरीबन', 'करीबन', 'कुल', 'मात्र', 'सिर्फ', 'सिर्फ़', 'केवल', 'रु', 'रुपये', 'रुपए', 'rs', 'inr', 'usd', 'about', 'around', 'over'], true],
]);

/** `बाद` after a count of units: "later". */
const LATER = normalizeKey('बाद');
const THEN = normalizeKey('फिर');
/** Present-tense auxiliaries after a habitual participle (`होता है`, `बिताते हैं`). */
const PRESENT_AUX = keyed<true>([[['है', 'हैं'], true]]);

/** `आज के दौर में`: "today" as "nowadays" is a vague period. */
const VAGUE_AFTER_AAJ = keyed<true>([[['दौर', 'जमाने', 'ज़माने', 'समय', 'युग'], true]]);

/** Clause-final future-tense endings (normalised): करेंगे, होगी, जाएगा, … */
const FUTURE_ENDINGS = ['ेगा', 'ेगी', 'ेंगे', 'ेंगी', 'ोगे', 'ोगी', 'ोगा', 'ोंगे', 'ूंगा', 'ूंगी', 'एगा', 'एगी', 'एंगे', 'एंगी', 'ऊंगा', 'ऊंगी'].map((s) => normalizeKey(s));
const FUTURE_WORDS = keyed<true>([[['will', 'shall'], true]]);

/** Devanagari names of Latin letters, of which acronyms are written (`एनईपी` NEP). */
const LETTER_NAMES = keyed<true>([[['ए', 'बी', 'सी', 'डी', 'ई', 'एफ', 'जी', 'एच', 'आई', 'जे', 'के', 'एल', 'एम', 'एन', 'ओ', 'पी', 'क्यू', 'आर', 'एस', 'टी', 'यू', 'वी', 'डब्ल्यू', 'एक्स', 'वाई', 'जेड', 'ज़ेड'], true]]);
const LETTER_NAME_RE = new RegExp(`^(?:${[...LETTER_NAMES.keys()].sort((a, b) => b.length - a.length).join('|')}){2,6}$`);

/** An acronym: two to six Devanagari letter names run together (`एनईपी`, `यूपीए`), or Latin capitals in the raw text. */
function isAcronym(word: string, raw: string): boolean {
  return LETTER_NAME_RE.test(word) || /^[A-Z]{2,6}$/.test(raw);
}

/** First code units of every lexicon key: words starting elsewhere are never sliced. */
const FIRST = new Uint8Array(0x10000);
/** Every word that can open a date; other words are skipped after one lookup. */
const TRIGGERS = new Set<string>();
for (const m of [MONTHS_DEVA, MONTHS_LATIN, WEEKDAYS, NUMBER_WORDS, DEIXIS, MODIFIERS, YEAR_LEADS, YEAR_CUES] as Array<Map<string, unknown>>) {
  for (const k of m.keys()) {
    FIRST[k.charCodeAt(0)] = 1;
    TRIGGERS.add(k);
  }
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (UTC, no time zones involved)

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad4 = (n: number) => String(n).padStart(4, '0');
const isoDay = (v: Ymd) => `${pad4(v.y)}-${pad2(v.m)}-${pad2(v.d)}`;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
function validDay(y: number | undefined, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= (y === undefined ? [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]! : daysInMonth(y, m));
}
function toDays(v: Ymd): number {
  return Math.floor(Date.UTC(v.y, v.m - 1, v.d) / 86400000);
}
function fromDays(n: number): Ymd {
  const dt = new Date(n * 86400000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}
/** ISO weekday, Monday = 1 … Sunday = 7. */
function isoWeekday(v: Ymd): number {
  const w = new Date(Date.UTC(v.y, v.m - 1, v.d)).getUTCDay();
  return w === 0 ? 7 : w;
}
/** ISO 8601 week of a day: `2023-W42`. */
function isoWeek(v: Ymd): string {
  const n = toDays(v);
  const thursday = n - isoWeekday(v) + 4;
  const ty = fromDays(thursday).y;
  const week = Math.floor((thursday - toDays({ y: ty, m: 1, d: 1 })) / 7) + 1;
  return `${pad4(ty)}-W${pad2(week)}`;
}
function parseIsoDay(s: string | undefined): Ymd | undefined {
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return undefined;
  const v = { y: +m[1]!, m: +m[2]!, d: +m[3]! };
  return validDay(v.y, v.m, v.d) ? v : undefined;
}

// ---------------------------------------------------------------------------
// The scanner

interface Part {
  /** First and last token index of the span (inclusive). */
  a: number;
  b: number;
  value: DateValue;
  reason: string;
}

const SENTENCE_END = new Set(['।', '.', '?', '!', '|', '॥']);

class Scanner {
  readonly norm: string;
  readonly toks: Token[];
  readonly n: number;
  readonly out: Span[] = [];
  /** Last full date written in the text, the fallback anchor for a missing year in the same sentence. */
  private full: Ymd | undefined;
  /** Token index of {@link full}. */
  private fullAt = -1;
  /** The token the driver is at. */
  cursor = 0;

  set lastFull(v: Ymd | undefined) {
    this.full = v;
    this.fullAt = this.cursor;
  }

  /**
   * The last full date, if no sentence ended since: a year-less date takes its year from a date of
   * the same sentence (`3 जनवरी 2023 से 15 फरवरी तक`), never from an earlier, unrelated event.
   */
  get lastFull(): Ymd | undefined {
    if (!this.full) return undefined;
    for (let j = this.fullAt + 1; j < this.cursor && j < this.n; j++) {
      const tk = this.toks[j]!;
      if (tk.kind === 'punct' && SENTENCE_END.has(this.norm[tk.start]!) && !(this.norm[tk.start] === '.' && this.toks[j - 1]?.kind === 'latin')) return undefined;
      if (!this.sameLine(j - 1, j)) return undefined;
    }
    return this.full;
  }

  constructor(
    readonly t: NormalizedText,
    readonly pub: Ymd | undefined,
    readonly skip: ((rawStart: number, rawEnd: number) => boolean) | undefined,
    tokens?: Token[],
  ) {
    this.norm = t.norm;
    this.toks = tokens ?? tokenize(t.norm);
    this.n = this.toks.length;
  }

  // --- token helpers -------------------------------------------------------

  word(k: number): string {
    if (k < 0 || k >= this.n) return '';
    const tk = this.toks[k]!;
    return this.norm.slice(tk.start, tk.end);
  }
  /** The token's text if it could be a lexicon word (cheap first-char filter), else ''. */
  lex(k: number): string {
    if (k < 0 || k >= this.n) return '';
    const tk = this.toks[k]!;
    if (tk.kind !== 'word' && tk.kind !== 'latin') return '';
    return this.norm.slice(tk.start, tk.end);
  }
  isPunct(k: number, chars: string): boolean {
    if (k < 0 || k >= this.n) return false;
    const tk = this.toks[k]!;
    return tk.kind === 'punct' && tk.end - tk.start === 1 && chars.includes(this.norm[tk.start]!);
  }
  /** Tokens `a` and `b > a` are on the same line (no newline in between). */
  sameLine(a: number, b: number): boolean {
    if (a < 0 || b >= this.n) return false;
    const from = this.toks[a]!.end;
    const to = this.toks[b]!.start;
    for (let i = from; i < to; i++) {
      const c = this.norm.charCodeAt(i);
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
    }
    return true;
  }
  /** Tokens `a` and `b` with at most one space between. */
  nearby(a: number, b: number): boolean {
    if (a < 0 || b >= this.n) return false;
    const gap = this.toks[b]!.start - this.toks[a]!.end;
    return gap === 0 || (gap === 1 && this.norm.charCodeAt(this.toks[a]!.end) === 0x20);
  }
  adjacent(a: number, b: number): boolean {
    return a >= 0 && b < this.n && this.toks[a]!.end === this.toks[b]!.start;
  }
  /** Pure-digit number token: its value and digit count, else undefined. */
  num(k: number): { v: number; len: number } | undefined {
    if (k < 0 || k >= this.n) return undefined;
    const tk = this.toks[k]!;
    if (tk.kind !== 'num') return undefined;
    const len = tk.end - tk.start;
    if (len > 4) return undefined;
    let v = 0;
    for (let i = tk.start; i < tk.end; i++) {
      const c = this.norm.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined; // ordinal such as 139वें
      v = v * 10 + c;
    }
    return { v, len };
  }
  charAt(i: number): number {
    return i >= 0 && i < this.norm.length ? this.norm.charCodeAt(i) : -1;
  }
  /** The number token `k` is not glued to a preceding number, path or identifier (`1,2024`, `/2023`, `x2024`). */
  cleanLeft(k: number): boolean {
    const s = this.toks[k]!.start;
    const p = this.charAt(s - 1);
    if (p < 0) return true;
    if (isDigit(p) || isLatin(p) || p === 0x5f || p === 0x2f || p === 0x5c || p === 0x23 || p === 0x40) return false;
    if ((p === 0x2e || p === 0x2c || p === 0x2d || p === 0x3a) && isDigit(this.charAt(s - 2))) return false;
    if (p === 0x2d && (isLatin(this.charAt(s - 2)) || this.charAt(s - 2) === 0x2d)) return false;
    return true;
  }
  /** The number token `k` does not continue as a larger number, decimal, time, path or fiscal year. */
  cleanRight(k: number, allowSuffix = false): boolean {
    const e = this.toks[k]!.end;
    const c = this.charAt(e);
    if (c < 0) return true;
    if (isDigit(c) || c === 0x5f || c === 0x2f || c === 0x25) return false; // digit _ / %
    if (isLatin(c)) return allowSuffix;
    if ((c === 0x2e || c === 0x2c || c === 0x2d || c === 0x3a || c === 0x2013) && isDigit(this.charAt(e + 1))) return false;
    return true;
  }

  // --- recognisers ----------------------------------------------------------

  /** A day: 1–31 as digits (optionally `20th`) or a number word. Returns the last token index. */
  day(k: number, rangeStart = false): { d: number; end: number; word: boolean } | undefined {
    const nv = this.num(k);
    if (nv) {
      if (nv.len > 2 || nv.v < 1 || nv.v > 31 || !this.cleanLeft(k)) return undefined;
      // `20th`: an English ordinal suffix glued to the number.
      const sfx = this.toks[k + 1];
      if (sfx && sfx.kind === 'latin' && this.adjacent(k, k + 1)) {
        const w = this.word(k + 1);
        if (w === 'st' || w === 'nd' || w === 'rd' || w === 'th') return { d: nv.v, end: k + 1, word: false };
        return undefined;
      }
      // `19-20 दिसंबर`: the first day of a range may be glued to a dash and the next day.
      const rangeDash = rangeStart && this.isPunct(k + 1, '-–') && this.adjacent(k, k + 1);
      if (!rangeDash && !this.cleanRight(k)) return undefined;
      return { d: nv.v, end: k, word: false };
    }
    const w = this.lex(k);
    if (!w) return undefined;
    const d = NUMBER_WORDS.get(w);
    return d === undefined ? undefined : { d, end: k, word: true };
  }

  /** A month name at `k` (an English abbreviation may carry a full stop). */
  month(k: number): { m: number; end: number; latin: boolean } | undefined {
    const w = this.lex(k);
    if (!w) return undefined;
    const dm = MONTHS_DEVA.get(w);
    if (dm !== undefined) return { m: dm, end: k, latin: false };
    const lm = MONTHS_LATIN.get(w);
    if (lm === undefined) return undefined;
    if (w.length <= 4 && this.isPunct(k + 1, '.') && this.adjacent(k, k + 1) && this.sameLine(k + 1, k + 2) && this.num(k + 2)) {
      return { m: lm, end: k + 1, latin: true };
    }
    return { m: lm, end: k, latin: true };
  }

  /** A 4-digit year in [lo, hi] at `k` with clean edges. */
  year(k: number, lo = 1000, hi = 2199): number | undefined {
    const nv = this.num(k);
    if (!nv || nv.len !== 4 || nv.v < lo || nv.v > hi) return undefined;
    if (!this.cleanRight(k)) return undefined;
    return nv.v;
  }

  /** Optional `[,] YYYY` after token `k` (same line). Returns the year and its token. */
  trailingYear(k: number): { y: number; end: number } | undefined {
    let j = k + 1;
    if (this.isPunct(j, ',')) j++;
    if (!this.sameLine(k, j)) return undefined;
    const y = this.year(j);
    return y === undefined ? undefined : { y, end: j };
  }

  /**
   * Day-first dates: `19 दिसम्बर, 2023`, `20 Oct 2023`, `15 अप्रैल`, `सात मई`,
   * and ranges or lists closed by such a date: `18 से 26 अप्रैल`, `19-20 दिसंबर`.
   */
  dayFirst(k: number): { parts: Part[]; next: number } | undefined {
    const first = this.day(k, true);
    if (!first) return undefined;
    const days: Array<{ d: number; a: number; b: number; word: boolean }> = [{ d: first.d, a: k, b: first.end, word: first.word }];
    let j = first.end + 1;
    // `17 तारीख़`: a day of the month alone.
    if (!first.word && this.sameLine(first.end, j) && DAY_NOUNS.has(this.lex(j))) {
      return { parts: [{ a: k, b: j, value: this.dayOfMonth(first.d), reason: 'day of the month' }], next: j + 1 };
    }
    for (let guard = 0; guard < 6; guard++) {
      if (!this.sameLine(j - 1, j)) return undefined;
      const mo = this.month(j);
      if (mo) {
        const last = days[days.length - 1]!;
        // Not dates, and the month must not be read alone either: `एक मार्च` "a march",
        // `दो जून की रोटी` (idiom), an impossible day such as `31 फरवरी`.
        const none = { parts: [], next: mo.end + 1 };
        if (last.word && mo.m === 3 && last.d === 1) return none;
        if (last.word && mo.m === 6 && last.d === 2 && this.lex(mo.end + 1) === 'की' && this.lex(mo.end + 2) === 'रोटी') return none;
        const ty = this.trailingYear(mo.end);
        const y = ty?.y;
        for (const x of days) if (!validDay(y, mo.m, x.d)) return ty ? { parts: [], next: ty.end + 1 } : none;
        const parts: Part[] = [];
        // Without a written year, the date that closes the range picks the year for all of it.
        const closing = y === undefined ? this.partial(mo.m, days[days.length - 1]!.d) : undefined;
        const inferredY = closing?.iso ? +closing.iso.slice(0, 4) : undefined;
        days.forEach((x, i) => {
          const isLast = i === days.length - 1;
          const b = isLast ? (ty ? ty.end : mo.end) : x.b;
          const value =
            y !== undefined
              ? absolute(isoDay({ y, m: mo.m, d: x.d }))
              : isLast
                ? closing!
                : this.partial(mo.m, x.d, inferredY);
          const reason = isLast
            ? y !== undefined
              ? 'day month year'
              : 'day and month'
            : 'first day of a range or list; month from the date that closes it';
          parts.push({ a: x.a, b, value, reason });
        });
        if (y !== undefined) this.lastFull = { y, m: mo.m, d: days[days.length - 1]!.d };
        return { parts, next: (ty ? ty.end : mo.end) + 1 };
      }
      // Range / list separators between days.
      const sepDash = this.isPunct(j, '-–—');
      const sepComma = this.isPunct(j, ',');
      const w = sepDash || sepComma ? '' : this.lex(j);
      const sepWord = w === 'से' || w === 'और' || w === 'व' || w === 'तथा' || w === 'to' || w === 'and';
      if (!sepDash && !sepComma && !sepWord) return undefined;
      if (!this.sameLine(j, j + 1)) return undefined;
      if (sepDash && this.isDigitTok(j - 1) && this.adjacent(j - 1, j) && this.adjacent(j, j + 1)) {
        // `19-20`: the second number is glued to the dash; accept it below without the left-edge check.
        const nv = this.num(j + 1);
        if (!nv || nv.len > 2 || nv.v < 1 || nv.v > 31 || !this.cleanRight(j + 1)) return undefined;
        const prev = days[days.length - 1]!;
        if (nv.v <= prev.d) return undefined;
        days.push({ d: nv.v, a: j + 1, b: j + 1, word: false });
        j += 2;
        continue;
      }
      const nd = this.day(j + 1);
      if (!nd) return undefined;
      const prev = days[days.length - 1]!;
      if (nd.d <= prev.d) return undefined; // ranges and lists ascend
      days.push({ d: nd.d, a: j + 1, b: nd.end, word: nd.word });
      j = nd.end + 1;
    }
    return undefined;
  }

  isDigitTok(k: number): boolean {
    return k >= 0 && k < this.n && this.toks[k]!.kind === 'num';
  }

  /** `20/10/2023`, `20-10-2023`, `20.10.2023`, `2023-10-20`. */
  numeric(k: number): { parts: Part[]; next: number } | undefined {
    const n1 = this.num(k);
    if (!n1 || !this.cleanLeft(k)) return undefined;
    if (!this.isPunct(k + 1, '/-.') || !this.adjacent(k, k + 1)) return undefined;
    const sep = this.norm[this.toks[k + 1]!.start]!;
    const n2 = this.num(k + 2);
    if (!n2 || !this.adjacent(k + 1, k + 2) || n2.len > 2) return undefined;
    if (!this.isPunct(k + 3, sep) || !this.adjacent(k + 2, k + 3)) return undefined;
    const n3 = this.num(k + 4);
    if (!n3 || !this.adjacent(k + 3, k + 4)) return undefined;
    // Right edge: allow an ISO time `T08:35` after a date, nothing else glued on.
    const e = this.toks[k + 4]!.end;
    const c = this.charAt(e);
    const tTime = c === 0x74 && isDigit(this.charAt(e + 1));
    if (!tTime && !this.cleanRight(k + 4)) return undefined;
    if (this.charAt(e) === sep.charCodeAt(0) && isDigit(this.charAt(e + 1))) return undefined;
    let y: number;
    let m: number;
    let d: number;
    if (n1.len === 4 && n3.len <= 2) {
      y = n1.v;
      m = n2.v;
      d = n3.v;
    } else if (n1.len <= 2 && n3.len === 4) {
      y = n3.v;
      // Indian and British order is day/month; month/day only when the day cannot be a month.
      if (n2.v > 12 && n1.v <= 12) {
        m = n1.v;
        d = n2.v;
      } else {
        d = n1.v;
        m = n2.v;
      }
    } else return undefined;
    if (y < 1000 || y > 2199 || !validDay(y, m, d)) return undefined;
    this.lastFull = { y, m, d };
    return { parts: [{ a: k, b: k + 4, value: absolute(isoDay({ y, m, d })), reason: 'numeric date' }], next: k + 5 };
  }

  /** Month-first: `Oct 20, 2023`, `October 20`, `सितंबर 2007`, `Oct 2023`, a bare Hindi month. */
  monthFirst(k: number): { parts: Part[]; next: number } | undefined {
    const mo = this.month(k);
    if (!mo) return undefined;
    const j = mo.end + 1;
    if (this.sameLine(mo.end, j)) {
      const nv = this.num(j);
      if (nv && nv.len <= 2 && this.cleanRight(j, false)) {
        // `Oct 20, 2023` / `Oct 20`
        const ty = this.trailingYear(j);
        if (ty && validDay(ty.y, mo.m, nv.v)) {
          this.lastFull = { y: ty.y, m: mo.m, d: nv.v };
          return { parts: [{ a: k, b: ty.end, value: absolute(isoDay({ y: ty.y, m: mo.m, d: nv.v })), reason: 'month day year' }], next: ty.end + 1 };
        }
        if (mo.latin && validDay(undefined, mo.m, nv.v) && !this.isPunct(j + 1, ':')) {
          return { parts: [{ a: k, b: j, value: this.partial(mo.m, nv.v), reason: 'month and day' }], next: j + 1 };
        }
      }
      const ty = this.trailingYear(mo.end);
      if (ty) {
        return {
          parts: [{ a: k, b: ty.end, value: absolute(`${pad4(ty.y)}-${pad2(mo.m)}`), reason: 'month and year' }],
          next: ty.end + 1,
        };
      }
    }
    if (mo.latin) return undefined; // `may`, `march` alone are ordinary English words
    // A bare Hindi month. `मार्च` is also a protest march: only with a clear calendar context.
    const after = this.sameLine(k, k + 1) ? this.lex(k + 1) : '';
    const before = this.sameLine(k - 1, k) ? this.lex(k - 1) : '';
    // A month heading or closing a list of months (`मार्च, अप्रैल, मई`) is one too.
    const listed = (this.isPunct(k + 1, ',') && this.month(k + 2) !== undefined) || (this.isPunct(k - 1, ',') && this.month(k - 2) !== undefined);
    if (mo.m === 3 && !(after === 'में' || after === 'महीने' || after === 'माह' || after === 'तक' || MODIFIERS.has(before) || listed)) return undefined;
    return { parts: [{ a: k, b: k, value: this.partialMonth(mo.m), reason: 'month name' }], next: k + 1 };
  }

  /** A standalone calendar year (or `वर्ष 2024` / `सन 1947` with the lead word). */
  yearAlone(k: number): { parts: Part[]; next: number } | undefined {
    const lead = this.lex(k);
    if (lead && YEAR_LEADS.has(lead) && this.sameLine(k, k + 1)) {
      const fy = this.fiscalYear(k + 1);
      if (fy) return { parts: [{ a: k, b: fy.end, value: fy.value, reason: 'fiscal year' }], next: fy.end + 1 };
      const y = this.year(k + 1);
      if (y !== undefined && this.cleanLeft(k + 1) && this.yearContextAfter(k + 1, true, true)) {
        return { parts: [{ a: k, b: k + 1, value: absolute(pad4(y)), reason: `year after '${lead}'` }], next: k + 2 };
      }
      return undefined;
    }
    const nv = this.num(k);
    if (!nv || nv.len !== 4 || !this.cleanLeft(k)) return undefined;
    const fy = this.fiscalYear(k);
    if (fy) return { parts: [{ a: k, b: fy.end, value: fy.value, reason: 'fiscal year' }], next: fy.end + 1 };
    // `1909-1963`, `2019–2024`, `1899 - 1902`: a range of years is two spans.
    if (this.isPunct(k + 1, '-–') && ((this.adjacent(k, k + 1) && this.adjacent(k + 1, k + 2)) || (this.nearby(k, k + 1) && this.nearby(k + 1, k + 2) && this.num(k + 2)?.len === 4))) {
      const a = nv.v;
      const b = this.num(k + 2);
      if (a >= 1000 && a <= 2199 && b && b.len === 4 && b.v > a && b.v - a < 200 && this.cleanRight(k + 2)) {
        return {
          parts: [
            { a: k, b: k, value: absolute(pad4(a)), reason: 'first year of a range' },
            { a: k + 2, b: k + 2, value: absolute(pad4(b.v)), reason: 'last year of a range' },
          ],
          next: k + 3,
        };
      }
      return undefined;
    }
    // A cue word (`चुनाव`, `अधिनियम, 1988`), an acronym (`एनईपी 2020`) or an era marker after it.
    const cueAt = this.isPunct(k - 1, ',') && this.sameLine(k - 2, k) ? k - 2 : k - 1;
    const cue = this.sameLine(cueAt, k) ? this.lex(cueAt) : '';
    const acronym = cueAt === k - 1 && cue !== '' && isAcronym(cue, this.rawOf(k - 1));
    const strong = (cue !== '' && (YEAR_CUES.has(cue) || acronym)) || (this.sameLine(k, k + 1) && ERA_MARKERS.has(this.lex(k + 1)));
    let y = this.year(k, strong ? 1000 : 1900, strong ? 2199 : 2099);
    // A year before 1900 needs no cue where only a year fits: `1857 में`, `1857 की क्रांति`.
    if (y === undefined && !strong && nv.v >= 1000 && nv.v < 1900 && this.sameLine(k, k + 1) && this.cleanRight(k)) {
      const w1 = this.lex(k + 1);
      const w2 = this.sameLine(k + 1, k + 2) ? this.lex(k + 2) : '';
      if (OLD_YEAR_AFTER.has(w1) || ((w1 === 'के' || w1 === 'की' || w1 === 'का') && OLD_YEAR_EVENTS.has(w2))) y = nv.v;
    }
    if (y === undefined) return undefined;
    if (!strong) {
      const p = this.sameLine(k - 1, k) ? this.word(k - 1) : '';
      if (p && (QUANTIFIERS.has(p) || p === '₹' || p === '$' || p === '€' || p === '£')) return undefined;
      if (this.isPunct(k - 1, '.') && QUANTIFIERS.has(this.word(k - 2))) return undefined; // Rs. 2000
    }
    if (!this.yearContextAfter(k, strong)) return undefined;
    return { parts: [{ a: k, b: k, value: absolute(pad4(y)), reason: strong && cue ? `year after '${cue}'` : 'calendar year' }], next: k + 1 };
  }

  /** The raw text of token `k`. */
  rawOf(k: number): string {
    const tk = this.toks[k]!;
    return this.t.raw.slice(this.t.toRaw[tk.start]!, this.t.toRaw[tk.end]!);
  }

  /**
   * A fiscal or academic year at `k`: `2018-19`, `2018 - 19`, `2018–19`, `1999-2000` (one span,
   * value the pair of years `2018/2019`); a short range written the same way (`1962-64`) likewise.
   */
  fiscalYear(k: number): { end: number; value: DateValue } | undefined {
    const a = this.num(k);
    if (!a || a.len !== 4 || a.v < 1000 || a.v > 2199 || !this.cleanLeft(k)) return undefined;
    if (!this.isPunct(k + 1, '-–') || !this.sameLine(k, k + 2)) return undefined;
    // Glued on both sides or spaced on both sides (`2018-19`, `2018 - 19`), never half and half.
    const glued = this.adjacent(k, k + 1);
    if (glued !== this.adjacent(k + 1, k + 2)) return undefined;
    const b = this.num(k + 2);
    if (!b || !this.cleanRight(k + 2)) return undefined;
    // `1999-2000`: two consecutive years in full are one fiscal year too; other full pairs are ranges.
    if (b.len === 4 && b.v !== a.v + 1) return undefined;
    if (b.len !== 2 && b.len !== 4) return undefined;
    const century = Math.floor(a.v / 100) * 100;
    let end = b.len === 4 ? b.v : century + b.v;
    if (end <= a.v) end += 100;
    if (end - a.v > 9) return undefined;
    const pair = `${pad4(a.v)}/${pad4(end)}`;
    return { end: k + 2, value: { iso: pair, resolution: end === a.v + 1 ? 'fiscal or academic year' : 'span of years' } };
  }

  /** `15 साल पहले`, `पांच साल पहले`: counted back from the publication date. */
  agoLater(k: number): { parts: Part[]; next: number } | undefined {
    const nv = this.num(k);
    let n: number | undefined;
    if (nv) {
      if (nv.len > 3 || !this.cleanLeft(k) || !this.cleanRight(k)) return undefined;
      n = nv.v;
    } else {
      const w = this.lex(k);
      n = w ? NUMBER_WORDS.get(w) : undefined;
    }
    if (n === undefined || n < 1 || !this.sameLine(k, k + 2)) return undefined;
    const unit = AGO_UNITS.get(this.lex(k + 1));
    let dir = AGO.get(this.lex(k + 2));
    // `चार दिन बाद मतदान होगा`: counted on from the publication date when the clause is in the
    // future; in the past (`फिर तीन साल बाद`, `शादी के 19 महीने बाद`) from an event of the story.
    if (dir === undefined && unit && this.lex(k + 2) === LATER && this.lex(k - 1) !== THEN && this.futureClause(k + 2)) dir = 1;
    if (!unit || dir === undefined) return undefined;
    // `मतगणना से एक दिन पहले`: fixed by an event, not by the date of the article; `करीब 12 दिन
    // पहले`, `पाँच-छह साल पहले`: approximate, no one date.
    const before = this.sameLine(k - 1, k) ? this.lex(k - 1) : '';
    if (EVENT_ANCHORS.has(before) || QUANTIFIERS.has(before) || (this.isPunct(k - 1, '-–') && this.adjacent(k - 1, k))) return undefined;
    const what = `'${this.word(k)} ${this.word(k + 1)} ${this.word(k + 2)}'`;
    return { parts: [{ a: k, b: k + 2, value: this.relativeValue(unit, dir * n, what), reason: dir < 0 ? `relative ${unit}s ago` : `relative ${unit}s later` }], next: k + 3 };
  }

  /** `70 के दशक` → `70`, `71 के चुनावों` → `71`: a two-digit year of the last century. */
  twoDigitYear(k: number): { parts: Part[]; next: number } | undefined {
    const nv = this.num(k);
    if (!nv || nv.len !== 2 || !this.cleanLeft(k) || !this.cleanRight(k) || !this.sameLine(k, k + 2)) return undefined;
    const w1 = this.lex(k + 1);
    if (!(w1 === 'के' || w1 === 'की' || w1 === 'का') || !TWO_DIGIT_YEAR_NOUNS.has(this.lex(k + 2))) return undefined;
    const decade = this.lex(k + 2) === 'दशक';
    if (decade && nv.v % 10 !== 0) return undefined;
    const y = 1900 + nv.v;
    return { parts: [{ a: k, b: k, value: { iso: pad4(y), resolution: decade ? `decade, read as the ${y}s` : `two-digit year, read as ${y}` }, reason: decade ? 'decade' : 'two-digit year' }], next: k + 1 };
  }

  /** What follows a 4-digit number decides whether it is a year. */
  yearContextAfter(k: number, strong: boolean, lead = false): boolean {
    const j = k + 1;
    if (j >= this.n || !this.sameLine(k, j)) return true; // end of line: a heading such as `Mission 2024`
    const tk = this.toks[j]!;
    if (tk.kind === 'punct') {
      const c = this.norm[tk.start]!;
      return !'%₹$€£+×*=/'.includes(c);
    }
    if (tk.kind === 'num') return false;
    const w = this.word(j);
    if (YEAR_FOLLOW.has(w)) {
      const w2 = this.sameLine(j, j + 1) ? this.word(j + 1) : '';
      // `सन् 1850 के लगभग` is "around 1850"; without a cue `2000 के करीब` is a quantity.
      if (!lead && (w === 'के' || w === 'की' || w === 'का' || w === 'से') && QUANTITY_AFTER_POSTPOSITION.has(w2)) return false;
      if ((w === 'से' || w === 'और' || w === 'एवं' || w === 'तथा' || w === 'व' || w === 'to' || w === 'and') && this.isDigitTok(j + 1)) {
        // `2019 से 2024 तक` is two years; `2000 से 3000 रुपये` is a quantity.
        return this.year(j + 1, 1000, 2199) !== undefined && this.yearContextAfter(j + 1, strong, lead);
      }
      return true;
    }
    // After a cue (`वर्ष`, `सन`, `चुनाव`, `Mission`) any word may follow except a quantity.
    return strong && !QUANTITY_AFTER_POSTPOSITION.has(w) && !COUNT_NOUNS.has(w);
  }

  /** Weekday names. */
  weekday(k: number): { parts: Part[]; next: number } | undefined {
    const w = this.lex(k);
    const wd = w ? WEEKDAYS.get(w) : undefined;
    if (wd === undefined) return undefined;
    let value: DateValue = { relative: `weekday:${wd}`, resolution: `weekday (${WEEKDAY_EN[wd - 1]}), no publication date to anchor it` };
    if (this.pub) {
      // `अगले सोमवार` is the coming one, `पिछले सोमवार` the one before; otherwise the tense decides.
      const mod = this.sameLine(k - 1, k) ? MODIFIERS.get(this.lex(k - 1)) : undefined;
      const future = mod === 1 || (mod !== -1 && this.futureClause(k));
      const strict = mod === 1 || mod === -1;
      const p = toDays(this.pub);
      const pw = isoWeekday(this.pub);
      let delta = future ? (wd - pw + 7) % 7 : -((pw - wd + 7) % 7);
      if (strict && delta === 0) delta = future ? 7 : -7;
      const name = WEEKDAY_EN[wd - 1];
      const on = strict ? '' : ' on or';
      value = {
        iso: isoDay(fromDays(p + delta)),
        relative: `weekday:${wd}`,
        resolution: future
          ? `next ${name}${on} after publication date ${isoDay(this.pub)} (${mod === 1 ? `'${this.word(k - 1)}'` : 'future tense'})`
          : `most recent ${name}${on} before publication date ${isoDay(this.pub)}`,
      };
    }
    return { parts: [{ a: k, b: k, value, reason: 'weekday' }], next: k + 1 };
  }

  /** `आज`, `कल`, `परसों`, `today`; `अगले साल`, `पिछले महीने`, `इस सप्ताह`. */
  deixis(k: number): { parts: Part[]; next: number } | undefined {
    const w = this.lex(k);
    if (!w) return undefined;
    const mod = MODIFIERS.get(w);
    if (mod !== undefined && this.sameLine(k, k + 1)) {
      const unit = UNITS.get(this.lex(k + 1));
      if (unit) {
        return { parts: [{ a: k, b: k + 1, value: this.relativeValue(unit, mod, `'${w} ${this.word(k + 1)}'`), reason: `relative ${unit}` }], next: k + 2 };
      }
      // `अगले वित्तीय वर्ष`: a relative fiscal year.
      if (FISCAL.has(this.lex(k + 1)) && this.sameLine(k + 1, k + 2) && UNITS.get(this.lex(k + 2)) === 'year') {
        return { parts: [{ a: k, b: k + 2, value: this.relativeValue('year', mod, `'${w} ${this.word(k + 1)} ${this.word(k + 2)}' (fiscal)`), reason: 'relative fiscal year' }], next: k + 3 };
      }
      return undefined;
    }
    const dx = DEIXIS.get(w);
    if (!dx) return undefined;
    // Compounds written with a hyphen (`आज-कल`, `कल-कारखाने`) and vague uses are not dates.
    if (this.isPunct(k + 1, '-') && this.adjacent(k, k + 1)) return undefined;
    if (this.isPunct(k - 1, '-') && this.adjacent(k - 1, k)) return undefined;
    const prev = this.sameLine(k - 1, k) ? this.lex(k - 1) : '';
    if (dx.amb && (prev === 'बीते' || prev === 'वाले' || prev === 'वाला' || prev === 'बीता' || FUTURE_OWNERS.has(prev))) return undefined; // आने वाला कल, बेहतर कल: "the future"
    const n1 = this.sameLine(k, k + 1) ? this.lex(k + 1) : '';
    const n2 = this.sameLine(k + 1, k + 2) ? this.lex(k + 2) : '';
    // `आज के दौर में` "nowadays", `कल के युवा` "the young of the future".
    if ((n1 === 'के' || n1 === 'की' || n1 === 'का') && (VAGUE_AFTER_AAJ.has(n2) || VAGUE_NOUNS.has(n2))) return undefined;
    // `आज भी` "still", `आज तक` "so far", `कल तक` "until recently": periods, not a day.
    if ((w === 'आज' && (n1 === 'भी' || n1 === 'तक')) || (w === 'कल' && n1 === 'तक')) return undefined;
    // `आज पाँच-छह महीने बाद भी` "now, months later"; `आज लोग … बिताते हैं` (the present habitual): "nowadays".
    if (w === 'आज' && (this.countedLater(k) || this.habitualClause(k))) return undefined;
    let offset = dx.offset;
    let how = 'fixed';
    if (dx.amb) {
      const future = this.futureClause(k);
      offset = future ? dx.offset : -dx.offset;
      how = future ? 'future tense in the clause' : 'no future tense in the clause, read as past';
    }
    return { parts: [{ a: k, b: k, value: this.relativeValue('day', offset, `'${w}' (${how})`), reason: `deictic '${w}'` }], next: k + 1 };
  }

  /** `आज पाँच-छह महीने बाद`, `आज दस साल बाद`: a count of calendar units and बाद right after token `k`. */
  countedLater(k: number): boolean {
    for (let j = k + 1; j <= k + 4 && this.sameLine(j - 1, j); j++) {
      if (AGO_UNITS.has(this.lex(j))) return j > k + 1 && this.lex(j + 1) === LATER && this.sameLine(j, j + 1);
      if (!this.num(j) && !NUMBER_WORDS.has(this.lex(j)) && !this.isPunct(j, '-–')) return false;
    }
    return false;
  }

  /**
   * Is the verb of the clause after token `k` in the present habitual (`बिताते हैं`, `होता है`)?
   * With it `आज` is "nowadays". Looks ahead to the end of the sentence (max 15 tokens); `सकता
   * है` "can" and `चाहता है` "wants" are no habit.
   */
  habitualClause(k: number): boolean {
    for (let j = k + 1, steps = 0; j + 1 < this.n && steps < 15; j++, steps++) {
      if (!this.sameLine(j - 1, j)) return false;
      const tk = this.toks[j]!;
      if (tk.kind === 'punct') {
        if (SENTENCE_END.has(this.norm[tk.start]!)) return false;
        continue;
      }
      if (tk.kind !== 'word' || tk.end - tk.start < 4) continue;
      const last = this.norm.charCodeAt(tk.end - 1);
      // -ता / -ती / -ते (the vowel sign after त).
      if ((last !== 0x093e && last !== 0x0940 && last !== 0x0947) || this.norm.charCodeAt(tk.end - 2) !== 0x0924) continue;
      if (!PRESENT_AUX.has(this.lex(j + 1))) continue;
      const w = this.word(j);
      if (w.startsWith('सक') || w.startsWith('चाह')) return false;
      return true;
    }
    return false;
  }

  /** Is the clause around token `k` in the future tense? Looks ahead to the end of the sentence (max 15 tokens). */
  futureClause(k: number): boolean {
    for (let j = k + 1, steps = 0; j < this.n && steps < 15; j++, steps++) {
      if (!this.sameLine(j - 1, j)) return false;
      const tk = this.toks[j]!;
      if (tk.kind === 'punct') {
        if (SENTENCE_END.has(this.norm[tk.start]!)) return false;
        continue;
      }
      if (tk.kind !== 'word' && tk.kind !== 'latin') continue;
      const w = this.word(j);
      if (FUTURE_WORDS.has(w)) return true;
      if (w.length >= 3) for (const e of FUTURE_ENDINGS) if (w.endsWith(e)) return true;
    }
    return false;
  }

  relativeValue(unit: Unit, offset: number, what: string): DateValue {
    const rel = `${unit}${offset < 0 ? '-' : '+'}${Math.abs(offset)}`;
    if (!this.pub) return { relative: rel, resolution: `relative to the publication date, which is unknown: ${what}` };
    const p = this.pub;
    let iso: string;
    if (unit === 'day') iso = isoDay(fromDays(toDays(p) + offset));
    else if (unit === 'week') iso = isoWeek(fromDays(toDays(p) + 7 * offset));
    else if (unit === 'month') {
      const mi = p.y * 12 + (p.m - 1) + offset;
      iso = `${pad4(Math.floor(mi / 12))}-${pad2((mi % 12) + 1)}`;
    } else iso = pad4(p.y + offset);
    return { iso, relative: rel, resolution: `${what} resolved against publication date ${isoDay(p)}` };
  }

  /** Day and month with the year missing. */
  partial(m: number, d: number, forceYear?: number): DateValue {
    const relative = `--${pad2(m)}-${pad2(d)}`;
    const anchor = this.pub ?? this.lastFull;
    if (!anchor) return { relative, resolution: 'day and month; year unknown' };
    const a = toDays(anchor);
    let best: Ymd | undefined;
    let bestCost = Infinity;
    for (let y = anchor.y - 1; y <= anchor.y + 1; y++) {
      if (!validDay(y, m, d) || (forceYear !== undefined && y !== forceYear)) continue;
      const v = { y, m, d };
      const cost = distanceCost(toDays(v) - a);
      if (cost < bestCost) {
        best = v;
        bestCost = cost;
      }
    }
    if (!best) return { relative, resolution: 'day and month; no valid year near the anchor' };
    return {
      iso: isoDay(best),
      relative,
      resolution: this.pub
        ? `year inferred from publication date ${isoDay(this.pub)} (nearest)`
        : `year inferred from the date ${isoDay(anchor)} written earlier in the text (nearest)`,
    };
  }

  /** A day of the month with month and year missing: the nearest such day to the publication date. */
  dayOfMonth(d: number): DateValue {
    const relative = `---${pad2(d)}`;
    if (!this.pub) return { relative, resolution: 'day of the month; month and year unknown' };
    const p = this.pub;
    let best: Ymd | undefined;
    let bestCost = Infinity;
    for (let o = -1; o <= 1; o++) {
      const mi = p.y * 12 + (p.m - 1) + o;
      const v = { y: Math.floor(mi / 12), m: (mi % 12) + 1, d };
      if (!validDay(v.y, v.m, d)) continue;
      const cost = distanceCost(toDays(v) - toDays(p));
      if (cost < bestCost) {
        best = v;
        bestCost = cost;
      }
    }
    if (!best) return { relative, resolution: 'day of the month; no such day near the publication date' };
    return { iso: isoDay(best), relative, resolution: `month and year inferred from publication date ${isoDay(p)} (nearest)` };
  }

  /** A month with the year missing. */
  partialMonth(m: number): DateValue {
    const relative = `--${pad2(m)}`;
    const anchor = this.pub ?? this.lastFull;
    if (!anchor) return { relative, resolution: 'month; year unknown' };
    const a = anchor.y * 12 + anchor.m - 1;
    let bestY = anchor.y;
    for (let y = anchor.y - 1; y <= anchor.y + 1; y++) if (distanceCost(y * 12 + m - 1 - a) < distanceCost(bestY * 12 + m - 1 - a)) bestY = y;
    return {
      iso: `${pad4(bestY)}-${pad2(m)}`,
      relative,
      resolution: this.pub
        ? `year inferred from publication date ${isoDay(this.pub)} (nearest)`
        : `year inferred from the date ${isoDay(anchor)} written earlier in the text (nearest)`,
    };
  }

  // --- driver ----------------------------------------------------------------

  run(): Span[] {
    const toks = this.toks;
    let k = 0;
    while (k < this.n) {
      const tk = toks[k]!;
      let m: Found | undefined;
      this.cursor = k;
      if (tk.kind === 'num') m = this.first(AT_NUMBER, k);
      else if ((tk.kind === 'word' || tk.kind === 'latin') && FIRST[this.norm.charCodeAt(tk.start)] && TRIGGERS.has(this.norm.slice(tk.start, tk.end))) m = this.first(AT_WORD, k);
      if (m) {
        for (const p of m.parts) this.emit(p);
        k = m.next;
      } else k++;
    }
    return this.out;
  }

  /** The first of `rules` that reads a date at token `k`. */
  first(rules: readonly Rule[], k: number): Found | undefined {
    for (let r = 0; r < rules.length; r++) {
      const m = rules[r]!.call(this, k);
      if (m) return m;
    }
    return undefined;
  }

  emit(p: Part): void {
    const s = this.t.toRaw[this.toks[p.a]!.start]!;
    const e = this.t.toRaw[this.toks[p.b]!.end]!;
    if (this.skip && this.skip(s, e)) return;
    this.out.push({ start: s, end: e, label: 'DATE', text: this.t.raw.slice(s, e), source: 'date-grammar', reason: p.reason, date: p.value, confidence: dateConfidence(p.reason) });
  }
}

/** What a rule reads at a token: the date's parts and the token after them. */
type Found = { parts: Part[]; next: number };
type Rule = (this: Scanner, k: number) => Found | undefined;

/**
 * The rules tried at a number and at a word that may start a date, in order. Called through
 * these lists, the rules are compiled each on its own instead of inside the driver: a rule that
 * meets a path for the first time then recompiles alone, not the driver with every rule in it.
 */
const AT_NUMBER: readonly Rule[] = [Scanner.prototype.agoLater, Scanner.prototype.numeric, Scanner.prototype.dayFirst, Scanner.prototype.yearAlone, Scanner.prototype.twoDigitYear];
const AT_WORD: readonly Rule[] = [Scanner.prototype.agoLater, Scanner.prototype.dayFirst, Scanner.prototype.yearAlone, Scanner.prototype.deixis, Scanner.prototype.monthFirst, Scanner.prototype.weekday];

/**
 * How sure a date rule is: a written day, month and year is nearly always a date; a bare
 * number or month name less so, and `आज`/`कल` are often "nowadays" and "the future".
 */
function dateConfidence(reason: string): number {
  switch (reason) {
    case 'day month year':
    case 'month day year':
    case 'numeric date':
      return 0.98;
    case 'month and year':
    case 'fiscal year':
      return 0.95;
    case 'day and month':
    case 'month and day':
    case 'weekday':
      return 0.9;
    case 'calendar year':
      return 0.8;
    case 'month name':
      return 0.75;
  }
  if (reason.startsWith('year after')) return 0.92;
  if (reason.startsWith('relative')) return 0.85;
  if (reason.startsWith('deictic')) return 0.7;
  return 0.85; // days and years of ranges and lists, and whatever else the grammar says
}

const WEEKDAY_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Cost of reading a year-less date `delta` days (or months) away from its
 * anchor. News mostly reports the recent past, so the future counts double:
 * the chosen year puts the date within about 8 months before or 4 months
 * after the anchor.
 */
function distanceCost(delta: number): number {
  return delta < 0 ? -delta : 2 * delta;
}

function absolute(iso: string): DateValue {
  return { iso, resolution: iso.length === 10 ? 'absolute date' : iso.length === 7 ? 'absolute month' : 'absolute year' };
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isLatin(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * Find DATE spans. Works on the normalised text; returns spans in raw UTF-16
 * offsets, sorted and non-overlapping, `text` = raw slice, label `DATE`,
 * source `date-grammar`. `skip(start, end)` (raw offsets) returns true for
 * regions to ignore (URLs).
 */
export function findDates(t: NormalizedText, opts?: DateOptions, skip?: (rawStart: number, rawEnd: number) => boolean, tokens?: Token[]): Span[] {
  return new Scanner(t, parseIsoDay(opts?.publication), skip, tokens).run();
}

// ---------------------------------------------------------------------------
// Publication date

const PUB_RE = /(last\s+updated|published|updated|प्रकाशित|पब्लिश्ड|पब्लिश|अपडेटेड|अपडेट)/gi;
/** What may stand between the keyword and the date: `Published : `, `Updated on - `, `प्रकाशित तिथि: `. */
const PUB_GAP_RE = /^[\s:：\-–—|,.]*(?:(?:on|at|date|तिथि|दिनांक|तारीख|तारीख़)[\s:：\-–—|,.]*)?$/i;

/**
 * Find the article's publication date in the text: `Published : Oct 20, 2023`,
 * `प्रकाशित: 20 अक्टूबर 2023`, `Updated : …` (a `Published` date wins),
 * `पब्लिश्ड`, `अपडेटेड`; failing those, a dateline in the first lines
 * (`लखनऊ, 15 अगस्त 2024।`). Returns ISO `YYYY-MM-DD` or undefined.
 */
export function findPublicationDate(raw: string): string | undefined {
  let updated: string | undefined;
  PUB_RE.lastIndex = 0;
  for (let m = PUB_RE.exec(raw); m; m = PUB_RE.exec(raw)) {
    const from = m.index + m[0].length;
    const window = raw.slice(from, from + 80);
    const iso = dateRightAfter(window);
    if (!iso) continue;
    const kw = m[0].toLowerCase();
    const isUpdate = kw.includes('updated') || kw.startsWith('अपडेट');
    if (!isUpdate) return iso;
    updated ??= iso;
  }
  return updated ?? datelineDate(raw);
}

/** A place and a comma at the start of a line: the head of a dateline (`लखनऊ, `, `नई दिल्ली (भाषा), `). */
const DATELINE_HEAD_RE = /^\s*[\u0900-\u097fA-Za-z][\u0900-\u097fA-Za-z .()\-]{1,40}?,\s*/;
/** What may follow a dateline's date: a danda, a colon or dash, a bracket, or the end of the line. */
const DATELINE_TAIL_RE = /^\s*(?:[।:|\-–—(]|$)/;

/**
 * A dateline in the first lines of an article, `लखनऊ, 15 अगस्त 2024।`: the publication date of an
 * article that states no other.
 */
function datelineDate(raw: string): string | undefined {
  let from = 0;
  for (let lines = 0; lines < 3 && from < raw.length; ) {
    let nl = raw.indexOf('\n', from);
    if (nl < 0) nl = raw.length;
    const line = raw.slice(from, Math.min(nl, from + 200));
    from = nl + 1;
    if (!line.trim()) continue;
    lines++;
    const head = DATELINE_HEAD_RE.exec(line);
    if (!head) continue;
    const rest = line.slice(head[0].length);
    const spans = findDates(normalize(rest));
    const d = spans[0];
    if (!d || d.start !== 0 || d.date?.iso?.length !== 10) continue;
    if (DATELINE_TAIL_RE.test(rest.slice(d.end))) return d.date.iso;
  }
  return undefined;
}

/** The first full date in `window` if only a separator stands before it. */
function dateRightAfter(window: string): string | undefined {
  const t = normalize(window);
  const spans = findDates(t);
  for (const s of spans) {
    if (!PUB_GAP_RE.test(window.slice(0, s.start))) return undefined;
    const iso = s.date?.iso;
    if (iso && iso.length === 10) return iso;
  }
  return undefined;
}
