/**
 * JSONL: one document per line,
 * `{"id","text","spans":[{"start","end","label","text"}],"meta":{"offsetUnit":"codepoint","status":"done"}}`.
 * Offsets are code points (Python `str` indices), which Prodigy and spaCy
 * read directly; doccano users import with the same shape. A linked span
 * carries `entityId`. `spans` holds confirmed annotations only; unreviewed
 * suggestions, when the export gathered them, are under `"suggestions"`
 * (same fields, plus `source`, `reason`, `confidence` when known), never
 * mixed in. `meta.status` is the article's review status.
 */
import type { ReviewStatus } from '../annotations/status';
import { codePointSpans, type ExportDoc } from './doc';

export interface JsonlSpan {
  start: number;
  end: number;
  label: string;
  text: string;
  entityId?: string;
  source?: string;
  reason?: string;
  confidence?: number;
}

export interface JsonlRecord {
  id: string;
  text: string;
  spans: JsonlSpan[];
  suggestions?: JsonlSpan[];
  meta: { offsetUnit: 'codepoint'; status: ReviewStatus; orphans?: number };
}

/** The JSONL record of one document (see the module comment for its shape). */
export function toJsonlRecord(doc: ExportDoc): JsonlRecord {
  const spans: JsonlSpan[] = [];
  const suggestions: JsonlSpan[] = [];
  for (const s of codePointSpans(doc)) {
    const o: JsonlSpan = { start: s.start, end: s.end, label: s.label, text: s.text };
    if (s.entityId) o.entityId = s.entityId;
    if (s.suggestion) {
      if (s.source) o.source = s.source;
      if (s.reason) o.reason = s.reason;
      if (typeof s.confidence === 'number') o.confidence = s.confidence;
      suggestions.push(o);
    } else spans.push(o);
  }
  const meta: JsonlRecord['meta'] = { offsetUnit: 'codepoint', status: doc.status ?? 'done' };
  if (doc.orphans) meta.orphans = doc.orphans;
  const rec: JsonlRecord = { id: doc.id, text: doc.text, spans, meta };
  if (doc.withSuggestions || suggestions.length) rec.suggestions = suggestions;
  // Key order: meta last, as before.
  return doc.withSuggestions || suggestions.length ? { id: rec.id, text: rec.text, spans, suggestions, meta } : rec;
}

/** One JSONL line, newline included. */
export function toJsonl(doc: ExportDoc): string {
  return JSON.stringify(toJsonlRecord(doc)) + '\n';
}
