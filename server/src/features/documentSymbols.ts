/**
 * Document symbols: one symbol per shown span, in the order of the text, so
 * the breadcrumb names the span under the cursor and nothing elsewhere (a
 * symbol grouping an entity's mentions would span the text between them).
 * The label and the entity are in each symbol's detail; the kind (one per
 * label) lets the outline sort or filter by label.
 */
import { SymbolKind, type CancellationToken, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import { ENTITY_LABELS } from '../core/types';
import type { ServerContext } from './context';
import { latinName, type KbLookup, type ShownSpan } from './entities';
import { isLarge } from './openDocuments';
import { toRange, type OffsetMapper } from './positions';
import { cancelled } from './spanUnder';

/** Symbol kinds per label, chosen for how editors name them: a person an object, a party a structure, a date an event. */
export const LABEL_KIND: Record<string, SymbolKind> = { PERSON: SymbolKind.Object, PARTY: SymbolKind.Struct, DATE: SymbolKind.Event };

/** The outline of `spans` (sorted), restricted to `labels`. */
export function documentSymbols(doc: OffsetMapper, spans: readonly ShownSpan[], kb: KbLookup, labels: readonly string[]): DocumentSymbol[] {
  const shown = new Set(labels);
  const out: DocumentSymbol[] = [];
  for (const s of spans) {
    if (!shown.has(s.label)) continue;
    const range = toRange(doc, s.start, s.end);
    const about = s.label === 'DATE' ? s.date?.iso : s.label === 'PERSON' || s.label === 'PARTY' ? latinName(s, kb) : undefined;
    const detail = [s.label, about, s.confirmed ? undefined : 'suggestion'].filter(Boolean).join(' · ');
    out.push({ name: s.text.replace(/\s+/g, ' '), detail, kind: LABEL_KIND[s.label] ?? SymbolKind.Key, range, selectionRange: range });
  }
  return out;
}

/** `textDocument/documentSymbol`: the outline, built-in labels first in their usual order. */
export async function onDocumentSymbol(ctx: ServerContext, p: DocumentSymbolParams, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h) return null;
  if (isLarge(h.doc, h.s)) return [];
  const spans = await ctx.shown.shown(h.doc, h.s, token);
  if (!spans) return cancelled();
  const labels = [...ENTITY_LABELS.filter((l) => h.s.labels.show.includes(l)), ...h.s.labels.show.filter((l) => !(ENTITY_LABELS as readonly string[]).includes(l))];
  return documentSymbols(h.doc, spans, ctx.kb.kb, labels);
}
