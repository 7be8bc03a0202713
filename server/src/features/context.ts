/**
 * The language server's state, built once per connection and handed to
 * every handler: open documents and settings, annotations, analysis and its
 * caches, the knowledge base, the workspace index.
 */
import { ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { AnnotationStore } from './annotations';
import { BackgroundAnalysis } from './backgroundAnalysis';
import { DocumentAnalyzer } from './documents';
import type { AnnotationSource } from './entities';
import { KnowledgeBaseFiles } from './knowledgeBaseFiles';
import { LearningState } from './learning';
import { OpenDocuments } from './openDocuments';
import { ReviewState } from './review';
import { SemanticTokensCache } from './semanticTokens';
import { ShownSpansCache } from './shownSpans';
import { WorkspaceIndex } from './workspaceIndex';

/** Hooks for other parts of the extension (the annotation feature) that run inside the server. */
export interface ServerOptions {
  annotations?: AnnotationSource;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly docs: OpenDocuments;
  /** The annotations of open articles, kept in step with edits and saved to sidecars. */
  readonly store: AnnotationStore;
  /** What the shown spans merge with the suggestions (the store unless a test passes another). */
  readonly annotations: AnnotationSource;
  readonly analyzer: DocumentAnalyzer;
  readonly shown: ShownSpansCache;
  readonly analysis: BackgroundAnalysis;
  readonly kb: KnowledgeBaseFiles;
  /** Mentions of the articles that are not open. */
  readonly index: WorkspaceIndex;
  readonly tokens: SemanticTokensCache;
  /** Review status and counts of every article. */
  readonly review: ReviewState;
  /** What the recogniser learned from the annotations of this workspace (`.hindi-news/model.json`). */
  readonly learning: LearningState;
}

export function createServerContext(connection: Connection, options: ServerOptions = {}): ServerContext {
  const docs: OpenDocuments = new OpenDocuments(connection, {
    edit: (uri, start, end, text) => store.edit(uri, start, end, text),
    replace: (uri, text) => store.replace(uri, text),
    synced: (uri, text) => store.synced(uri, text),
  });
  const store = new AnnotationStore({
    text: (uri) => docs.get(uri)?.getText(),
    publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    showMessage: (type, message) => void connection.sendNotification(ShowMessageNotification.type, { type, message }),
    log: (m) => connection.console.info(m),
    reviewChanged: (uri) => void ctx.review.notify(uri),
  });
  const kb: KnowledgeBaseFiles = new KnowledgeBaseFiles(connection, docs, () => {
    analyzer.setRecognizer(kb.recognizer);
    shown.clear();
    index.invalidate();
    analysis.refreshEditors();
  });
  const analyzer = new DocumentAnalyzer(kb.recognizer);
  const annotations = options.annotations ?? store;
  const analysis = new BackgroundAnalysis(connection, docs, analyzer, annotations);
  const shown = new ShownSpansCache(docs, analyzer, annotations, (doc, delay) => analysis.schedule(doc, delay));
  analysis.shown = shown;
  const index = new WorkspaceIndex({
    folders: () => docs.folders,
    settings: (folder) => docs.settings.get(folder),
    recognizer: () => kb.recognizer,
    log: (m) => connection.console.info(m),
  });
  const learning = new LearningState({
    connection,
    folders: () => docs.folders,
    text: (uri) => docs.get(uri)?.getText(),
    annotations: (uri) => store.annotations(uri),
    baseRecognizer: () => kb.baseRecognizer,
    setLearned: (learned) => kb.setLearned(learned),
  });
  store.onDidChange((uri) => learning.annotationsChanged(uri));
  const ctx: ServerContext = { connection, docs, store, annotations, analyzer, shown, analysis, kb, index, tokens: new SemanticTokensCache(), review: undefined as never, learning };
  (ctx as { review: ReviewState }).review = new ReviewState(ctx);
  return ctx;
}
