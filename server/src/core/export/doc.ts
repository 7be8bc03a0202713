/**
 * The document shape every exporter takes: the article text and its spans in
 * UTF-16 offsets (the core's unit). Each exporter converts to code points
 * itself, the unit every export format uses.
 */
import type { AnnotationSet } from '../annotations/model';
import { utf16ToCodePoints } from '../offsets';

export interface ExportSpan {
  /** UTF-16 offsets into `text`. */
  start: number;
  end: number;
  label: string;
  text: string;
  entityId?: string;
  /** A recogniser suggestion nobody reviewed (only with "with suggestions"). */
  suggestion?: boolean;
}

export interface ExportDoc {
  /** Stable document id: the article's path relative to the exported folder (`sub/article.txt`). */
  id: string;
  text: string;
  /** Sorted by start, non-overlapping. */
  spans: ExportSpan[];
  /** Orphaned annotations left out of the export (they have no place in the text). */
  orphans?: number;
}

/** A span with code point offsets. */
export type CodePointSpan = ExportSpan;

/** The spans of `doc` with code point offsets. */
export function codePointSpans(doc: ExportDoc): CodePointSpan[] {
  const flat = utf16ToCodePoints(doc.text, doc.spans.flatMap((s) => [s.start, s.end]));
  return doc.spans.map((s, i) => ({ ...s, start: flat[2 * i]!, end: flat[2 * i + 1]! }));
}

/**
 * The export document of an annotated article: confirmed annotations, plus
 * `suggestions` (already filtered with `set.filterSuggestions`) when given.
 */
export function docFromAnnotations(id: string, set: AnnotationSet, suggestions: ReadonlyArray<{ start: number; end: number; label: string; entityId?: string }> = []): ExportDoc {
  const text = set.text;
  const spans: ExportSpan[] = set.annotations().map((a) => {
    const s: ExportSpan = { start: a.start, end: a.end, label: a.label, text: text.slice(a.start, a.end) };
    if (a.entityId) s.entityId = a.entityId;
    return s;
  });
  for (const g of suggestions) {
    const s: ExportSpan = { start: g.start, end: g.end, label: g.label, text: text.slice(g.start, g.end), suggestion: true };
    if (g.entityId) s.entityId = g.entityId;
    spans.push(s);
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { id, text, spans, orphans: set.orphans().length };
}
