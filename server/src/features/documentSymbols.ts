/** Document symbols: an outline grouped by label, one child per entity, each mention below it. */
import { SymbolKind, type CancellationToken, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import { canonicalName, entityKey, latinName, type KbLookup, type ShownSpan } from './entities';
import { toRange, type OffsetMapper } from './positions';
import { ENTITY_LABELS } from '../core/types';
import type { ServerContext } from './context';
import { isLarge } from './openDocuments';
import { cancelled } from './spanUnder';

export const LABEL_KIND: Record<string, SymbolKind> = { PERSON: SymbolKind.Class, PARTY: SymbolKind.Namespace, DATE: SymbolKind.Event };

export function documentSymbols(doc: OffsetMapper, spans: readonly ShownSpan[], kb: KbLookup, labels: readonly string[]): DocumentSymbol[] {
  const byLabel = new Map<string, Map<string, ShownSpan[]>>();
  for (const s of spans) {
    let entities = byLabel.get(s.label);
    if (!entities) byLabel.set(s.label, (entities = new Map()));
    const key = entityKey(s);
    const list = entities.get(key);
    if (list) list.push(s);
    else entities.set(key, [s]);
  }
  const out: DocumentSymbol[] = [];
  for (const label of labels) {
    const entities = byLabel.get(label);
    if (!entities) continue;
    const kind = LABEL_KIND[label] ?? SymbolKind.Key;
    const children: DocumentSymbol[] = [];
    let mentions = 0;
    for (const list of entities.values()) {
      const first = list[0]!;
      const last = list[list.length - 1]!;
      mentions += list.length;
      const name = canonicalName(first, kb);
      const detail = label === 'DATE' ? first.date?.iso ?? '' : latinName(first, kb);
      children.push({
        name: `${name} (${list.length})`,
        detail,
        kind,
        range: toRange(doc, first.start, last.end),
        selectionRange: toRange(doc, first.start, first.end),
        children: list.map((s) => ({ name: s.text.replace(/\s+/g, ' '), detail: s.confirmed ? 'confirmed' : 'suggestion', kind, range: toRange(doc, s.start, s.end), selectionRange: toRange(doc, s.start, s.end) })),
      });
    }
    const all = [...entities.values()].flat();
    const start = Math.min(...all.map((s) => s.start));
    const end = Math.max(...all.map((s) => s.end));
    out.push({
      name: `${label} (${entities.size})`,
      detail: `${mentions} mention${mentions === 1 ? '' : 's'}`,
      kind,
      range: toRange(doc, start, end),
      selectionRange: toRange(doc, start, start),
      children,
    });
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
