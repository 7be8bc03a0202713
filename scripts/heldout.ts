/**
 * Held-out validation of the recogniser on text it is never trained on or tuned to:
 *
 * - **IL-NER Hindi dev** (`../shared/data/il-ner/Hindi-dev.txt`, CC BY 4.0): never trained on;
 * - **a HiNER slice**: every sentence of `../shared/data/hiner/validation-even.conll` in blocks
 *   of {@link HINER_BLOCK} consecutive sentences whose block number is
 *   {@link HINER_HELD_OUT_BLOCK} modulo 10 (about a tenth, whole stretches of articles so a name
 *   repeated in an article does not leak from training), minus the sentences of the dev gold.
 *   `scripts/train-tagger.ts` leaves these sentences out of training ({@link isHinerHeldOut}).
 *
 * The corpora's tags are mapped onto the project's guidelines (GUIDELINES.md) by fixed rules
 * written once from the guidelines, not from the recogniser's errors:
 * - PERSON (NEP / PERSON): leading titles, ranks, honorifics and designations, and trailing
 *   honorific suffixes (जी, साहब), postpositions and punctuation are moved outside; a span of
 *   titles only is dropped;
 * - DATE (NETI / TIMEX): kept when it names a calendar day, month or year (a month, a weekday, a
 *   year, a deictic word, a modifier with a calendar unit, `N साल पहले`); durations, clock times and
 *   times of day are dropped (`शुक्रवार रात` → `शुक्रवार`); a range of full years is two spans, a
 *   fiscal year (`2018 - 19`) one; a decade keeps only its number (`1980 के दशक` → `1980`);
 * - the corpora do not mark deictic expressions consistently, so a predicted `पिछले साल` or
 *   `दो साल पहले` where the corpus has no time expression is not judged, and `आज`, `कल`, `परसों`
 *   alone (a calendar day or "nowadays", "the future": a reader's call) are not judged at all.
 *
 * Both corpora are noisy (missed repeats, names of deities tagged): read the figures as a
 * comparison between two versions of the recogniser, not as absolute quality.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeKey } from '../server/src/core/normalize';

export const DATA = join(process.cwd(), '..', 'shared', 'data');
export const HINER_PATH = join(DATA, 'hiner', 'validation-even.conll');
export const ILNER_DEV_PATH = join(DATA, 'il-ner', 'Hindi-dev.txt');
export const DEV_GOLD_PATH = join(process.cwd(), '..', 'shared', 'gold', 'hiner-dev.jsonl');

/** Consecutive HiNER sentences per block, and the block residue (mod 10) held out. */
export const HINER_BLOCK = 40;
export const HINER_HELD_OUT_BLOCK = 7;

/** True when HiNER sentence number `index` (0-based, file order) belongs to the held-out slice. */
export function isHinerHeldOut(index: number): boolean {
  return Math.floor(index / HINER_BLOCK) % 10 === HINER_HELD_OUT_BLOCK;
}

export type ConllSentence = Array<[token: string, tag: string]>;

/** `token<TAB>tag` lines, sentences separated by blank lines. */
export function readConll(path: string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let cur: ConllSentence = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const l = line.replace(/\r$/, '');
    if (!l.trim()) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    const tab = l.indexOf('\t');
    const tok = (tab >= 0 ? l.slice(0, tab) : l).trim();
    const tag = tab >= 0 ? l.slice(tab + 1).trim() : 'O';
    if (!tok) continue;
    cur.push([tok, tag]);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** The texts of the dev gold, to leave its sentences out of anything else. */
export function devGoldSentences(path = DEV_GOLD_PATH): { lines: Set<string>; normTexts: string[] } {
  const lines = new Set<string>();
  const normTexts: string[] = [];
  for (const l of readFileSync(path, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const d = JSON.parse(l) as { text: string };
    for (const s of d.text.split('\n')) lines.add(s);
    normTexts.push(normalizeKey(d.text).replace(/\s+/g, ''));
  }
  return { lines, normTexts };
}

/** True when a corpus sentence occurs in the dev gold (exactly, or inside one of its texts once spaces are ignored). */
export function inDevGold(sentence: ConllSentence, dev: { lines: Set<string>; normTexts: string[] }): boolean {
  const joined = sentence.map((t) => t[0]).join(' ');
  if (dev.lines.has(joined)) return true;
  const key = normalizeKey(joined).replace(/\s+/g, '');
  return key.length > 0 && dev.normTexts.some((t) => t.includes(key));
}

// ---------------------------------------------------------------------------
// Guideline rules (written from GUIDELINES.md; keep them independent of the recogniser's lexicons).

const key = (w: string) => normalizeKey(w);
const set = (words: string[]) => new Set(words.map(key));

/** Titles, ranks, honorifics and designations that stay outside a PERSON span (GUIDELINES.md, PERSON). */
const TITLES = set([
  'श्री', 'श्रीमती', 'सुश्री', 'कुमारी', 'डॉ', 'डॉक्टर', 'डा', 'Dr', 'प्रो', 'प्रोफेसर', 'प्रोफ़ेसर', 'मिस्टर', 'मि', 'मिसेज', 'मिस',
  'कर्नल', 'मेजर', 'जनरल', 'लेफ्टिनेंट', 'ब्रिगेडियर', 'कैप्टन', 'कप्तान', 'एडमिरल', 'मार्शल', 'फील्ड', 'एयर', 'वाइस', 'कमांडर', 'सूबेदार', 'हवलदार', 'सिपाही', 'जवान',
  'मौलाना', 'मौलवी', 'मुफ्ती', 'आयतुल्ला', 'अयातुल्ला', 'आयतुल्लाह', 'अयातुल्लाह', 'इमाम', 'स्वामी', 'साध्वी', 'संत', 'महंत', 'बाबा', 'पंडित', 'पं', 'महात्मा', 'आचार्य', 'गुरु', 'शेख', 'सैयद', 'हाजी', 'हजरत', 'सर', 'लॉर्ड', 'राजा', 'रानी', 'महाराजा', 'महारानी', 'नवाब', 'सुल्तान', 'शाह',
  'स्वर्गीय', 'स्व', 'दिवंगत', 'शहीद', 'कॉमरेड', 'माननीय', 'मा',
  'मंत्री', 'मुख्यमंत्री', 'प्रधानमंत्री', 'राष्ट्रपति', 'उपराष्ट्रपति', 'राज्यपाल', 'अध्यक्ष', 'उपाध्यक्ष', 'सांसद', 'विधायक', 'नेता', 'प्रवक्ता', 'महासचिव', 'सचिव', 'प्रभारी', 'सभापति', 'स्पीकर',
  'न्यायमूर्ति', 'जस्टिस', 'न्यायाधीश', 'जज', 'राजदूत', 'आयुक्त', 'कमिश्नर', 'कलेक्टर', 'जिलाधिकारी', 'महापौर', 'मेयर', 'पार्षद', 'सरपंच', 'मुखिया', 'निदेशक', 'चेयरमैन',
  'अभिनेता', 'अभिनेत्री', 'गायक', 'गायिका', 'लेखक', 'कवि', 'खिलाड़ी', 'कोच', 'प्रधान', 'पूर्व', 'केंद्रीय', 'वरिष्ठ',
]);
/** Honorific suffixes after a name (`अटल जी`, `बरार साहब`). */
const SUFFIXES = set(['जी', 'साहब', 'साहेब', 'सा', 'बाबू', 'महोदय', 'महोदया', 'जू']);
/** Postpositions and particles never inside a span. */
const POSTPOSITIONS = set(['ने', 'को', 'के', 'की', 'का', 'से', 'में', 'पर', 'तक', 'और', 'व', 'भी', 'ही', 'द्वारा', 'एवं', 'तथा', 'वाले', 'वाली', 'वाला']);
const PUNCT = /^[\p{P}\p{S}]+$/u;
const PUNCT_CHAR = /[\p{P}\p{S}]/u;

const MONTHS = set([
  'जनवरी', 'फरवरी', 'फ़रवरी', 'मार्च', 'अप्रैल', 'अप्रेल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'सितम्बर', 'अक्टूबर', 'अक्तूबर', 'नवंबर', 'नवम्बर', 'दिसंबर', 'दिसम्बर',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);
const WEEKDAYS = set(['सोमवार', 'मंगलवार', 'बुधवार', 'गुरुवार', 'गुरूवार', 'बृहस्पतिवार', 'वीरवार', 'शुक्रवार', 'शनिवार', 'रविवार', 'इतवार']);
const DEICTIC = set(['आज', 'कल', 'परसों']);
const MODIFIERS = set(['अगले', 'अगला', 'आगामी', 'पिछले', 'पिछला', 'बीते', 'गत', 'इस', 'इसी', 'चालू', 'मौजूदा', 'वर्तमान']);
const UNITS = set(['साल', 'वर्ष', 'बरस', 'महीने', 'महीना', 'माह', 'सप्ताह', 'हफ्ते', 'हफ़्ते']);
const AGO = set(['पहले', 'बाद']);
const YEAR_LEADS = set(['वर्ष', 'साल', 'सन', 'सन्']);
/** Times of day and clock words: outside a date, and a span of only these is no date. */
const TIME_OF_DAY = set(['सुबह', 'सवेरे', 'दोपहर', 'शाम', 'रात', 'रात्रि', 'तड़के', 'देर', 'बजे', 'मिनट', 'घंटे', 'घंटा', 'समय', 'वक्त']);
const NUMBER_WORDS = set(['एक', 'दो', 'तीन', 'चार', 'पांच', 'पाँच', 'छह', 'सात', 'आठ', 'नौ', 'दस', 'बारह', 'पंद्रह', 'बीस', 'पच्चीस', 'तीस', 'पचास', 'सौ', 'कुछ', 'कई']);
const FOLD_DIGITS = (s: string) => s.replace(/[०-९]/g, (d) => String(d.charCodeAt(0) - 0x0966));
const isYear = (w: string) => /^\d{4}$/.test(FOLD_DIGITS(w)) && +FOLD_DIGITS(w) >= 1000 && +FOLD_DIGITS(w) <= 2199;
const isNumber = (w: string) => /^\d+$/.test(FOLD_DIGITS(w));

/** A gold span as corpus token indices [a, b] (inclusive). */
type TokSpan = [a: number, b: number];

/** Deities and figures of the epics, never PERSON alone (GUIDELINES.md): only names that rarely stand alone for a living person. */
const DEITIES = set([
  'राम', 'श्रीराम', 'सीता', 'कृष्ण', 'श्रीकृष्ण', 'शिव', 'महादेव', 'ब्रह्मा', 'गणेश', 'गणपति', 'हनुमान', 'दुर्गा', 'पार्वती', 'इंद्र', 'इन्द्र',
  'रावण', 'विभीषण', 'कुंभकर्ण', 'मेघनाद', 'युधिष्ठिर', 'द्रौपदी', 'दुर्योधन', 'कंस', 'यशोदा', 'नारद', 'यमराज', 'अल्लाह',
]);
/** Words before a name that make it a deity's (`भगवान शिव`, `प्रभु राम`). */
const DEITY_CUES = set(['भगवान', 'प्रभु', 'देवी', 'माता', 'मां', 'माँ', 'देवता', 'ईश्वर', 'मर्यादा', 'पुरुषोत्तम', 'बजरंगबली']);

/** Map a corpus PERSON span onto the guidelines (titles and suffixes out, deities dropped); undefined when nothing is left. */
export function personSpan(toks: string[], a: number, b: number): TokSpan | undefined {
  const k = (i: number) => key(toks[i]!.replace(/\.$/, ''));
  if (a > 0 && DEITY_CUES.has(k(a - 1))) return undefined;
  while (a <= b && (TITLES.has(k(a)) || PUNCT.test(toks[a]!))) a++;
  while (b >= a && (SUFFIXES.has(k(b)) || POSTPOSITIONS.has(k(b)) || PUNCT.test(toks[b]!))) b--;
  if (a > b || DEITY_CUES.has(k(a)) || (a === b && DEITIES.has(k(a)))) return undefined;
  return [a, b];
}

/**
 * PERSON tags of a corpus sentence (`B`, `I`, `O` per corpus token) after {@link personSpan}: the
 * training data then teaches the guidelines, not the corpus annotators' habits (titles inside).
 */
export function guidelinePersonTags(sentence: ConllSentence): Array<'B' | 'I' | 'O'> {
  const toks = sentence.map((t) => t[0]);
  const tags = new Array<'B' | 'I' | 'O'>(toks.length).fill('O');
  let open = -1;
  const close = (end: number) => {
    if (open < 0) return;
    const p = personSpan(toks, open, end);
    if (p) for (let i = p[0]; i <= p[1]; i++) tags[i] = i === p[0] ? 'B' : 'I';
    open = -1;
  };
  for (let j = 0; j <= sentence.length; j++) {
    const { kind, begin } = kindOf(j < sentence.length ? sentence[j]![1] : 'O');
    if (kind !== 'person') {
      close(j - 1);
      continue;
    }
    if (open >= 0 && begin) close(j - 1);
    if (open < 0) open = j;
  }
  return tags;
}

/** Map a corpus time expression onto the guidelines' DATE spans (none, one or two). */
export function dateSpans(toks: string[], a: number, b: number): TokSpan[] {
  const k = (i: number) => key(toks[i]!);
  while (a <= b && (POSTPOSITIONS.has(k(a)) || PUNCT.test(toks[a]!))) a++;
  while (b >= a && (POSTPOSITIONS.has(k(b)) || TIME_OF_DAY.has(k(b)) || PUNCT.test(toks[b]!))) b--;
  if (a > b) return [];
  // A range of two calendar expressions: `1964 से 1966`, `1899 - 1902` (a fiscal `2018 - 19` stays one).
  for (let i = a + 1; i < b; i++) {
    const sep = k(i);
    if (sep === 'से' || sep === 'तक' || sep === 'और' || sep === '-' || sep === '–') {
      if (sep === '-' && isYear(toks[i - 1]!) && /^\d{2}$/.test(FOLD_DIGITS(toks[i + 1]!))) continue;
      return [...dateSpans(toks, a, i - 1), ...dateSpans(toks, i + 1, b)];
    }
  }
  const words = toks.slice(a, b + 1).map((_, j) => k(a + j));
  // A decade is DATE on its number: `1980 के दशक` → `1980`.
  const decade = words.indexOf(key('दशक'));
  if (decade >= 0) {
    const n = words.findIndex((w) => isNumber(w));
    return n >= 0 && n < decade ? [[a + n, a + n]] : [];
  }
  if (words.some((w) => TIME_OF_DAY.has(w) && (w === key('बजे') || w === key('मिनट') || w === key('घंटे') || w === key('घंटा')))) return [];
  const calendar =
    words.some((w) => MONTHS.has(w) || WEEKDAYS.has(w) || isYear(w)) ||
    (words.length === 1 && DEICTIC.has(words[0]!)) ||
    (words.length === 2 && MODIFIERS.has(words[0]!) && UNITS.has(words[1]!)) ||
    (words.length === 3 && (isNumber(words[0]!) || NUMBER_WORDS.has(words[0]!)) && UNITS.has(words[1]!) && AGO.has(words[2]!));
  if (!calendar) return [];
  // `पिछले [वर्ष 26 नवंबर]`: the modifier and the unit are their own expression (`पिछले वर्ष` + `26 नवंबर`).
  if (a < b && UNITS.has(k(a)) && !isYear(toks[a + 1]!) && a > 0 && MODIFIERS.has(k(a - 1))) return [[a - 1, a], ...dateSpans(toks, a + 1, b)];
  // Only the weekday of `सुबह शुक्रवार`, `चौथे गुरुवार` (a modifier before a weekday stays outside).
  if (words.some((w) => WEEKDAYS.has(w))) while (a < b && !WEEKDAYS.has(k(a))) a++;
  // `वर्ष` or `सन` leading a year is inside (`वर्ष 2003`, `सन् १९६४`).
  if (a > 0 && isYear(toks[a]!) && YEAR_LEADS.has(k(a - 1))) a--;
  // `वर्ष 20` and the like: a lead word with a number that is no year.
  if (words.length === 2 && YEAR_LEADS.has(words[0]!) && !isYear(words[1]!) && !/^\d{4}\s*-/.test(words[1]!)) return [];
  return [[a, b]];
}

/**
 * `आज`, `कल`, `परसों` alone: whether one names a calendar day or means "nowadays" / "the future"
 * takes a reader, so neither the corpus tag nor the prediction is judged.
 */
export function isDeicticWord(text: string): boolean {
  return DEICTIC.has(key(text));
}

/** Deictic DATE texts a corpus leaves unmarked: such a prediction outside any corpus time span is not judged. */
export function isUnmarkedDeixis(text: string): boolean {
  const w = text.split(/\s+/).map(key);
  if (w.length === 2) return MODIFIERS.has(w[0]!) && UNITS.has(w[1]!);
  return w.length === 3 && (isNumber(w[0]!) || NUMBER_WORDS.has(w[0]!)) && UNITS.has(w[1]!) && AGO.has(w[2]!);
}

// ---------------------------------------------------------------------------
// Documents.

export interface HeldOutDoc {
  id: string;
  text: string;
  /** Gold spans, UTF-16 offsets. */
  spans: Array<{ start: number; end: number; label: 'PERSON' | 'DATE' }>;
  /** Corpus time expressions as they were (UTF-16 offsets), before the rules: deixis inside them is judged. */
  timex: Array<[number, number]>;
}

type Kind = 'person' | 'time' | 'other';
function kindOf(tag: string): { kind: Kind; begin: boolean } {
  if (tag === 'O') return { kind: 'other', begin: false };
  const m = /^([BI]?)-?(.*)$/.exec(tag)!;
  const t = m[2]!;
  const kind: Kind = t === 'PERSON' || t === 'NEP' ? 'person' : t === 'TIMEX' || t === 'NETI' ? 'time' : 'other';
  return { kind, begin: m[1] === 'B' || m[1] === '' };
}

/** Sentences into documents of `perDoc` sentences (one paragraph per sentence), gold mapped by the rules above. */
export function toDocs(prefix: string, sents: ConllSentence[], perDoc: number): HeldOutDoc[] {
  const docs: HeldOutDoc[] = [];
  for (let i = 0; i < sents.length; i += perDoc) {
    let text = '';
    const spans: HeldOutDoc['spans'] = [];
    const timex: HeldOutDoc['timex'] = [];
    for (const s of sents.slice(i, i + perDoc)) {
      if (text) text += '\n';
      const toks = s.map((t) => t[0]);
      const starts: number[] = [];
      for (const [j, t] of toks.entries()) {
        if (j > 0) text += ' ';
        starts.push(text.length);
        text += t;
      }
      const at = (a: number, b: number) => ({ start: starts[a]!, end: starts[b]! + toks[b]!.length });
      // Punctuation glued to a corpus token (`नेहरा.`, `"सानिया`) stays outside.
      const trimmed = (r: { start: number; end: number }) => {
        while (r.start < r.end && PUNCT_CHAR.test(text[r.start]!)) r.start++;
        while (r.end > r.start && PUNCT_CHAR.test(text[r.end - 1]!)) r.end--;
        return r;
      };
      let open: { kind: Kind; a: number } | undefined;
      const close = (end: number) => {
        if (!open) return;
        if (open.kind === 'person') {
          const p = personSpan(toks, open.a, end);
          const r = p && trimmed(at(p[0], p[1]));
          if (r && r.end > r.start) spans.push({ ...r, label: 'PERSON' });
        } else if (open.kind === 'time') {
          const r = at(open.a, end);
          timex.push([r.start, r.end]);
          for (const d of dateSpans(toks, open.a, end)) {
            const r = trimmed(at(d[0], d[1]));
            // One expression per span: a year after a comma belongs to the date before it (`26 दिसंबर , 2004`).
            const last = spans[spans.length - 1];
            if (last?.label === 'DATE' && /^\s*,\s*$/.test(text.slice(last.end, r.start)) && /^[0-9०-९]{4}$/.test(text.slice(r.start, r.end))) last.end = r.end;
            else spans.push({ ...r, label: 'DATE' });
          }
        }
        open = undefined;
      };
      for (let j = 0; j <= s.length; j++) {
        const tag = j < s.length ? s[j]![1] : 'O';
        const { kind, begin } = kindOf(tag);
        if (kind === 'other' || tag === 'O') {
          close(j - 1);
          continue;
        }
        if (open && (begin || open.kind !== kind)) close(j - 1);
        if (!open) open = { kind, a: j };
      }
    }
    docs.push({ id: `${prefix}-${docs.length}`, text, spans, timex });
  }
  return docs;
}

/** IL-NER dev as documents of 20 sentences. */
export function ilnerDevHeldOut(): HeldOutDoc[] {
  return toDocs('ilner-dev', readConll(ILNER_DEV_PATH), 20);
}

/** The held-out HiNER slice as documents of 20 sentences (consecutive sentences of the corpus). */
export function hinerHeldOut(): HeldOutDoc[] {
  const dev = devGoldSentences();
  const sents = readConll(HINER_PATH).filter((s, i) => isHinerHeldOut(i) && !inDevGold(s, dev));
  return toDocs('hiner-heldout', sents, 20);
}
