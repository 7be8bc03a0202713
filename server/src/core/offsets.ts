/**
 * UTF-16 ↔ code point offset conversion.
 *
 * The core counts UTF-16 code units (JavaScript string indices); files on
 * disk and every export count code points (Python `str` indices), which is
 * what brat, Label Studio, Prodigy and spaCy expect. The two agree on
 * Devanagari and differ by one per astral character (emoji, 𝐀) before the
 * offset, so conversion is a single pass over the text that counts surrogate
 * pairs, done for a whole array of offsets at once.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** True when UTF-16 and code point offsets differ somewhere in `text`. */
export function hasAstral(text: string): boolean {
  return SURROGATE.test(text);
}

/** Number of code points in `text`. */
export function codePointLength(text: string): number {
  if (!hasAstral(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function isSorted(a: readonly number[]): boolean {
  for (let i = 1; i < a.length; i++) if (a[i]! < a[i - 1]!) return false;
  return true;
}

/** Indices of `a` in ascending order of value (identity when already sorted). */
function order(a: readonly number[]): number[] {
  const idx = a.map((_, i) => i);
  if (!isSorted(a)) idx.sort((x, y) => a[x]! - a[y]!);
  return idx;
}

/**
 * Convert UTF-16 offsets into `text` to code point offsets, in one pass.
 * The offsets need not be sorted (sorted input skips a sort). An offset that
 * falls between the two halves of a surrogate pair maps to the start of that
 * character. Throws `RangeError` for an offset outside `[0, text.length]`.
 */
export function utf16ToCodePoints(text: string, offsets: readonly number[]): number[] {
  for (const o of offsets) {
    if (!Number.isInteger(o) || o < 0 || o > text.length) {
      throw new RangeError(`UTF-16 offset ${o} is outside the text (length ${text.length})`);
    }
  }
  if (!hasAstral(text)) return offsets.slice();
  const out = new Array<number>(offsets.length);
  let i = 0; // UTF-16 position
  let cp = 0; // code points before i
  for (const k of order(offsets)) {
    const target = offsets[k]!;
    while (i < target) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          if (i + 1 === target) break; // target splits the pair: stay at its start
          i += 2;
          cp++;
          continue;
        }
      }
      i++;
      cp++;
    }
    out[k] = cp;
  }
  return out;
}

/**
 * Convert code point offsets into `text` to UTF-16 offsets, in one pass.
 * Throws `RangeError` for an offset beyond the text's code point length.
 */
export function codePointsToUtf16(text: string, offsets: readonly number[]): number[] {
  for (const o of offsets) {
    if (!Number.isInteger(o) || o < 0) throw new RangeError(`code point offset ${o} is not a non-negative integer`);
  }
  if (!hasAstral(text)) {
    for (const o of offsets) {
      if (o > text.length) throw new RangeError(`code point offset ${o} is outside the text (length ${text.length} code points)`);
    }
    return offsets.slice();
  }
  const out = new Array<number>(offsets.length);
  let i = 0;
  let cp = 0;
  for (const k of order(offsets)) {
    const target = offsets[k]!;
    while (cp < target && i < text.length) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      i++;
      cp++;
    }
    if (cp < target) throw new RangeError(`code point offset ${target} is outside the text (length ${cp} code points)`);
    out[k] = i;
  }
  return out;
}

/** One offset, UTF-16 → code points. Prefer the array form for many offsets. */
export function utf16ToCodePoint(text: string, offset: number): number {
  return utf16ToCodePoints(text, [offset])[0]!;
}

/** One offset, code points → UTF-16. Prefer the array form for many offsets. */
export function codePointToUtf16(text: string, offset: number): number {
  return codePointsToUtf16(text, [offset])[0]!;
}

/**
 * Convert `[start, end)` ranges (flattened pairs) between units in one pass;
 * a convenience for span lists.
 */
export function rangesToCodePoints<T extends { start: number; end: number }>(text: string, ranges: readonly T[]): Array<T & { start: number; end: number }> {
  const flat = utf16ToCodePoints(text, ranges.flatMap((r) => [r.start, r.end]));
  return ranges.map((r, i) => ({ ...r, start: flat[2 * i]!, end: flat[2 * i + 1]! }));
}

/** Inverse of {@link rangesToCodePoints}. */
export function rangesToUtf16<T extends { start: number; end: number }>(text: string, ranges: readonly T[]): Array<T & { start: number; end: number }> {
  const flat = codePointsToUtf16(text, ranges.flatMap((r) => [r.start, r.end]));
  return ranges.map((r, i) => ({ ...r, start: flat[2 * i]!, end: flat[2 * i + 1]! }));
}
