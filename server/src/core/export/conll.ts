/**
 * CoNLL-2003 style BIO (IOB2), one token per line in four space-separated
 * columns, `token -X- _ B-PERSON`: the token, two placeholder columns where
 * CoNLL-2003 had POS and chunk tags, and the entity tag last. Each document
 * starts with `-DOCSTART- -X- O O` and a blank line (the exact delimiter
 * spaCy's `convert` looks for; HuggingFace and flair readers skip any line
 * starting with `-DOCSTART-`); sentences are separated by a blank line.
 *
 * Tokens come from the core tokeniser (matras, nukta and virama stay in
 * words; danda and punctuation are tokens of their own; a visarga used as a
 * colon, `कांग्रेसः 14`, is punctuation too, so a span never ends inside a
 * cluster). A character that a whitespace-splitting reader splits at (U+0085,
 * U+001C–U+001F, every Unicode space) never stays inside a token. Where a span edge
 * falls inside a token, the token is split there so tags stay exact. A
 * sentence ends after `।`, `॥`, `|` used as a danda, or `.` `?` `!` followed
 * by whitespace, and at every line break; never inside a span. Tokens carry
 * no offsets, so no unit applies.
 */
import { tokenize } from '../tokenize';
import type { ExportDoc } from './doc';

export const CONLL_DOCSTART = '-DOCSTART- -X- O O';

export interface ConllToken {
  text: string;
  /** UTF-16 offsets into the document. */
  start: number;
  end: number;
  tag: string;
}

const DANDA = new Set(['।', '॥', '|']);
const STOP = new Set(['.', '?', '!']);
/**
 * Every character a whitespace-splitting reader (Python's `str.split()`,
 * `awk`, most CoNLL loaders) splits a line at: such a character inside a
 * token would add columns, so tokens are split there and it is dropped.
 */
const SPLITS = /[\s\x1c-\x1f\x85]/u;

/** Sentences of tagged tokens. */
export function conllSentences(doc: ExportDoc): ConllToken[][] {
  const { text } = doc;
  // Only confirmed spans are tags; unreviewed suggestions have no place in CoNLL.
  const spans = doc.spans.filter((s) => !s.suggestion);
  const cuts = new Set<number>();
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  // Tokens, split at span edges that fall inside them.
  const pieces: Array<{ start: number; end: number }> = [];
  for (const t of tokenize(text)) {
    let s = t.start;
    for (let i = t.start; i < t.end; i++) {
      if (SPLITS.test(text[i]!)) {
        if (i > s) pieces.push({ start: s, end: i });
        s = i + 1;
      } else if (cuts.has(i) && i > s) {
        pieces.push({ start: s, end: i });
        s = i;
      }
    }
    if (t.end > s) pieces.push({ start: s, end: t.end });
  }
  const sentences: ConllToken[][] = [];
  let cur: ConllToken[] = [];
  let k = 0;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    while (k < spans.length && spans[k]!.end <= p.start) k++;
    const span = k < spans.length && spans[k]!.start <= p.start && p.end <= spans[k]!.end ? spans[k] : undefined;
    const tag = span ? `${span.start === p.start ? 'B' : 'I'}-${span.label.replace(/\s/g, '_')}` : 'O';
    const tokText = text.slice(p.start, p.end);
    cur.push({ text: tokText, start: p.start, end: p.end, tag });
    const next = pieces[i + 1];
    if (!next) break;
    const gap = text.slice(p.end, next.start);
    const insideSpan = span !== undefined && next.start < span.end;
    const ends =
      gap.includes('\n') || DANDA.has(tokText) || (STOP.has(tokText) && gap.length > 0);
    if (ends && !insideSpan) {
      sentences.push(cur);
      cur = [];
    }
  }
  if (cur.length) sentences.push(cur);
  return sentences;
}

/** The CoNLL block of one document: DOCSTART line, blank line, sentences each followed by a blank line. */
export function toConll(doc: ExportDoc): string {
  let out = CONLL_DOCSTART + '\n\n';
  for (const sent of conllSentences(doc)) {
    for (const t of sent) out += `${t.text} -X- _ ${t.tag}\n`;
    out += '\n';
  }
  return out;
}
