/** Inlay hints: the Latin name after a Devanagari person name, the ISO value after a date. */
import type { CancellationToken, InlayHint, InlayHintParams } from 'vscode-languageserver';
import { latinName, type KbLookup, type ShownSpan } from './entities';
import { rangeToOffsets, type OffsetMapper } from './positions';
import type { ServerContext } from './context';
import { cancelled } from './spanUnder';

const DEVANAGARI = /[\u0900-\u097F]/;

export function inlayHints(doc: OffsetMapper, spans: readonly ShownSpan[], kb: KbLookup, from: number, to: number): InlayHint[] {
  const out: InlayHint[] = [];
  for (const s of spans) {
    if (s.end < from) continue;
    if (s.start > to) break;
    let label: string | undefined;
    if (s.label === 'PERSON' && DEVANAGARI.test(s.text)) label = latinName(s, kb);
    else if (s.label === 'DATE' && s.date?.iso) label = s.date.iso;
    if (label) out.push({ position: doc.positionAt(s.end), label, paddingLeft: true });
  }
  return out;
}

/** `textDocument/inlayHint`. */
export async function onInlayHint(ctx: ServerContext, p: InlayHintParams, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h || !h.s.inlayHints.enabled) return [];
  const [from, to] = rangeToOffsets(h.doc, p.range);
  const spans = await ctx.shown.around(h.doc, h.s, from, to, token);
  if (!spans) return cancelled();
  return inlayHints(h.doc, spans, ctx.kb.kb, from, to);
}
