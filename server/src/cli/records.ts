/**
 * What `hindi-news recognize` writes for one article or one input line:
 * spans with code-point offsets, the input's other fields passed through,
 * and an error record in the place of a line that cannot be read.
 */
import { jsonErrorWithoutContents } from '../core/jsonError';
import type { DocumentAnalysis, Recognizer } from '../core/recognizer';
import { formatPretty } from './pretty';

/** A span as written to JSONL: code-point offsets. */
export interface OutSpan {
  start: number;
  end: number;
  label: string;
  text: string;
  source: string;
  reason: string;
  entityId?: string;
  value?: string;
  /** The recogniser's confidence in [0, 1]. */
  confidence?: number;
}

/** Convert sorted-by-start UTF-16 span offsets to code points in one pass. */
export function toOutSpans(text: string, a: DocumentAnalysis): OutSpan[] {
  const out: OutSpan[] = [];
  let u = 0;
  let cp = 0;
  const advance = (target: number) => {
    while (u < target) {
      const c = text.charCodeAt(u);
      u += (c & 0xfc00) === 0xd800 && u + 1 < text.length && (text.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      cp++;
    }
    return cp;
  };
  for (const s of a.spans) {
    const start = advance(s.start);
    const su = u;
    const end = advance(s.end);
    u = su;
    cp = start;
    const o: OutSpan = { start, end, label: s.label, text: s.text, source: s.source, reason: s.reason };
    if (s.entityId) o.entityId = s.entityId;
    const v = s.date?.iso ?? s.date?.relative;
    if (v) o.value = v;
    if (s.confidence !== undefined) o.confidence = s.confidence;
    out.push(o);
  }
  return out;
}

/** The recogniser's own metadata: the unit of the offsets and the publication date it found. */
function recognizerMeta(a: DocumentAnalysis): Record<string, string> {
  return a.publication ? { published: a.publication, offsets: 'codepoint' } : { offsets: 'codepoint' };
}

/** One article as a JSONL line (no newline): `{"id","text","spans","meta"}`. */
export function record(id: string, text: string, a: DocumentAnalysis): string {
  return JSON.stringify({ id, text, spans: toOutSpans(text, a), meta: recognizerMeta(a) });
}

export type OutputFormat = 'jsonl' | 'pretty';

/** The outcome of one input line: the text to write (newline included) and, for a bad line, the message. */
export interface LineResult {
  out: string;
  error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One line of `recognize -`. The output record is the input object with
 * `spans` set to what was found and the recogniser's keys (`offsets`,
 * `published`) added to `meta` when `meta` is an object or absent; every
 * other field, `id` included, is copied unchanged (a missing `id` becomes the
 * line number). A line that is not such an object gives `{"id","error"}`.
 * An empty line gives an empty line, so outputs zip with inputs.
 */
export function recognizeLine(line: string, lineNo: number, rec: Recognizer, format: OutputFormat, colour = false): LineResult {
  if (line.length === 0 || line.trim().length === 0) return { out: '\n' };
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return errorLine(String(lineNo), `line ${lineNo}: ${jsonErrorWithoutContents(e, line)}; each line must be one JSON object with a "text" field: fix or remove the line`, format);
  }
  if (!isObject(obj) || typeof obj.text !== 'string') {
    const id = isObject(obj) && (typeof obj.id === 'string' || typeof obj.id === 'number') ? obj.id : String(lineNo);
    return errorLine(id, `line ${lineNo}: expected an object with a string "text" field`, format);
  }
  const text = obj.text;
  let a: DocumentAnalysis;
  try {
    a = rec.recognize(text);
  } catch (e) {
    const id = obj.id === undefined ? String(lineNo) : (obj.id as string | number);
    return errorLine(id, `line ${lineNo}: the recogniser failed on this record (${(e as Error).message}); please report it with the record`, format);
  }
  if (format === 'pretty') return { out: formatPretty(obj.id === undefined ? String(lineNo) : String(obj.id), text, a, colour) };
  const out: Record<string, unknown> = { id: String(lineNo), ...obj };
  out.spans = toOutSpans(text, a);
  if (out.meta === undefined) out.meta = recognizerMeta(a);
  else if (isObject(out.meta)) out.meta = { ...out.meta, ...recognizerMeta(a) };
  return { out: JSON.stringify(out) + '\n' };
}

function errorLine(id: string | number, message: string, format: OutputFormat): LineResult {
  return { out: format === 'pretty' ? `== ${id} ==\nerror: ${message}\n\n` : JSON.stringify({ id, error: message }) + '\n', error: message };
}
