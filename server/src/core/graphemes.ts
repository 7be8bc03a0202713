/**
 * Grapheme-cluster boundaries for span edges. A span must cover whole
 * aksharas: VS Code will not colour half a ligature and browsers break a
 * conjunct styled in halves. `Intl.Segmenter` follows Unicode 15.1+ (GB9c:
 * a virama conjunct such as `न्द्र` is one cluster), so we ask it, over a small
 * window, instead of re-implementing the rules.
 */

import { isColonVisarga } from './tokenize';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const WINDOW = 48;

/**
 * Quick accept: boundaries that no rule can join (ASCII on both sides), and
 * the one place we deliberately part from UAX #29: a visarga used as a colon
 * (`कांग्रेसः 14 …`) is punctuation, not part of the akshara before it, so the
 * annotation guidelines end the span before it. So is one with the next word
 * glued to it (`भाजपाःसुनील`): a span may end before any visarga a letter
 * follows (the recogniser ends one there only after a word of its own, never
 * inside `दुःख`).
 */
function trivialBoundary(text: string, i: number): boolean | undefined {
  if (i <= 0 || i >= text.length) return true;
  const a = text.charCodeAt(i - 1);
  const b = text.charCodeAt(i);
  if (a < 0x80 && b < 0x80) return !(a === 0x0d && b === 0x0a);
  if (b === 0x0903 && (isColonVisarga(text, i) || startsAkshara(text.charCodeAt(i + 1)))) return true;
  // Devanagari fast path (spans start and end here all the time): a letter
  // starts a cluster unless a virama or ZWJ joins it to the one before
  // (GB9c conjuncts); a mark never does.
  if ((b >= 0x0904 && b <= 0x0914) || b === 0x093d || b === 0x0950 || b === 0x0960 || b === 0x0961 || (b >= 0x0972 && b <= 0x0977)) return true;
  if ((b >= 0x0915 && b <= 0x0939) || (b >= 0x0958 && b <= 0x095f) || (b >= 0x0978 && b <= 0x097f)) {
    if (a !== 0x094d && a !== 0x200d) return true;
    return undefined; // a conjunct, or a virama after a non-consonant: let the segmenter decide
  }
  if ((b >= 0x0900 && b <= 0x0903) || (b >= 0x093a && b <= 0x094f) || (b >= 0x0951 && b <= 0x0957) || b === 0x0962 || b === 0x0963) return false;
  if (b === 0x200c || b === 0x200d) return false;
  if (b < 0x80 || (b >= 0x0964 && b <= 0x0970) || (b >= 0x2000 && b <= 0x200b) || (b >= 0x2010 && b <= 0x2027)) return !(a === 0x0d && b === 0x0a);
  return undefined;
}

/** A Devanagari letter that begins an akshara: an independent vowel or a consonant. */
function startsAkshara(c: number): boolean {
  return (c >= 0x0904 && c <= 0x0939) || (c >= 0x0958 && c <= 0x0961) || (c >= 0x0972 && c <= 0x097f);
}

/** Grapheme boundaries within `[from, to]` of `text`, computed over a window wide enough for context. */
function boundariesNear(text: string, i: number): { lo: number; hi: number; bounds: number[] } {
  let lo = Math.max(0, i - WINDOW);
  let hi = Math.min(text.length, i + WINDOW);
  // Start the window at a line break when there is one: clusters never span it.
  const nl = text.lastIndexOf('\n', i - 1);
  if (nl >= lo) lo = nl + 1;
  const bounds: number[] = [];
  for (const seg of segmenter.segment(text.slice(lo, hi))) bounds.push(lo + seg.index);
  bounds.push(hi);
  return { lo, hi, bounds };
}

/** True when offset `i` (UTF-16) lies on a grapheme-cluster boundary of `text`. */
export function isGraphemeBoundary(text: string, i: number): boolean {
  const t = trivialBoundary(text, i);
  if (t !== undefined) return t;
  return boundariesNear(text, i).bounds.includes(i);
}

/** The nearest boundary at or before `i`. */
export function boundaryAtOrBefore(text: string, i: number): number {
  if (trivialBoundary(text, i)) return Math.max(0, Math.min(i, text.length));
  const { bounds } = boundariesNear(text, i);
  let best = 0;
  for (const b of bounds) if (b <= i) best = b;
  return Math.max(best, i - WINDOW);
}

/** The nearest boundary at or after `i`. */
export function boundaryAtOrAfter(text: string, i: number): number {
  if (trivialBoundary(text, i)) return Math.max(0, Math.min(i, text.length));
  const { bounds } = boundariesNear(text, i);
  for (const b of bounds) if (b >= i) return b;
  return text.length;
}

/** Widen `[start, end)` outward to whole grapheme clusters. */
export function snapOutward(text: string, start: number, end: number): [number, number] {
  return [boundaryAtOrBefore(text, start), boundaryAtOrAfter(text, end)];
}
