/**
 * IL-NER (../shared/data/il-ner, CC BY 4.0) as annotated documents for the
 * learning benchmark: literary and government text (magazine essays,
 * speeches, books), a kind of text the news-trained base never saw.
 *
 * - Documents: the corpus is one `token<TAB>tag` per line with blank lines
 *   between sentences and no document markers, and its sentences are grouped
 *   by entity type: every sentence with a person comes first, then those
 *   with a time expression, then the rest. Each group keeps the corpus's
 *   order (neighbouring sentences of a group often come from one source:
 *   `मार्ले`, `मिन्टो` and `लॉर्ड मिंटो` are sentences 12 to 32), so a document is
 *   rebuilt from the same relative stretch of each group: document k of D
 *   holds the k-th D-th of the person group, of the time group and of the
 *   rest, ten sentences in all, in corpus order. Documents keep the corpus's
 *   mix of entities, and names recur between neighbouring documents as they
 *   do in a real collection.
 * - Labels, re-written to the project's guidelines by rules: person (NEP)
 *   spans lose titles, honorifics and forms of address at their edges (`श्री`,
 *   `डॉ`, `लॉर्ड`, `नवाब`, `स्वामी`, designations, `जी`), deities and names
 *   inside the name of a scheme, body, award or place (`महात्मा गांधी नरेगा`)
 *   go; time (NETI)
 *   spans keep only calendar references, cut into one span per expression
 *   (day–month–year, month–year, months, years with `वर्ष`/`सन`, fiscal years,
 *   the number of a decade, weekdays, `आज`/`कल` as days, `अगले साल`-like
 *   phrases); centuries, durations and clock times go. Other labels are not
 *   scored (PARTY is not annotated in IL-NER).
 *
 * Offsets are UTF-16 (both gold and predictions in the benchmark use them).
 */
import { normalizeKey } from '../server/src/core/normalize';
import { readConll, type ConllSentence } from '../scripts/heldout';

export interface Span {
  start: number;
  end: number;
  label: 'PERSON' | 'DATE';
}

export interface Doc {
  id: string;
  text: string;
  spans: Span[];
  sentences: number;
}

type Sentence = ConllSentence;


const keys = (ws: string[]): Set<string> => new Set(ws.map(normalizeKey));

/** Words before a name that are titles, honorifics or designations (guidelines: outside the span). */
const TITLES = keys([
  'श्री', 'श्रीमती', 'सुश्री', 'श्रीमान', 'डॉ', 'डॉ.', 'डॉक्टर', 'डा', 'डा.', 'प्रो', 'प्रो.', 'प्रोफेसर', 'प्रोफ़ेसर', 'दिवंगत', 'स्वर्गीय', 'स्व.', 'स्व',
  'मुख्यमंत्री', 'प्रधानमंत्री', 'मंत्री', 'केंद्रीय', 'राज्यमंत्री', 'गृहमंत्री', 'वित्तमंत्री', 'उपमुख्यमंत्री', 'पूर्व', 'अध्यक्ष', 'उपाध्यक्ष',
  'सांसद', 'विधायक', 'नेता', 'राज्यपाल', 'राष्ट्रपति', 'उपराष्ट्रपति', 'न्यायमूर्ति', 'जस्टिस', 'न्यायाधीश', 'कलेक्टर', 'जिलाधिकारी',
  'कैप्टन', 'कप्तान', 'जनरल', 'कर्नल', 'मेजर', 'लेफ्टिनेंट', 'ब्रिगेडियर', 'एडमिरल', 'राजदूत', 'आयुक्त', 'महात्मा', 'पंडित', 'पं', 'पं.',
  'मौलाना', 'आयतुल्ला', 'स्वामी', 'साध्वी', 'संत', 'गुरु', 'शहीद', 'कॉमरेड', 'माननीय', 'महामहिम', 'मिस्टर', 'मि.', 'मिसेज', 'लॉर्ड', 'लार्ड',
  'सर', 'नवाब', 'राजा', 'महाराजा', 'महाराज', 'रानी', 'महारानी', 'सम्राट', 'बादशाह', 'सुल्तान', 'शेख', 'बाबू', 'मुंशी', 'सेठ', 'भगवान',
  'सरदार', 'लोकमान्य', 'नेताजी', 'राष्ट्रपिता', 'सभापति', 'महोदय', 'महोदया', 'मैडम', 'स्पीकर', 'उपसभापति', 'Dr', 'Dr.', 'Shri', 'Smt', 'Mr', 'Mr.', 'Mrs', 'Ms', 'Prof', 'Sir', 'Lord',
]);
/** Words after a name that stay outside it: honorific suffixes and postpositions. */
const AFTER = keys(['जी', 'साहब', 'साहेब', 'महोदय', 'महोदया', 'ने', 'को', 'की', 'के', 'का', 'से', 'में', 'पर', 'तक', 'और']);
/** Deities and mythological figures (not PERSON under the guidelines) as a whole span. */
const DEITIES = keys([
  'राम', 'श्रीराम', 'कृष्ण', 'श्रीकृष्ण', 'शिव', 'शंकर', 'महादेव', 'गणेश', 'हनुमान', 'विष्णु', 'ब्रह्मा', 'दुर्गा', 'लक्ष्मी', 'सरस्वती', 'पार्वती',
  'सीता', 'राधा', 'इंद्र', 'इन्द्र', 'रावण', 'लक्ष्मण', 'भरत', 'युधिष्ठिर', 'भीम', 'दुर्योधन', 'द्रौपदी', 'कर्ण', 'अर्जुन', 'यशोदा', 'कंस',
]);
const PUNCT = /^[\p{P}\p{S}|]+$/u;
/** Words after a name that make it part of the name of a scheme, organisation, award or place (not PERSON). */
const NAMED_AFTER = keys([
  'नरेगा', 'योजना', 'अभियान', 'मिशन', 'फाउंडेशन', 'फ़ाउंडेशन', 'ट्रस्ट', 'संस्थान', 'विश्वविद्यालय', 'यूनिवर्सिटी', 'कॉलेज', 'महाविद्यालय',
  'पुरस्कार', 'अवार्ड', 'सम्मान', 'स्टेडियम', 'अस्पताल', 'मार्ग', 'रोड', 'नगर', 'भवन', 'हवाई', 'रिसर्च', 'शोध', 'केंद्र', 'केन्द्र', 'पंचायत',
  'स्मारक', 'संग्रहालय', 'अकादमी', 'सेतु', 'पार्क', 'चौक', 'स्कूल', 'विद्यालय', 'राष्ट्रीय',
]);

const MONTHS = keys([
  'जनवरी', 'फरवरी', 'फ़रवरी', 'मार्च', 'अप्रैल', 'अप्रेल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'सितम्बर', 'अक्टूबर', 'अक्तूबर', 'नवंबर', 'नवम्बर',
  'दिसंबर', 'दिसम्बर', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
const WEEKDAYS = keys(['सोमवार', 'मंगलवार', 'बुधवार', 'गुरुवार', 'गुरूवार', 'बृहस्पतिवार', 'वीरवार', 'शुक्रवार', 'शनिवार', 'रविवार', 'इतवार']);
const DAYS = keys(['आज', 'कल', 'परसों']);
const DEICTIC = keys(['अगले', 'पिछले', 'इस', 'इसी', 'अगली', 'पिछली', 'गत', 'आगामी', 'बीते', 'पिछला', 'अगला']);
const UNITS = keys(['साल', 'वर्ष', 'महीने', 'महीना', 'माह', 'सप्ताह', 'हफ्ते', 'हफ़्ते', 'वित्त', 'वित्तीय']);
const YEAR_WORDS = keys(['वर्ष', 'सन', 'साल', 'सन्']);
const GENITIVE = keys(['के', 'की', 'का']);

/** A token's digits in ASCII (Devanagari digits mapped), or undefined. */
function digits(w: string): string | undefined {
  const a = w.replace(/[०-९]/g, (d) => String(d.charCodeAt(0) - 0x966));
  return /^\d+$/.test(a) ? a : undefined;
}
const isYear = (w: string): boolean => {
  const d = digits(w);
  return d !== undefined && d.length === 4 && Number(d) >= 1000 && Number(d) <= 2099;
};
const isDay = (w: string): boolean => {
  const d = digits(w);
  return d !== undefined && d.length <= 2 && Number(d) >= 1 && Number(d) <= 31;
};

/** Person span [a, b) of `ws` (normalised words), trimmed to the guidelines, or undefined when nothing is left. */
function personSpan(ws: string[], a: number, b: number): [number, number] | undefined {
  const before = a > 0 ? ws[a - 1]! : '';
  if (b < ws.length && NAMED_AFTER.has(ws[b]!)) return undefined;
  while (a < b && (TITLES.has(ws[a]!) || PUNCT.test(ws[a]!))) a++;
  while (b > a && (AFTER.has(ws[b - 1]!) || PUNCT.test(ws[b - 1]!))) b--;
  if (a >= b) return undefined;
  if (b - a === 1 && DEITIES.has(ws[a]!)) return undefined;
  if (before === normalizeKey('भगवान') || before === normalizeKey('देवी') || before === normalizeKey('प्रभु')) return undefined;
  return [a, b];
}

/** Calendar expressions inside a time span [a, b), one range of words each. */
function dateSpans(ws: string[], a: number, b: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = a;
  while (i < b) {
    const w = ws[i]!;
    const at = (k: number): string => (k < b ? ws[k]! : '');
    let e = -1;
    let s = i;
    if (isDay(w) && MONTHS.has(at(i + 1))) {
      e = i + 2;
      if (at(e) === ',' && isYear(at(e + 1))) e += 2;
      else if (isYear(at(e))) e += 1;
    } else if (MONTHS.has(w)) {
      e = i + 1;
      if (isDay(at(e)) && at(e + 1) === ',' && isYear(at(e + 2))) e += 3;
      else if (isYear(at(e))) e += 1;
    } else if (YEAR_WORDS.has(w) && isYear(at(i + 1))) {
      e = i + 2;
    } else if (isYear(w)) {
      e = i + 1;
    } else if (WEEKDAYS.has(w)) {
      e = i + 1;
    } else if (DAYS.has(w) && !GENITIVE.has(i + 1 < ws.length ? ws[i + 1]! : '')) {
      e = i + 1;
    } else if (DEICTIC.has(w) && UNITS.has(at(i + 1))) {
      e = i + 2;
      if (normalizeKey('वित्त') === at(i + 1) || normalizeKey('वित्तीय') === at(i + 1)) e = UNITS.has(at(i + 2)) ? i + 3 : -1;
    } else if (digits(w) !== undefined && at(i + 1) === normalizeKey('के') && at(i + 2) === normalizeKey('दशक')) {
      e = i + 1;
    }
    if (e > s && isYear(ws[e - 1]!) && at(e) === '-' && digits(at(e + 1))?.length === 2) e += 2; // 2018 - 19
    if (e > s) {
      out.push([s, e]);
      i = e;
    } else i++;
  }
  return out;
}

/** One sentence as text (tokens joined by spaces) with its spans relabelled to the guidelines. */
export function relabel(sent: Sentence): { text: string; spans: Span[]; words: string[] } {
  const words = sent.map(([t]) => normalizeKey(t));
  const starts: number[] = [];
  let text = '';
  for (const [t] of sent) {
    if (text) text += ' ';
    starts.push(text.length);
    text += t;
  }
  const range = (a: number, b: number): [number, number] => [starts[a]!, starts[b - 1]! + sent[b - 1]![0].length];
  const spans: Span[] = [];
  // Corpus spans: B-X / I-X (and the stray `-X`), by type.
  let i = 0;
  while (i < sent.length) {
    const tag = sent[i]![1];
    const m = /^(?:B)?-(NEP|NETI)$/.exec(tag) ?? /^I-(NEP|NETI)$/.exec(tag);
    if (!m) {
      i++;
      continue;
    }
    const type = m[1]!;
    let j = i + 1;
    while (j < sent.length && sent[j]![1] === 'I-' + type) j++;
    if (type === 'NEP') {
      const p = personSpan(words, i, j);
      if (p) spans.push({ ...toSpan(range(p[0], p[1])), label: 'PERSON' });
    } else {
      for (const [a, b] of dateSpans(words, i, j)) spans.push({ ...toSpan(range(a, b)), label: 'DATE' });
    }
    i = j;
  }
  return { text, spans, words };
}

const toSpan = ([start, end]: [number, number]): { start: number; end: number } => ({ start, end });

/** Sentences per document. */
export const DOCUMENT_SENTENCES = 10;

/** The corpus as documents rebuilt from its entity-type groups (see the file comment), with guideline labels. */
export function documents(path: string, prefix: string): Doc[] {
  const raw = readConll(path);
  const has = (sent: Sentence, type: string): boolean => sent.some(([, tag]) => tag.replace(/^[BI]?-/, '') === type);
  const groups: Sentence[][] = [[], [], []];
  for (const sent of raw) groups[has(sent, 'NEP') ? 0 : has(sent, 'NETI') ? 1 : 2]!.push(sent);
  const count = Math.max(1, Math.round(raw.length / DOCUMENT_SENTENCES));
  const docs: Doc[] = [];
  for (let k = 0; k < count; k++) {
    const part: Sentence[] = [];
    for (const g of groups) part.push(...g.slice(Math.floor((k * g.length) / count), Math.floor(((k + 1) * g.length) / count)));
    let text = '';
    const spans: Span[] = [];
    for (const sent of part) {
      const s = relabel(sent);
      if (text) text += '\n';
      const off = text.length;
      text += s.text;
      for (const sp of s.spans) spans.push({ start: sp.start + off, end: sp.end + off, label: sp.label });
    }
    docs.push({ id: `${prefix}-${String(k).padStart(4, '0')}`, text, spans, sentences: part.length });
  }
  return docs;
}
