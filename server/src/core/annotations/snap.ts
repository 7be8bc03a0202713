/**
 * Whole words for tagging: a selection snaps outward to whole words and is
 * trimmed of surrounding spaces, punctuation and postpositions; a tag grows
 * or shrinks by one word at either edge.
 *
 * A word is a run of letters, combining marks (matras, nukta, virama,
 * anusvara, visarga), digits and ZWJ/ZWNJ, so a Devanagari word is never
 * split inside a conjunct or before its matra; a hyphen or an apostrophe
 * between two such characters joins them (`जम्मू-कश्मीर`). Offsets are UTF-16
 * like the rest of the core.
 */

/** Case markers and postpositions: never inside a span (GUIDELINES), so never at a snapped selection's edge. */
export const POSTPOSITIONS: ReadonlySet<string> = new Set(['ने', 'को', 'के', 'की', 'का', 'से', 'में', 'मे', 'पर', 'तक', 'द्वारा']);

const WORD = /^[\p{L}\p{M}\p{N}\u200c\u200d]$/u;
const JOINER = /^[-\u2010\u2011'’]$/u;
/** Characters a tag may grow across between two words: spaces, and the dot of an abbreviation (`मो. इरफान`). */
const GAP = /^[\s.\u00a0]$/u;

function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function charBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) return text.slice(i - 2, i);
  return text[i - 1]!;
}

/** True when the character starting at `i` belongs to a word (a joiner counts when a word character is on both sides). */
function wordCharAt(text: string, i: number): boolean {
  const ch = charAt(text, i);
  if (!ch) return false;
  if (WORD.test(ch)) return true;
  return JOINER.test(ch) && WORD.test(charBefore(text, i)) && WORD.test(charAt(text, i + ch.length));
}

const wordCharBefore = (text: string, i: number) => i > 0 && wordCharAt(text, i - charBefore(text, i).length);

/** Start of the word containing or ending at `i`. */
function wordStart(text: string, i: number): number {
  while (wordCharBefore(text, i)) i -= charBefore(text, i).length;
  return i;
}

/** End of the word containing or starting at `i`. */
function wordEnd(text: string, i: number): number {
  while (i < text.length && wordCharAt(text, i)) i += charAt(text, i).length;
  return i;
}

/** The words in `[start, end)` as `[start, end)` pairs. */
export function wordsIn(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = start;
  while (i < end) {
    if (!wordCharAt(text, i)) {
      i += charAt(text, i).length || 1;
      continue;
    }
    const e = Math.min(wordEnd(text, i), end);
    out.push([i, e]);
    i = e;
  }
  return out;
}

/**
 * `[start, end)` snapped to whole words: widened to the words it touches,
 * then trimmed of spaces and punctuation at the edges and of postpositions
 * at either end while another word remains. An empty result (`start ===
 * end`) means the selection held no word.
 */
export function snapToWords(text: string, start: number, end: number): [number, number] {
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  // Only spaces and punctuation between the edges and a word: trim them first.
  while (s < e && !wordCharAt(text, s)) s += charAt(text, s).length;
  while (e > s && !wordCharBefore(text, e)) e -= charBefore(text, e).length;
  if (s === e) {
    // A caret (or a selection of nothing but punctuation) inside or at the edge of a word takes that word.
    if (start !== end || (!wordCharAt(text, s) && !wordCharBefore(text, s))) return [s, s];
  }
  s = wordStart(text, s);
  e = wordEnd(text, e);
  const words = wordsIn(text, s, e);
  let first = 0;
  let last = words.length - 1;
  while (last > first && POSTPOSITIONS.has(text.slice(words[last]![0], words[last]![1]))) last--;
  while (first < last && POSTPOSITIONS.has(text.slice(words[first]![0], words[first]![1]))) first++;
  if (words.length === 0) return [s, s];
  return [words[first]![0], words[last]![1]];
}

/**
 * `[start, end)` grown by one word at `edge`: across spaces (and an
 * abbreviation's dot) to the next word. Undefined when there is no word
 * there or punctuation stands between (a danda or comma ends a name).
 */
export function growByWord(text: string, start: number, end: number, edge: 'start' | 'end'): [number, number] | undefined {
  if (edge === 'end') {
    let i = end;
    while (i < text.length && !wordCharAt(text, i)) {
      const ch = charAt(text, i);
      if (!GAP.test(ch) || ch === '\n') return undefined;
      i += ch.length;
    }
    if (i >= text.length) return undefined;
    return [start, wordEnd(text, i)];
  }
  let i = start;
  while (i > 0 && !wordCharBefore(text, i)) {
    const ch = charBefore(text, i);
    if (!GAP.test(ch) || ch === '\n') return undefined;
    i -= ch.length;
  }
  if (i <= 0) return undefined;
  return [wordStart(text, i), end];
}

/** `[start, end)` shrunk by its first or last word; undefined when it holds only one word. */
export function shrinkByWord(text: string, start: number, end: number, edge: 'start' | 'end'): [number, number] | undefined {
  const words = wordsIn(text, start, end);
  if (words.length < 2) return undefined;
  return edge === 'end' ? [words[0]![0], words[words.length - 2]![1]] : [words[1]![0], words[words.length - 1]![1]];
}
