/**
 * Importers: existing datasets (JSONL, brat standoff) become annotation sets
 * that can be saved as sidecars and corrected here.
 *
 * Import keeps what the data is. A span is confirmed only when the input
 * says so: a JSONL span without `source` (gold data), or with `manual`,
 * `accepted` or `gold`, and a brat `.ann` line. Machine output stays
 * unreviewed: JSONL spans with any other `source` (`recognize` writes `kb`,
 * `rule`, `tagger`…, exports write `suggestion`), a record's `"suggestions"`,
 * brat's `.suggestions.ann` and spans noted `suggestion`. Every span's
 * offsets are checked against the text (and against its `text`, when
 * given); a mismatch is an error naming the line, never a silently shifted
 * span. Labels must be usable everywhere they are written (see
 * {@link isBratLabel}).
 */
import { AnnotationSet, type AnnotationSetOptions } from '../annotations/model';
import { codePointLength, codePointsToUtf16 } from '../offsets';
import { jsonErrorWithoutContents } from '../jsonError';
import { isReviewStatus, type ReviewStatus } from '../annotations/status';
import { bratOffsets, isBratLabel, KB_NORMALIZATION_DB, SUGGESTION_NOTE } from './brat';
import type { ExportSpan } from './doc';

export interface ImportedDoc {
  id: string;
  text: string;
  /** Confirmed spans; UTF-16 offsets, sorted. */
  spans: ExportSpan[];
  /** Unreviewed suggestions (machine output); UTF-16 offsets, sorted. */
  suggestions: ExportSpan[];
  /** The review status the input gives (`meta.status`), if any. */
  status?: ReviewStatus;
  /** True when the input carried no annotation data at all (a brat text without `.ann`). */
  textOnly?: boolean;
}

/** `source` values that mean a person confirmed the span. */
const CONFIRMED_SOURCES = new Set(['manual', 'accepted', 'gold']);

export type OffsetUnit = 'codepoint' | 'utf16';

/** Input that cannot be imported; the message names the file and line or entry. */
export class ImportError extends Error {}

function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Parse one JSONL record. Accepts this tool's shape
 * (`{"id","text","spans":[{"start","end","label","text"?,"entityId"?}],"meta"}`),
 * and doccano's (`{"id","text","label":[[start,end,"LABEL"],…]}`).
 * Offsets are code points unless `meta.offsetUnit` or `unit` says `utf16`
 * (doccano's default: pass `utf16` for doccano exports).
 * `where` (`file.jsonl:12`) prefixes error messages.
 */
export function parseJsonlRecord(line: string, where: string, unit: OffsetUnit = 'codepoint'): ImportedDoc {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch (e) {
    throw new ImportError(`${where}: not a JSON record (${jsonErrorWithoutContents(e, line)}); each line must be one JSON object: fix or remove the line, the others are imported`);
  }
  if (!isObject(rec)) throw new ImportError(`${where}: a record must be a JSON object`);
  if (typeof rec.text !== 'string') throw new ImportError(`${where}: "text" is missing or not a string`);
  const idRaw = rec.id ?? rec.meta?.id;
  if (typeof idRaw !== 'string' && typeof idRaw !== 'number') throw new ImportError(`${where}: "id" is missing; every document needs an id (it becomes the file name)`);
  const id = String(idRaw);
  const text = rec.text;
  const metaUnit = rec.meta?.offsetUnit;
  const u: OffsetUnit = metaUnit === 'utf16' || metaUnit === 'codepoint' ? metaUnit : unit;
  type Raw = { start: unknown; end: unknown; label: unknown; text?: unknown; entityId?: unknown; source?: unknown; reason?: unknown; confidence?: unknown; suggestion?: boolean };
  const raw: Raw[] = [];
  const fromObject = (x: unknown, suggestion: boolean): Raw =>
    isObject(x)
      ? { start: x.start, end: x.end, label: x.label, text: x.text, entityId: x.entityId, source: x.source, reason: x.reason, confidence: x.confidence, suggestion: suggestion || (x.source !== undefined && !CONFIRMED_SOURCES.has(String(x.source))) }
      : { start: undefined, end: undefined, label: undefined };
  if (Array.isArray(rec.spans)) {
    for (const x of rec.spans) raw.push(fromObject(x, false));
  } else if (Array.isArray(rec.label)) {
    for (const x of rec.label) raw.push(Array.isArray(x) ? { start: x[0], end: x[1], label: x[2] } : { start: undefined, end: undefined, label: undefined });
  } else if (rec.spans !== undefined || rec.label !== undefined) {
    throw new ImportError(`${where}: "spans" must be an array`);
  }
  if (Array.isArray(rec.suggestions)) for (const x of rec.suggestions) raw.push(fromObject(x, true));
  else if (rec.suggestions !== undefined) throw new ImportError(`${where}: "suggestions" must be an array`);
  const limit = u === 'codepoint' ? codePointLength(text) : text.length;
  raw.forEach((s, i) => {
    const what = `${s.suggestion ? 'suggestion' : 'span'} ${i + 1}`;
    const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && (s.start as number) >= 0 && (s.start as number) < (s.end as number) && (s.end as number) <= limit;
    if (!ok) throw new ImportError(`${where}: ${what} has offsets ${String(s.start)}–${String(s.end)}, outside the text (${limit} ${u === 'codepoint' ? 'code points' : 'UTF-16 units'}; check the offset unit, --offset-unit)`);
    if (typeof s.label !== 'string' || !s.label) throw new ImportError(`${where}: ${what} has no label`);
    if (!isBratLabel(s.label)) throw new ImportError(`${where}: ${what} has the label ${JSON.stringify(s.label)}; a label is letters, digits, _ and -, starting with a letter`);
  });
  const flat = raw.flatMap((s) => [s.start as number, s.end as number]);
  const u16 = u === 'codepoint' ? codePointsToUtf16(text, flat) : flat;
  const spans: ExportSpan[] = [];
  const suggestions: ExportSpan[] = [];
  raw.forEach((s, i) => {
    const start = u16[2 * i]!;
    const end = u16[2 * i + 1]!;
    const covered = text.slice(start, end);
    if (typeof s.text === 'string' && s.text !== covered) {
      throw new ImportError(
        `${where}: span ${i + 1} (${s.label as string}) says ${JSON.stringify(s.text)} but the offsets cover ${JSON.stringify(covered)}; ` +
          `check the offset unit (reading ${u === 'codepoint' ? 'code points' : 'UTF-16 units'}; try the other with --offset-unit)`,
      );
    }
    const out: ExportSpan = { start, end, label: s.label as string, text: covered };
    if (typeof s.entityId === 'string' && s.entityId) out.entityId = s.entityId;
    if (s.suggestion) {
      out.suggestion = true;
      if (typeof s.source === 'string' && s.source && s.source !== 'suggestion') out.source = s.source;
      if (typeof s.reason === 'string' && s.reason) out.reason = s.reason;
      if (typeof s.confidence === 'number' && s.confidence >= 0 && s.confidence <= 1) out.confidence = s.confidence;
      suggestions.push(out);
    } else spans.push(out);
  });
  const byOffset = (a: ExportSpan, b: ExportSpan) => a.start - b.start || a.end - b.end;
  spans.sort(byOffset);
  suggestions.sort(byOffset);
  const doc: ImportedDoc = { id, text, spans, suggestions };
  if (isReviewStatus(rec.meta?.status)) doc.status = rec.meta.status;
  return doc;
}

/** brat's line ends (Python's `str.splitlines`). */
const BRAT_LINES = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/u;

/**
 * Parse a brat pair, reading `.ann` as brat does (lines split where Python
 * splits them; the surface after the second tab taken by its length, so a
 * tab inside it is text). Text-bound annotations (`T`) become spans (a
 * discontinuous one covers its first to its last fragment); `Reference …
 * Wikidata:Q42` normalisations link the entity (`wikidataEntity` maps the
 * item back to a knowledge-base id), `HindiNewsKB:id` ones link the id; spans noted `suggestion` and those of
 * `suggestionsAnn` (the `.suggestions.ann` beside) are unreviewed
 * suggestions; relations, events and attributes are ignored. Offsets count
 * the text as brat reads it (universal newlines: each `\r\n` one character;
 * `leading` characters before `txt`, 1 when the file began with a byte order
 * mark, which brat reads as a character).
 */
export function parseBrat(
  id: string,
  txt: string,
  ann: string,
  where: string,
  suggestionsAnn?: string,
  wikidataEntity: (qid: string) => string = (q) => `wikidata:${q.toUpperCase()}`,
  leading = 0,
): ImportedDoc {
  const cps = Array.from(txt);
  // Offsets count the text as brat reads it: each \r\n one character, a byte order mark (`leading`) one too.
  const offsets = bratOffsets(cps, leading);
  const read = (content: string, file: string, suggestion: boolean): ExportSpan[] => {
    const byId = new Map<string, { cpStart: number; cpEnd: number; label: string; entityId?: string }>();
    const noted = new Set<string>();
    const refs: Array<[string, string]> = [];
    content.split(BRAT_LINES).forEach((line, i) => {
      if (!line.trim()) return;
      const at = `${file}:${i + 1}`;
      const tab = line.indexOf('\t');
      const tid = tab < 0 ? line : line.slice(0, tab);
      const rest = tab < 0 ? '' : line.slice(tab + 1);
      const tab2 = rest.indexOf('\t');
      const data = tab2 < 0 ? rest : rest.slice(0, tab2);
      const tail = tab2 < 0 ? undefined : rest.slice(tab2 + 1);
      if (tid.startsWith('T')) {
        const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(data);
        if (!m) throw new ImportError(`${at}: ${tid} is not a text-bound annotation brat can read (expected "T1<TAB>LABEL start end<TAB>text")`);
        if (!isBratLabel(m[1]!)) throw new ImportError(`${at}: ${tid} has the label ${JSON.stringify(m[1])}; a label is letters, digits, _ and -, starting with a letter`);
        const bratFrags = m[2]!.split(';').map((f) => f.split(' ').map(Number) as [number, number]);
        for (const [a, b] of bratFrags) {
          if (!(a < b) || a < leading || b > offsets.length) throw new ImportError(`${at}: ${tid} has offsets ${a} ${b}, outside the text (${offsets.length} code points as brat reads it)`);
        }
        const frags = bratFrags.map(([a, b]) => [offsets.fromBrat(a), offsets.fromBrat(b)] as [number, number]);
        const surface = frags.map(([a, b]) => cps.slice(a, b).join('')).join(' ');
        if (tail !== undefined && tail !== '' && Array.from(tail).slice(0, Array.from(surface).length).join('') !== surface) {
          throw new ImportError(`${at}: ${tid}'s text does not match what its offsets cover (${JSON.stringify(surface)}); brat offsets count code points`);
        }
        byId.set(tid, { cpStart: frags[0]![0], cpEnd: frags[frags.length - 1]![1], label: m[1]! });
      } else if (tid.startsWith('N')) {
        const m = /^Reference (\S+) ([^:\s]+):(\S+)$/.exec(data);
        if (m && m[2]!.toLowerCase() === 'wikidata') refs.push([m[1]!, wikidataEntity(m[3]!)]);
        else if (m && m[2] === KB_NORMALIZATION_DB) refs.push([m[1]!, m[3]!]);
      } else if (tid.startsWith('#')) {
        const m = /^AnnotatorNotes (\S+)$/.exec(data);
        if (m && tail === SUGGESTION_NOTE) noted.add(m[1]!);
      }
    });
    for (const [t, e] of refs) {
      const s = byId.get(t);
      if (s) s.entityId = e;
    }
    const list = [...byId.entries()];
    const u16 = codePointsToUtf16(txt, list.flatMap(([, s]) => [s.cpStart, s.cpEnd]));
    return list.map(([t, s], i) => {
      const out: ExportSpan = { start: u16[2 * i]!, end: u16[2 * i + 1]!, label: s.label, text: '' };
      out.text = txt.slice(out.start, out.end);
      if (s.entityId) out.entityId = s.entityId;
      if (suggestion || noted.has(t)) out.suggestion = true;
      return out;
    });
  };
  const all = read(ann, where, false);
  if (suggestionsAnn !== undefined) all.push(...read(suggestionsAnn, where.replace(/\.ann$/, '') + '.suggestions.ann', true));
  const byOffset = (a: ExportSpan, b: ExportSpan) => a.start - b.start || a.end - b.end;
  return { id, text: txt, spans: all.filter((s) => !s.suggestion).sort(byOffset), suggestions: all.filter((s) => s.suggestion).sort(byOffset) };
}

/**
 * Build the annotation set of an imported document (spans taken as they are:
 * no trimming or snapping, so offsets survive a round trip). Overlapping
 * spans are refused with a message each.
 */
export function importedToAnnotationSet(doc: ImportedDoc, options?: AnnotationSetOptions): { set: AnnotationSet; errors: string[] } {
  const set = new AnnotationSet(doc.text, undefined, options);
  const errors: string[] = [];
  for (const s of doc.spans) {
    const r = set.add(s.start, s.end, s.label, s.entityId ? { exact: true, entityId: s.entityId } : { exact: true });
    if (!r.ok) errors.push(`${doc.id}: span “${s.text}” (${s.label}) not imported: ${r.message}`);
  }
  return { set, errors };
}
