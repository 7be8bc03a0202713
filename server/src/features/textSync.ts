/**
 * Applying a `didChange` to the server's copy of a document, so that the
 * copy and everything that follows it (the annotations) never drift from the
 * client's text, whatever the client sends.
 *
 * Each change's offsets are computed by the document itself (the same
 * clamping `TextDocument.update` applies), a reversed range is taken the
 * right way round, and the edit is handed to the annotations before the
 * document applies it. A version that does not increase (a non-conforming
 * client) is replaced by the next one, so caches keyed by version never
 * serve an analysis of older text.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** What follows a document's text (the annotation store). */
export interface EditSink {
  /** `[start, end)` of the current text (UTF-16, start ≤ end) is replaced by `text`. */
  edit(uri: string, start: number, end: number, text: string): void;
  /** The whole text was replaced (a change without a range). */
  replace(uri: string, text: string): void;
  /** After a `didChange`: the document's text now, so the sink can check it follows. */
  synced(uri: string, text: string): void;
}

/**
 * `TextDocuments`' update function: apply `changes` one by one, telling
 * `sink` about each. `warn` hears about non-conforming changes (once per
 * kind and document is enough for a log).
 */
export function applyContentChanges(
  doc: TextDocument,
  changes: readonly TextDocumentContentChangeEvent[],
  version: number,
  sink: EditSink,
  warn: (message: string) => void,
): TextDocument {
  let v = version;
  if (!(Number.isInteger(v) && v > doc.version)) {
    warn(`${doc.uri}: the editor sent version ${version} after version ${doc.version}; taken as version ${doc.version + 1}.`);
    v = doc.version + 1;
  }
  for (const c of changes) {
    if ('range' in c && c.range) {
      let start = doc.offsetAt(c.range.start);
      let end = doc.offsetAt(c.range.end);
      if (start > end) {
        warn(`${doc.uri}: the editor sent a change whose range ends before it starts; applied the right way round.`);
        [start, end] = [end, start];
      }
      sink.edit(doc.uri, start, end, c.text);
      // TextDocument takes a reversed range the right way round itself, with the same offsets.
      doc = TextDocument.update(doc, [c], v);
    } else {
      sink.replace(doc.uri, c.text);
      doc = TextDocument.update(doc, [c], v);
    }
  }
  sink.synced(doc.uri, doc.getText());
  return doc;
}
