/**
 * Devanagari-aware normalisation with an offset map back to the raw text.
 *
 * Matching works on the normalised view so that spelling variants that news
 * sites mix freely compare equal; every offset found there maps back to exact
 * raw offsets through {@link NormalizedText.toRaw}.
 *
 * Folds, in order of application per raw character:
 * - NFC for everything outside the folds below (done per code point run);
 * - nukta: precomposed nukta letters U+0958–U+095F and U+097x-free "letter +
 *   U+093C" both fold to the bare letter (फ़रवरी = फरवरी, खड़गे = खडगे);
 * - chandrabindu U+0901 → anusvara U+0902;
 * - a nasal consonant + virama before a consonant of its own class → anusvara
 *   (अम्बिका = अंबिका, नरेन्द्र = नरेंद्र, also with a joiner after the virama: नवम्‍बर = नवंबर);
 *   other pairs are left alone (न्य stays);
 * - ZWJ / ZWNJ removed;
 * - Devanagari digits → ASCII digits;
 * - Latin letters → lower case.
 */

/** A normalised view of a raw string. */
export interface NormalizedText {
  readonly raw: string;
  readonly norm: string;
  /**
   * `toRaw[i]` is the raw UTF-16 offset where normalised code unit `i`
   * came from; `toRaw[norm.length] === raw.length`. Monotone non-decreasing,
   * so a normalised span `[s, e)` maps to raw `[toRaw[s], toRaw[e])`.
   */
  readonly toRaw: readonly number[];
}

const utf16 = new TextDecoder('utf-16le');
/** Reused output buffer of the fold (grown as needed). */
let scratch = new Uint16Array(4096);

const NUKTA = 0x093c;
const VIRAMA = 0x094d;
const CHANDRABINDU = 0x0901;
const ANUSVARA = 0x0902;
const ZWNJ = 0x200c;
const ZWJ = 0x200d;

/** U+0958..U+095F decompose to these base letters (the nukta is dropped). */
const NUKTA_LETTER_BASE = [0x0915, 0x0916, 0x0917, 0x091c, 0x0921, 0x0922, 0x092b, 0x092f];

/** Nasal consonant → the first and last consonant of its class (velar, palatal, retroflex, dental, labial). */
const NASAL_CLASS: ReadonlyMap<number, readonly [number, number]> = new Map([
  [0x0919, [0x0915, 0x0918]], // ङ: क ख ग घ
  [0x091e, [0x091a, 0x091d]], // ञ: च छ ज झ
  [0x0923, [0x091f, 0x0922]], // ण: ट ठ ड ढ
  [0x0928, [0x0924, 0x0927]], // न: त थ द ध
  [0x092e, [0x092a, 0x092d]], // म: प फ ब भ
]);

/** Base letter of a consonant that may carry a precomposed nukta. */
function baseConsonant(c: number): number {
  // One unsigned comparison for the range (a second, reached only by a nukta letter, would be
  // first met in optimised code).
  return (c - 0x0958) >>> 0 <= 7 ? NUKTA_LETTER_BASE[c - 0x0958]! : c;
}

/** The code unit at `i`, or after the ZWJ/ZWNJ there (`नवम्‍बर` is written with a joiner after the virama). */
function afterJoiners(src: string, i: number): number {
  let c = src.charCodeAt(i);
  while ((c === ZWJ || c === ZWNJ) && i + 1 < src.length) c = src.charCodeAt(++i);
  return c;
}

function sameClass(nasal: number, next: number): boolean {
  const cls = NASAL_CLASS.get(nasal);
  if (!cls) return false;
  const b = baseConsonant(next);
  return b >= cls[0] && b <= cls[1];
}

/**
 * Characters whose NFC form may differ from themselves once our own folds
 * have run. Devanagari needs no NFC pass: the only compositions and
 * decompositions there involve the nukta, which the folds drop anyway.
 */
const MAY_NEED_NFC = /[\u0300-\u036f\u0370-\u08ff\u0980-\u1fff\u2100-\u2bff\u3000-\uffff]/;

/** True when the raw text needs the general NFC pass (rare: news text is nearly always NFC already). */
function needsNfc(raw: string): boolean {
  return MAY_NEED_NFC.test(raw) && raw !== raw.normalize('NFC');
}

/**
 * {@link FOLDS} bits: the code unit becomes {@link FOLD_TO}'s; it vanishes (nukta, joiners); it is
 * a nasal consonant (folds only before a virama and a consonant of its class); it may need NFC.
 */
const CHANGES = 1;
const DROP = 2;
const NASAL = 4;
const NFC_RANGE = 8;

/**
 * What each code unit may need: most paragraphs hold none of these and are their own normal
 * form, found in one pass of table loads with no string made; the fold itself is a table
 * load per code unit, with one branch for the few that change (code that branches on every
 * kind of letter is recompiled each time a paragraph first takes one of its branches).
 */
const FOLDS = new Uint8Array(0x10000);
/** The code unit a {@link CHANGES} code unit becomes. */
const FOLD_TO = new Uint16Array(0x10000);
const fold = (c: number, to: number) => {
  FOLDS[c] = CHANGES;
  FOLD_TO[c] = to;
};
for (let c = 0x41; c <= 0x5a; c++) fold(c, c + 0x20);
for (let c = 0xc0; c <= 0x24f; c++) {
  // Latin-1 and Latin Extended-A/B: lower case as the platform has it, where it is one code unit.
  const lower = String.fromCharCode(c).toLowerCase();
  if (lower.length === 1 && lower.charCodeAt(0) !== c) fold(c, lower.charCodeAt(0));
}
for (let c = 0x0958; c <= 0x095f; c++) fold(c, NUKTA_LETTER_BASE[c - 0x0958]!);
for (const c of [0x0929, 0x0931, 0x0934]) fold(c, c - 1); // ऩ ऱ ऴ: NFC composes these three
fold(CHANDRABINDU, ANUSVARA);
for (let c = 0x0966; c <= 0x096f; c++) fold(c, c - 0x0966 + 0x30);
for (const c of [NUKTA, ZWJ, ZWNJ]) FOLDS[c] = DROP;
for (const c of NASAL_CLASS.keys()) FOLDS[c] = NASAL;
// The ranges of MAY_NEED_NFC.
for (const [a, b] of [
  [0x0300, 0x08ff],
  [0x0980, 0x1fff],
  [0x2100, 0x2bff],
  [0x3000, 0xffff],
] as const) {
  for (let c = a; c <= b; c++) FOLDS[c]! |= NFC_RANGE;
}

/**
 * `String.prototype.charCodeAt`, for the loops over every code unit here, called as
 * `codeAt.call(s, i)`. The texts normalised come in many string representations (slices of an
 * article, flat copies, joined parts, one- and two-byte, knowledge-base keys), more than V8
 * caches for `s.charCodeAt`: that lookup then goes through its generic, slowest path once per
 * code unit. Called on the function itself, the method is known and each call compiles to a
 * plain read of the code unit.
 */
const codeAt = String.prototype.charCodeAt;

/** `IDENTITY[i] === i`: the offset map of a text that needs no fold is a copy of its start. */
let IDENTITY: number[] = [0];

function identityMap(length: number): number[] {
  if (IDENTITY.length < length) {
    const grown = IDENTITY.slice();
    for (let i = grown.length; i < Math.max(length, 2 * IDENTITY.length); i++) grown.push(i);
    IDENTITY = grown;
  }
  return IDENTITY.slice(0, length);
}

/**
 * Normalise `raw` for matching and keep the offset map back to it.
 * Linear in the length of `raw`; never throws, for any string (lone surrogates included).
 */
export function normalize(raw: string): NormalizedText {
  const n = raw.length;
  let i = 0;
  for (; i < n; i++) {
    const f = FOLDS[codeAt.call(raw, i)]!;
    if (f !== 0 && (f !== NASAL || (i + 1 < n && codeAt.call(raw, i + 1) === VIRAMA))) break;
  }
  // Unchanged: the norm is a flat copy. The raw text is usually a slice of a longer one, and
  // every later pass over the norm (tokens, matches, tagger, rules) reads a slice's code units
  // some 15% slower than a flat string's; the copy costs less than that.
  if (i === n) return { raw, norm: n < 13 ? raw : Buffer.from(raw, 'utf16le').toString('utf16le'), toRaw: identityMap(n + 1) };
  return normalizeFully(raw);
}

/** {@link normalize} without the pass that lets unchanged text through (tests compare the two). */
export function normalizeFully(raw: string): NormalizedText {
  if (needsNfc(raw)) return normalizeViaNfc(raw);
  return foldWithMap(raw, null);
}

/**
 * NFC may merge or reorder code points. We normalise each maximal run that
 * starts at a character with canonical combining class 0 separately, so every
 * run maps to one raw range and offsets stay exact at run boundaries.
 */
function normalizeViaNfc(raw: string): NormalizedText {
  let nfc = '';
  const map: number[] = [];
  let i = 0;
  while (i < raw.length) {
    let j = i + 1;
    if (isHighSurrogate(raw.charCodeAt(i)) && j < raw.length && isLowSurrogate(raw.charCodeAt(j))) j++;
    while (j < raw.length && isCombiningForNfc(raw.charCodeAt(j))) j++;
    const piece = raw.slice(i, j);
    const n = piece.normalize('NFC');
    if (n.length === piece.length) {
      for (let k = 0; k < n.length; k++) map.push(i + k);
    } else {
      for (let k = 0; k < n.length; k++) map.push(i);
    }
    nfc += n;
    i = j;
  }
  map.push(raw.length);
  return foldWithMap(nfc, map, raw);
}

/** Combining marks that NFC might attach to the preceding base; conservative. */
function isCombiningForNfc(c: number): boolean {
  return (
    (c >= 0x0300 && c <= 0x036f) ||
    (c >= 0x0900 && c <= 0x0903) ||
    (c >= 0x093a && c <= 0x094f) ||
    (c >= 0x0951 && c <= 0x0957) ||
    (c >= 0x0962 && c <= 0x0963) ||
    (c >= 0x1ab0 && c <= 0x1aff) ||
    (c >= 0x1dc0 && c <= 0x1dff) ||
    (c >= 0x20d0 && c <= 0x20ff) ||
    (c >= 0x3099 && c <= 0x309a) ||
    (c >= 0xfe20 && c <= 0xfe2f)
  );
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Apply the Devanagari folds to `src`. `srcMap` maps src offsets to raw
 * offsets (null when src is the raw text itself).
 */
function foldWithMap(src: string, srcMap: readonly number[] | null, raw: string = src): NormalizedText {
  const n = src.length;
  // Typed-array allocation per paragraph costs more than the fold itself:
  // the code units go into one reused buffer, the map into a plain SMI array.
  if (n > scratch.length) scratch = new Uint16Array(Math.max(n, scratch.length * 2));
  const out = scratch;
  // Sized up front (the output is never longer than the input) and cut to length after:
  // growing the map by push costs more than the fold itself.
  const map: number[] = srcMap === null ? identityMap(n + 1) : new Array<number>(n + 1);
  let o = 0;
  for (let i = 0; i < n; i++) {
    let c = codeAt.call(src, i);
    const f = FOLDS[c]! & (CHANGES | DROP | NASAL);
    if (f !== 0) {
      if (f === CHANGES) c = FOLD_TO[c]!;
      else if (f === DROP) continue;
      else if (i + 2 < n && codeAt.call(src, i + 1) === VIRAMA && sameClass(c, afterJoiners(src, i + 2))) {
        c = ANUSVARA;
        i++; // the virama is absorbed into the anusvara (a joiner after it is dropped, as everywhere)
      }
    }
    out[o] = c;
    map[o++] = srcMap === null ? i : srcMap[i]!;
  }
  map[o] = raw.length;
  map.length = o + 1;
  // Decoding the code units natively beats String.fromCharCode over chunks by far.
  const norm = utf16.decode(out.subarray(0, o));
  return { raw, norm, toRaw: map };
}

/** Normalise a knowledge-base key or lexicon word (no offset map needed). */
export function normalizeKey(s: string): string {
  return normalize(s.trim().replace(/\s+/g, ' ')).norm;
}

/**
 * Map a normalised span back to raw offsets.
 * The end maps through the start of the next normalised unit, so characters
 * dropped by the folds (ZWJ, nukta) that trail the last letter stay inside.
 */
export function toRawSpan(t: NormalizedText, start: number, end: number): [number, number] {
  return [t.toRaw[start]!, t.toRaw[end]!];
}
