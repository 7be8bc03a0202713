/**
 * The shown span under a cursor, for the features that answer about one
 * mention (hover, highlights, references), and the answer to a cancelled
 * request.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken, type TextDocumentPositionParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { spanAt } from './entities';
import { toOffset } from './positions';

/** The error a cancelled request answers. */
export const cancelled = (): ResponseError<void> => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'cancelled');

/**
 * The shown span under a position: the document, its shown spans and the
 * span's index; null when the document is not handled or no span is there, a
 * cancellation error when cancelled.
 */
export async function spanUnder(ctx: ServerContext, p: TextDocumentPositionParams, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h) return null;
  const offset = toOffset(h.doc, p.position);
  const spans = await ctx.shown.around(h.doc, h.s, offset, offset, token);
  if (!spans) return cancelled();
  const i = spanAt(spans, offset);
  return i < 0 ? null : { ...h, spans, i };
}
