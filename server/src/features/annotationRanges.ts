/** `hindiNews/annotationRanges`: the confirmed annotations and unreviewed suggestions the client decorates. */
import type { CancellationToken } from 'vscode-languageserver';
import type { AnnotationRanges } from '../protocol';
import type { ServerContext } from './context';
import { isLarge } from './openDocuments';
import { toRange } from './positions';
import { cancelled } from './spanUnder';

export async function onAnnotationRanges(ctx: ServerContext, p: { textDocument: { uri: string } }, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h || isLarge(h.doc, h.s)) return null;
  const spans = await ctx.shown.shown(h.doc, h.s, token);
  if (!spans) return cancelled();
  const pick = (confirmed: boolean) => spans.filter((x) => x.confirmed === confirmed).map((x) => ({ range: toRange(h.doc, x.start, x.end), label: x.label }));
  const out: AnnotationRanges = { uri: h.doc.uri, version: h.doc.version, confirmed: pick(true), suggestions: pick(false) };
  return out;
}
