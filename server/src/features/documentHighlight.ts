/** Document highlights: every mention of the entity under the cursor, across spellings. */
import { DocumentHighlightKind, type DocumentHighlight } from 'vscode-languageserver';
import { entityKey, type ShownSpan } from './entities';
import { toRange, type OffsetMapper } from './positions';

export function highlightsFor(doc: OffsetMapper, spans: readonly ShownSpan[], index: number): DocumentHighlight[] {
  const key = entityKey(spans[index]!);
  return spans.filter((s) => entityKey(s) === key).map((s) => ({ range: toRange(doc, s.start, s.end), kind: DocumentHighlightKind.Text }));
}
