/**
 * Hindi-aware tokenisation shared by the matcher's word boundaries, the name
 * rules, the tagger and the CoNLL exporter.
 *
 * A word is a run of Devanagari letters with their matras, nukta, virama,
 * anusvara/chandrabindu and ZWJ/ZWNJ; a visarga belongs to the word unless it
 * is used as a colon (followed by a non-letter: `कांग्रेसः` → `कांग्रेस` + `ः`).
 * Latin letters and digits form their own runs; danda `।`, double danda `॥`,
 * the ASCII pipe typed for a danda, and all other punctuation are one token each.
 */

export type TokenKind = 'word' | 'latin' | 'num' | 'punct';

export interface Token {
  /** UTF-16 offset into the string that was tokenised. */
  start: number;
  end: number;
  kind: TokenKind;
}

const enum C {
  Other = 0,
  DevaLetter = 1,
  DevaMark = 2,
  Latin = 3,
  Digit = 4,
  Space = 5,
  Visarga = 6,
  Joiner = 7,
}

const TABLE = new Uint8Array(0x10000);
(() => {
  for (let c = 0x0900; c <= 0x097f; c++) TABLE[c] = C.DevaLetter;
  for (const [a, b] of [
    [0x0900, 0x0902],
    [0x093a, 0x094f],
    [0x0951, 0x0957],
    [0x0962, 0x0963],
  ] as const) {
    for (let c = a; c <= b; c++) TABLE[c] = C.DevaMark;
  }
  TABLE[0x0903] = C.Visarga;
  TABLE[0x0964] = C.Other; // danda
  TABLE[0x0965] = C.Other; // double danda
  TABLE[0x0970] = C.Other; // abbreviation sign
  for (let c = 0x0966; c <= 0x096f; c++) TABLE[c] = C.Digit;
  for (let c = 0x30; c <= 0x39; c++) TABLE[c] = C.Digit;
  for (let c = 0x41; c <= 0x5a; c++) TABLE[c] = C.Latin;
  for (let c = 0x61; c <= 0x7a; c++) TABLE[c] = C.Latin;
  for (let c = 0xc0; c <= 0x24f; c++) if (c !== 0xd7 && c !== 0xf7) TABLE[c] = C.Latin;
  for (const c of [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c, 0xa0, 0x2002, 0x2003, 0x2009, 0x200a, 0x202f, 0x3000, 0xfeff]) TABLE[c] = C.Space;
  for (let c = 0x0300; c <= 0x036f; c++) TABLE[c] = C.DevaMark; // combining diacritics stay with their base
  TABLE[0x200c] = C.Joiner;
  TABLE[0x200d] = C.Joiner;
  for (let c = 0xa8e0; c <= 0xa8ff; c++) TABLE[c] = C.DevaLetter; // Devanagari Extended
})();

/** Character class used for word boundaries (exported for the matcher). */
export function charClass(code: number): number {
  return TABLE[code]!;
}

/**
 * 1 for the code units {@link isWordChar} accepts: one load per character in the matcher's scan.
 * Only the ranges the table above sets can hold word characters, so only they are visited.
 */
export const WORD_CHAR = new Uint8Array(0x10000);
for (const [a, b] of [
  [0x0030, 0x024f],
  [0x0300, 0x036f],
  [0x0900, 0x097f],
  [0x200c, 0x200d],
  [0xa8e0, 0xa8ff],
] as const) {
  for (let c = a; c <= b; c++) {
    const k = TABLE[c]!;
    WORD_CHAR[c] = k === C.DevaLetter || k === C.DevaMark || k === C.Joiner || k === C.Latin || k === C.Digit ? 1 : 0;
  }
}

/** True for code units that are part of a Devanagari word (letters, marks, joiners). */
export function isWordChar(code: number): boolean {
  return WORD_CHAR[code] === 1;
}

/** True when a visarga at `i` is used as a colon (nothing letter-like follows it). */
export function isColonVisarga(s: string, i: number): boolean {
  if (i + 1 >= s.length) return true;
  const k = TABLE[s.charCodeAt(i + 1)]!;
  return !(k === C.DevaLetter || k === C.DevaMark);
}

/**
 * Split `s` into tokens. Whitespace is dropped; everything else is in exactly
 * one token, so tokens joined with the original whitespace give back `s`.
 */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const code = s.charCodeAt(i);
    const k = TABLE[code]!;
    if (k === C.Space) {
      i++;
      continue;
    }
    const start = i;
    if (k === C.DevaLetter || k === C.DevaMark || k === C.Joiner) {
      i++;
      while (i < n) {
        const kk = TABLE[s.charCodeAt(i)]!;
        // One condition, one increment: a visarga inside a word (दुःख) is rare, and an increment of
        // its own would first run in optimised code and throw it away.
        if (kk === C.DevaLetter || kk === C.DevaMark || kk === C.Joiner || (kk === C.Visarga && !isColonVisarga(s, i))) i++;
        else break;
      }
      out.push({ start, end: i, kind: 'word' });
    } else if (k === C.Latin) {
      i++;
      while (i < n) {
        const kk = TABLE[s.charCodeAt(i)]!;
        if (kk === C.Latin || kk === C.DevaMark) i++;
        else break;
      }
      out.push({ start, end: i, kind: 'latin' });
    } else if (k === C.Digit) {
      i++;
      while (i < n) {
        const kk = TABLE[s.charCodeAt(i)]!;
        if (kk === C.Digit) i++;
        else if (kk === C.DevaLetter || kk === C.DevaMark) i++; // 139वें, 19वीं: an ordinal is one token
        else break;
      }
      out.push({ start, end: i, kind: 'num' });
    } else {
      // One punctuation or symbol token; keep surrogate pairs and trailing combining marks whole.
      i++;
      if ((code & 0xfc00) === 0xd800 && i < n && (s.charCodeAt(i) & 0xfc00) === 0xdc00) i++;
      while (i < n) {
        const kk = TABLE[s.charCodeAt(i)]!;
        const c2 = s.charCodeAt(i);
        if (kk === C.Joiner || (c2 >= 0xfe00 && c2 <= 0xfe0f) || (c2 >= 0x0300 && c2 <= 0x036f)) i++;
        else break;
      }
      out.push({ start, end: i, kind: 'punct' });
    }
  }
  return out;
}
