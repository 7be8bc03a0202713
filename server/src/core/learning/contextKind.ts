/**
 * The kind of context a mention stands in, for remembering rejections: a
 * rejected `विजय` in `विजय की आशा` (victory) must not hide `विजय ने कहा`
 * (Vijay said). The kind is what the neighbours are, not what they say,
 * except for the postposition or particle after the mention, which is kept
 * as written (normalised) because it tells a person from a thing best.
 *
 * `before|after`, where before is `start` (paragraph start), `punct`,
 * `title` (an honorific or designation) or `word`, and after is `end`,
 * `punct`, one of {@link AFTER_WORDS} or `word`. `*` stands for every
 * context (a rejection of every mention).
 */
import { normalizeKey } from '../normalize';
import { isWordChar } from '../tokenize';

/** The context kind that matches every context. */
export const ANY_CONTEXT = '*';

/** Words after a mention that are kept in its context kind as they are. */
export const AFTER_WORDS: ReadonlySet<string> = new Set(
  ['ने', 'को', 'की', 'के', 'का', 'से', 'में', 'पर', 'तक', 'और', 'व', 'भी', 'ही', 'जी', 'द्वारा', 'तथा', 'एवं', 'या'].map(normalizeKey),
);

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x200b;

/**
 * The context kind of `text[start, end)` (UTF-16 offsets into the raw
 * text). `titles` holds normalised title words (the tagger's lexicon).
 */
export function contextKind(text: string, start: number, end: number, titles: ReadonlySet<string>): string {
  let before: string;
  let i = start;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
  if (i === 0 || text.charCodeAt(i - 1) === 0x0a || text.charCodeAt(i - 1) === 0x0d) before = 'start';
  else if (!isWordChar(text.charCodeAt(i - 1))) before = 'punct';
  else {
    let h = i;
    while (h > 0 && isWordChar(text.charCodeAt(h - 1))) h--;
    before = titles.has(normalizeKey(text.slice(h, i))) ? 'title' : 'word';
  }
  let after: string;
  let j = end;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  if (j >= text.length || text.charCodeAt(j) === 0x0a || text.charCodeAt(j) === 0x0d) after = 'end';
  else if (!isWordChar(text.charCodeAt(j))) after = 'punct';
  else {
    let k = j;
    while (k < text.length && isWordChar(text.charCodeAt(k))) k++;
    const w = normalizeKey(text.slice(j, k));
    after = AFTER_WORDS.has(w) ? w : 'word';
  }
  return before + '|' + after;
}
