/**
 * Shared helpers for features that group mentions into entities and show
 * names: entity keys, display names, and the merge of recogniser suggestions
 * with user annotations.
 */
import { normalizeKey } from '../core/normalize';
import { copySpan } from '../core/spanCopy';
import { transliterate } from '../core/transliterate';
import type { PartyEntry, PersonEntry } from '../core/kb/types';
import type { ImportedSuggestion } from '../core/annotations/model';
import type { ReviewStatus } from '../core/annotations/status';
import type { EntityLabel, Span, SpanSource } from '../core/types';

/** The parts of the knowledge base the server reads (structurally what `builtinKnowledgeBase()` returns). */
export interface KbLookup {
  personById: ReadonlyMap<string, PersonEntry>;
  partyById: ReadonlyMap<string, PartyEntry>;
}

export const EMPTY_KB: KbLookup = { personById: new Map(), partyById: new Map() };

/** A span as features see it: a recogniser suggestion or a confirmed annotation. */
export interface ShownSpan extends Span {
  confirmed: boolean;
  /** A confirmed span that a suggestion had proposed at the same place: who proposed it (hover provenance). */
  suggestedBy?: Pick<Span, 'source' | 'reason'>;
}

/** A rejected suggestion: same range and label as the recogniser's span. */
export interface RejectedSpan {
  start: number;
  end: number;
  label: EntityLabel;
}

/**
 * Where user annotations come from (filled by the annotation feature):
 * confirmed spans are shown as `confirmed`, rejected suggestions are hidden.
 * Offsets are raw UTF-16 offsets into the current text of the document.
 */
export interface AnnotationSource {
  annotations(uri: string):
    | {
        confirmed: readonly Span[];
        rejected: readonly RejectedSpan[];
        /** Machine suggestions imported into the sidecar, shown unreviewed beside the recogniser's. */
        suggestions?: readonly ImportedSuggestion[];
        status?: ReviewStatus;
      }
    | undefined;
  /** Subscribe to changes; the server re-publishes tokens for the URI. */
  onDidChange?(listener: (uri: string) => void): void;
}

export const NO_ANNOTATIONS: AnnotationSource = { annotations: () => undefined };

/**
 * Suggestions minus rejected ones, with confirmed spans replacing any
 * suggestion they overlap; sorted by start, filtered to `labels`.
 */
export function mergeSpans(recognised: readonly Span[], source: ReturnType<AnnotationSource['annotations']>, labels: ReadonlySet<string>): ShownSpan[] {
  const out: ShownSpan[] = [];
  const suggestions = source?.suggestions?.length ? withImported(recognised, source.suggestions) : recognised;
  // A suggestion is copied field by field (a 1 MB article has ten thousand of them; spreads of
  // spans of several shapes take V8's slow path). Annotations keep their spread: few, and theirs.
  const suggested = (s: Span): ShownSpan => {
    const o = copySpan(s, s.start, s.end, s.text) as ShownSpan;
    o.confirmed = false;
    return o;
  };
  if (!source || (source.confirmed.length === 0 && source.rejected.length === 0)) {
    for (const s of suggestions) if (labels.has(s.label)) out.push(suggested(s));
    return out;
  }
  const rejected = new Set(source.rejected.map((r) => `${r.start}:${r.end}:${r.label}`));
  const confirmed = [...source.confirmed].sort((a, b) => a.start - b.start);
  let ci = 0;
  for (const s of suggestions) {
    if (rejected.has(`${s.start}:${s.end}:${s.label}`)) continue;
    while (ci < confirmed.length && confirmed[ci]!.end <= s.start) ci++;
    let overlaps = false;
    for (let k = ci; k < confirmed.length && confirmed[k]!.start < s.end; k++) if (confirmed[k]!.end > s.start) overlaps = true;
    if (!overlaps && labels.has(s.label)) out.push(suggested(s));
  }
  const proposed = new Map<string, Span>();
  for (const s of suggestions) proposed.set(`${s.start}:${s.end}`, s);
  for (const c of confirmed) {
    if (!labels.has(c.label)) continue;
    const o: ShownSpan = { ...c, confirmed: true };
    const p = proposed.get(`${c.start}:${c.end}`);
    if (p) o.suggestedBy = { source: p.source, reason: p.reason };
    out.push(o);
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

/**
 * Mentions with the same key are the same entity: the knowledge-base id when
 * the recogniser linked one (so खरगे and खड़गे meet), the normalised surface
 * otherwise.
 */
export function entityKey(span: Pick<Span, 'label' | 'text' | 'entityId'>): string {
  if (span.entityId) return `${span.label}#${span.entityId}`;
  let k = keyMemo.get(span);
  if (k === undefined) {
    k = `${span.label}:${normalizeKey(span.text)}`;
    keyMemo.set(span, k);
  }
  return k;
}

const keyMemo = new WeakMap<object, string>();

/** Latin name of a mention: the knowledge base's when linked, a transliteration otherwise. */
export function latinName(span: Pick<Span, 'label' | 'text' | 'entityId'>, kb: KbLookup): string {
  if (span.entityId) {
    const e = span.label === 'PARTY' ? kb.partyById.get(span.entityId) : kb.personById.get(span.entityId);
    if (e?.latin) return e.latin;
  }
  return transliterate(span.text);
}

/** Canonical Devanagari name when linked, the text as written otherwise. */
export function canonicalName(span: Pick<Span, 'label' | 'text' | 'entityId'>, kb: KbLookup): string {
  if (span.entityId) {
    const e = span.label === 'PARTY' ? kb.partyById.get(span.entityId) : kb.personById.get(span.entityId);
    if (e?.name) return e.name;
  }
  return span.text.replace(/\s+/g, ' ');
}

/** Index of the span containing `offset` (end inclusive, so a cursor just after a name still finds it), or -1. */
export function spanAt(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (s.end < offset) lo = mid + 1;
    else if (s.start > offset) hi = mid - 1;
    else {
      // Prefer a span that strictly contains the offset over one that ends at it.
      if (s.end === offset && mid + 1 < spans.length && spans[mid + 1]!.start === offset) return mid + 1;
      return mid;
    }
  }
  return -1;
}

/**
 * Recogniser suggestions with the imported ones added: an imported
 * suggestion replaces any recogniser suggestion it overlaps (someone chose
 * to import it).
 */
function withImported(recognised: readonly Span[], imported: readonly ImportedSuggestion[]): Span[] {
  const out: Span[] = [];
  const sorted = [...imported].sort((a, b) => a.start - b.start || a.end - b.end);
  let k = 0;
  for (const s of recognised) {
    while (k < sorted.length && sorted[k]!.end <= s.start) k++;
    if (k < sorted.length && sorted[k]!.start < s.end) continue;
    out.push(s);
  }
  for (const x of sorted) {
    const reason = `imported${x.source ? ` from ${x.source}` : ''}${x.reason ? `: ${x.reason}` : ''}${x.confidence !== undefined ? ` (${x.confidence})` : ''}`;
    const span: Span = { start: x.start, end: x.end, label: x.label as EntityLabel, text: x.text, source: 'imported' as SpanSource, reason };
    if (x.entityId) span.entityId = x.entityId;
    out.push(span);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
