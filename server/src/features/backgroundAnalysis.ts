/**
 * Background analysis of open documents: after an edit (debounced) or an
 * annotation change the document is analysed, the status-bar counts are
 * pushed, and the editor is asked to refresh tokens that were provisional.
 */
import { MessageType, ShowMessageNotification, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStatsNotification } from '../protocol';
import { documentStats } from './documentStats';
import type { DocumentAnalyzer } from './documents';
import type { AnnotationSource } from './entities';
import { isLarge, shownLabels, type OpenDocuments } from './openDocuments';
import type { HindiNewsSettings } from './settings';
import type { ShownSpansCache } from './shownSpans';

export class BackgroundAnalysis {
  /** Long documents the annotator was told about once. */
  private readonly largeWarned = new Set<string>();
  /** Set once the shown-spans cache exists (it schedules analyses too). */
  shown!: ShownSpansCache;

  constructor(
    private readonly connection: Connection,
    private readonly docs: OpenDocuments,
    private readonly analyzer: DocumentAnalyzer,
    private readonly annotations: AnnotationSource,
  ) {}

  /** Analyse `doc` after `delay` ms of quiet and push its counts. */
  schedule(doc: TextDocument, delay: number): void {
    this.analyzer.debounce(doc.uri, delay, () => {
      void (async () => {
        const h = await this.docs.handled(doc.uri);
        if (!h) return;
        const version = h.doc.version;
        if (isLarge(h.doc, h.s)) {
          this.warnLarge(h.doc, h.s);
          void this.connection.sendNotification(DocumentStatsNotification.type, documentStats(h.doc, [], true, shownLabels(h.s), undefined, this.annotations.annotations(h.doc.uri)));
          return;
        }
        const docs = this.docs;
        const stale = { get isCancellationRequested() { return docs.get(doc.uri)?.version !== version; } } as CancellationToken;
        const spans = await this.shown.shown(h.doc, h.s, stale);
        if (!spans) return;
        void this.connection.sendNotification(DocumentStatsNotification.type, documentStats(h.doc, spans, false, shownLabels(h.s), this.analyzer.peek(h.doc)?.spans, this.annotations.annotations(h.doc.uri)));
        if (this.shown.provisionalDiffers(doc.uri, version, spans) && this.docs.caps.tokensRefresh) void this.connection.languages.semanticTokens.refresh();
      })().catch((e) => this.connection.console.error(`Analysis of ${doc.uri} failed: ${e instanceof Error ? e.stack : e}`));
    });
  }

  /** Everything shown may have changed: refresh tokens and hints, analyse every open document again. */
  refreshEditors(): void {
    if (this.docs.caps.tokensRefresh) void this.connection.languages.semanticTokens.refresh();
    if (this.docs.caps.inlayRefresh) void this.connection.languages.inlayHint.refresh();
    for (const d of this.docs.all()) this.schedule(d, 0);
  }

  /** Tell the annotator once per document that a long one is analysed only where visible. */
  warnLarge(doc: TextDocument, s: HindiNewsSettings): void {
    if (this.largeWarned.has(doc.uri)) return;
    this.largeWarned.add(doc.uri);
    const name = decodeURIComponent(doc.uri.slice(doc.uri.lastIndexOf('/') + 1));
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Info,
      message: `Hindi News: ${name} is longer than ${s.maxFullDocumentSize.toLocaleString('en')} characters (hindiNews.maxFullDocumentSize), so names, parties and dates are highlighted only in the visible part, and the outline and counts are off for it. Raise the setting to analyse it whole.`,
    });
  }

  forget(uri: string): void {
    this.largeWarned.delete(uri);
  }
}
