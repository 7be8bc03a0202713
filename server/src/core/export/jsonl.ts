/**
 * JSONL: one document per line,
 * `{"id","text","spans":[{"start","end","label","text"}],"meta":{"offsetUnit":"codepoint"}}`.
 * Offsets are code points (Python `str` indices), which Prodigy and spaCy
 * read directly; doccano users import with the same shape. A linked span
 * carries `entityId`; an unreviewed suggestion carries `"source":"suggestion"`.
 */
import { codePointSpans, type ExportDoc } from './doc';

export interface JsonlSpan {
  start: number;
  end: number;
  label: string;
  text: string;
  entityId?: string;
  source?: 'suggestion';
}

export interface JsonlRecord {
  id: string;
  text: string;
  spans: JsonlSpan[];
  meta: { offsetUnit: 'codepoint'; orphans?: number };
}

export function toJsonlRecord(doc: ExportDoc): JsonlRecord {
  const spans = codePointSpans(doc).map((s) => {
    const o: JsonlSpan = { start: s.start, end: s.end, label: s.label, text: s.text };
    if (s.entityId) o.entityId = s.entityId;
    if (s.suggestion) o.source = 'suggestion';
    return o;
  });
  const meta: JsonlRecord['meta'] = { offsetUnit: 'codepoint' };
  if (doc.orphans) meta.orphans = doc.orphans;
  return { id: doc.id, text: doc.text, spans, meta };
}

/** One JSONL line, newline included. */
export function toJsonl(doc: ExportDoc): string {
  return JSON.stringify(toJsonlRecord(doc)) + '\n';
}
