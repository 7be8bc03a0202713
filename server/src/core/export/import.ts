/**
 * Importers: existing datasets (JSONL, brat standoff) become annotation sets
 * that can be saved as sidecars and corrected here.
 *
 * Only confirmed spans are imported: JSONL spans marked
 * `"source": "suggestion"` and brat spans noted as suggestions are skipped
 * (and counted), so an export made with suggestions does not turn them into
 * reviewed annotations. Every span's offsets are checked against the text
 * (and against its `text`, when given); a mismatch is an error naming the
 * line, never a silently shifted span.
 */
import { AnnotationSet, type AnnotationSetOptions } from '../annotations/model';
import { codePointLength, codePointsToUtf16 } from '../offsets';
import { SUGGESTION_NOTE } from './brat';
import type { ExportSpan } from './doc';

export interface ImportedDoc {
  id: string;
  text: string;
  /** UTF-16 offsets, sorted. */
  spans: ExportSpan[];
  /** Unreviewed suggestions that were left out. */
  skippedSuggestions: number;
}

export type OffsetUnit = 'codepoint' | 'utf16';

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
    throw new ImportError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(rec)) throw new ImportError(`${where}: a record must be a JSON object`);
  if (typeof rec.text !== 'string') throw new ImportError(`${where}: "text" is missing or not a string`);
  const idRaw = rec.id ?? rec.meta?.id;
  if (typeof idRaw !== 'string' && typeof idRaw !== 'number') throw new ImportError(`${where}: "id" is missing; every document needs an id (it becomes the file name)`);
  const id = String(idRaw);
  const text = rec.text;
  const metaUnit = rec.meta?.offsetUnit;
  const u: OffsetUnit = metaUnit === 'utf16' || metaUnit === 'codepoint' ? metaUnit : unit;
  const raw: Array<{ start: unknown; end: unknown; label: unknown; text?: unknown; entityId?: unknown; source?: unknown }> = [];
  if (Array.isArray(rec.spans)) {
    for (const s of rec.spans) raw.push(isObject(s) ? { start: s.start, end: s.end, label: s.label, text: s.text, entityId: s.entityId, source: s.source } : { start: undefined, end: undefined, label: undefined });
  } else if (Array.isArray(rec.label)) {
    for (const s of rec.label) raw.push(Array.isArray(s) ? { start: s[0], end: s[1], label: s[2] } : { start: undefined, end: undefined, label: undefined });
  } else if (rec.spans !== undefined || rec.label !== undefined) {
    throw new ImportError(`${where}: "spans" must be an array`);
  }
  let skipped = 0;
  const kept: typeof raw = [];
  for (const s of raw) {
    if (s.source === 'suggestion') skipped++;
    else kept.push(s);
  }
  const limit = u === 'codepoint' ? codePointLength(text) : text.length;
  kept.forEach((s, i) => {
    const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && (s.start as number) >= 0 && (s.start as number) < (s.end as number) && (s.end as number) <= limit;
    if (!ok) throw new ImportError(`${where}: span ${i + 1} has offsets ${String(s.start)}–${String(s.end)}, outside the text (${limit} ${u === 'codepoint' ? 'code points' : 'UTF-16 units'}; check the offset unit, --offset-unit)`);
    if (typeof s.label !== 'string' || !s.label) throw new ImportError(`${where}: span ${i + 1} has no label`);
  });
  const flat = kept.flatMap((s) => [s.start as number, s.end as number]);
  const u16 = u === 'codepoint' ? codePointsToUtf16(text, flat) : flat;
  const spans: ExportSpan[] = kept.map((s, i) => {
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
    return out;
  });
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { id, text, spans, skippedSuggestions: skipped };
}

/**
 * Parse a brat pair. Text-bound annotations (`T`) become spans (a
 * discontinuous one covers its first to its last fragment); `Reference …
 * Wikidata:Q42` normalisations link `wikidata:Q42`; other lines (relations,
 * events, attributes) are ignored.
 */
export function parseBrat(id: string, txt: string, ann: string, where: string): ImportedDoc {
  const cps = Array.from(txt);
  const byId = new Map<string, ExportSpan & { cpStart: number; cpEnd: number }>();
  const suggestions = new Set<string>();
  const refs: Array<[string, string]> = [];
  const lines = ann.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const at = `${where}:${i + 1}`;
    const cols = line.split('\t');
    const tid = cols[0]!;
    if (tid.startsWith('T')) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(cols[1] ?? '');
      if (!m) throw new ImportError(`${at}: cannot read text-bound annotation ${JSON.stringify(line)} (expected "T1<TAB>LABEL start end<TAB>text")`);
      const frags = m[2]!.split(';').map((f) => f.split(' ').map(Number) as [number, number]);
      for (const [a, b] of frags) {
        if (!(a < b) || b > cps.length) throw new ImportError(`${at}: offsets ${a} ${b} are outside the text (${cps.length} code points)`);
      }
      const surface = frags.map(([a, b]) => cps.slice(a, b).join('')).join(' ');
      if (cols[2] !== undefined && cols[2] !== surface && cols[2] !== surface.replace(/[\t\r\n]+/g, ' ')) {
        throw new ImportError(`${at}: ${tid} says ${JSON.stringify(cols[2])} but its offsets cover ${JSON.stringify(surface)}; brat offsets count code points`);
      }
      const cpStart = frags[0]![0];
      const cpEnd = frags[frags.length - 1]![1];
      byId.set(tid, { start: 0, end: 0, cpStart, cpEnd, label: m[1]!, text: '' });
    } else if (tid.startsWith('N')) {
      const m = /^Reference (\S+) ([^:\s]+):(\S+)$/.exec(cols[1] ?? '');
      if (m && m[2]!.toLowerCase() === 'wikidata') refs.push([m[1]!, `wikidata:${m[3]}`]);
    } else if (tid.startsWith('#')) {
      const m = /^AnnotatorNotes (\S+)$/.exec(cols[1] ?? '');
      if (m && cols[2] === SUGGESTION_NOTE) suggestions.add(m[1]!);
    }
  });
  for (const [t, e] of refs) {
    const s = byId.get(t);
    if (s) s.entityId = e;
  }
  const kept = [...byId.entries()].filter(([t]) => !suggestions.has(t)).map(([, s]) => s);
  const u16 = codePointsToUtf16(txt, kept.flatMap((s) => [s.cpStart, s.cpEnd]));
  const spans = kept.map((s, i) => {
    const out: ExportSpan = { start: u16[2 * i]!, end: u16[2 * i + 1]!, label: s.label, text: '' };
    out.text = txt.slice(out.start, out.end);
    if (s.entityId) out.entityId = s.entityId;
    return out;
  });
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { id, text: txt, spans, skippedSuggestions: byId.size - kept.length };
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
