/**
 * The status bar's counts for one document (`hindiNews/documentStats`):
 * mentions and distinct entities per label, confirmed, suggested and
 * unreviewed.
 */
import type { CancellationToken } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../core/types';
import type { DocumentStats, DocumentStatsParams } from '../protocol';
import type { ServerContext } from './context';
import { entityKey, type AnnotationSource, type ShownSpan } from './entities';
import { isLarge, shownLabels } from './openDocuments';
import { cancelled } from './spanUnder';

/**
 * Counts of `spans` (the shown spans; none when `limited`); `suggestions` are
 * the recogniser's, for `suggested`; `annotations` the article's (rejected
 * suggestions, review status). Confirmed, unreviewed and rejected add up to
 * every span the annotator has seen or decided on.
 */
export function documentStats(
  doc: TextDocument,
  spans: readonly ShownSpan[] | undefined,
  limited: boolean,
  labels: ReadonlySet<string>,
  suggestions: readonly Span[] | undefined,
  annotations: ReturnType<AnnotationSource['annotations']>,
): DocumentStats {
  const counts = { PERSON: 0, PARTY: 0, DATE: 0 };
  const keys = { PERSON: new Set<string>(), PARTY: new Set<string>(), DATE: new Set<string>() };
  for (const sp of spans ?? []) {
    if (!(sp.label in counts)) continue;
    counts[sp.label]++;
    keys[sp.label].add(entityKey(sp));
  }
  let confirmed = 0;
  for (const sp of spans ?? []) if (sp.confirmed) confirmed++;
  const suggested = limited ? 0 : (suggestions ?? []).filter((sp) => labels.has(sp.label)).length;
  return {
    uri: doc.uri,
    version: doc.version,
    counts,
    entities: { PERSON: keys.PERSON.size, PARTY: keys.PARTY.size, DATE: keys.DATE.size },
    limited,
    confirmed,
    suggested,
    unreviewed: (spans?.length ?? 0) - confirmed,
    rejected: (annotations?.rejected ?? []).filter((r) => labels.has(r.label)).length,
    status: annotations?.status ?? 'new',
  };
}

/** `hindiNews/documentStats`. */
export async function onDocumentStats(ctx: ServerContext, p: DocumentStatsParams, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h) return null;
  const labels = shownLabels(h.s);
  if (isLarge(h.doc, h.s)) return documentStats(h.doc, [], true, labels, undefined, ctx.annotations.annotations(h.doc.uri));
  const spans = await ctx.shown.shown(h.doc, h.s, token);
  if (!spans) return cancelled();
  return documentStats(h.doc, spans, false, labels, ctx.analyzer.peek(h.doc)?.spans, ctx.annotations.annotations(h.doc.uri));
}
