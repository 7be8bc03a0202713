/**
 * The recogniser: text in, PERSON / PARTY / DATE spans out.
 *
 * Work is split in two stages so editors can cache it:
 * - {@link Recognizer.analyzeParagraph}: everything that depends only on one
 *   paragraph (normalisation, knowledge-base matches, dates, name rules,
 *   tagger). Pure and cacheable by paragraph text.
 * - {@link Recognizer.resolve}: the cheap document-level pass (a lone surname
 *   seen earlier in full, dates resolved against the publication date,
 *   overlaps).
 */
import type { Span } from './types';

/** Result of one paragraph; offsets relative to the paragraph start. */
export interface ParagraphAnalysis {
  readonly text: string;
  readonly spans: readonly Span[];
}

export interface DocumentAnalysis {
  /** Final spans, raw UTF-16 offsets into the whole text, sorted, non-overlapping. */
  spans: Span[];
  /** Publication date found in the text (ISO), if any. */
  publication?: string;
  /** Raw ranges skipped as URLs or file names. */
  skipped: Array<[number, number]>;
}

/** A paragraph cache an editor keeps per document (or shares across documents). */
export type ParagraphCache = Map<string, ParagraphAnalysis>;

export class Recognizer {
  /** Analyse one paragraph (no newline inside). */
  analyzeParagraph(text: string): ParagraphAnalysis {
    return { text, spans: [] };
  }

  /** Recognise a whole document; reuses `cache` entries for unchanged paragraphs. */
  recognize(text: string, cache?: ParagraphCache): DocumentAnalysis {
    void cache;
    void text;
    return { spans: [], skipped: [] };
  }
}
