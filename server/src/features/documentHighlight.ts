/** Document highlights: every mention of the entity under the cursor, across spellings. */
import { DocumentHighlightKind, ResponseError, type CancellationToken, type DocumentHighlight, type DocumentHighlightParams } from 'vscode-languageserver';
import { entityKey, type ShownSpan } from './entities';
import { toRange, type OffsetMapper } from './positions';
import type { ServerContext } from './context';
import { spanUnder } from './spanUnder';

export function highlightsFor(doc: OffsetMapper, spans: readonly ShownSpan[], index: number): DocumentHighlight[] {
  const key = entityKey(spans[index]!);
  return spans.filter((s) => entityKey(s) === key).map((s) => ({ range: toRange(doc, s.start, s.end), kind: DocumentHighlightKind.Text }));
}

/** `textDocument/documentHighlight`. */
export async function onDocumentHighlight(ctx: ServerContext, p: DocumentHighlightParams, token: CancellationToken) {
  const u = await spanUnder(ctx, p, token);
  return !u || u instanceof ResponseError ? u : highlightsFor(u.doc, u.spans, u.i);
}
