/**
 * The document shape every exporter takes: the article text and its spans in
 * UTF-16 offsets (the core's unit). Each exporter converts to code points
 * itself, the unit every export format uses.
 */
import type { AnnotationSet } from '../annotations/model';
import type { ReviewStatus } from '../annotations/status';
import { utf16ToCodePoints } from '../offsets';

export interface ExportSpan {
  /** UTF-16 offsets into `text`. */
  start: number;
  end: number;
  label: string;
  text: string;
  entityId?: string;
  /** An unreviewed suggestion; exporters write these apart from the confirmed spans. */
  suggestion?: boolean;
  /** Where a suggestion came from (`kb`, `rule`, `tagger`, an importing tool…), when known. */
  source?: string;
  /** Why it was suggested, when known. */
  reason?: string;
  /** Confidence of a suggestion in [0, 1], when known. */
  confidence?: number;
}

export interface ExportDoc {
  /** Stable document id: the article's path relative to the exported folder (`sub/article.txt`). */
  id: string;
  text: string;
  /** Sorted by start, non-overlapping. */
  spans: ExportSpan[];
  /** Orphaned annotations left out of the export (they have no place in the text). */
  orphans?: number;
  /** The article's review status; `done` when absent. */
  status?: ReviewStatus;
  /** True when the unreviewed suggestions were gathered for this document (the record then lists them, even none). */
  withSuggestions?: boolean;
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
export function docFromAnnotations(
  id: string,
  set: AnnotationSet,
  suggestions: ReadonlyArray<{ start: number; end: number; label: string; entityId?: string; source?: string; reason?: string; confidence?: number }> = [],
): ExportDoc {
  const text = set.text;
  const spans: ExportSpan[] = set.annotations().map((a) => {
    const s: ExportSpan = { start: a.start, end: a.end, label: a.label, text: text.slice(a.start, a.end) };
    if (a.entityId) s.entityId = a.entityId;
    return s;
  });
  for (const g of suggestions) {
    const s: ExportSpan = { start: g.start, end: g.end, label: g.label, text: text.slice(g.start, g.end), suggestion: true };
    if (g.entityId) s.entityId = g.entityId;
    if (g.source) s.source = g.source;
    if (g.reason) s.reason = g.reason;
    if (typeof g.confidence === 'number') s.confidence = g.confidence;
    spans.push(s);
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { id, text, spans, orphans: set.orphans().length };
}
