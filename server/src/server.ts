/**
 * The language server: wiring only. Each LSP request and notification is
 * registered here with its handler; the state lives in
 * ./features/context.ts (built once per connection), the handlers in
 * ./features (one file per feature), the language logic in ./core. Run as
 * `node server/out/server.js --stdio`.
 */
// First: V8 settings that apply to the code compiled after them (see the module).
import './compilerFlags';
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { onCodeAction } from './features/annotationActions';
import * as annotationCommands from './features/annotationCommands';
import { onAnnotationRanges } from './features/annotationRanges';
import { commandContext, executeCommand } from './features/commandTable';
import { createServerContext, type ServerOptions } from './features/context';
import { onDocumentHighlight } from './features/documentHighlight';
import { onDocumentStats } from './features/documentStats';
import { onDocumentSymbol } from './features/documentSymbols';
import * as sync from './features/documentSync';
import { onEntities } from './features/entityTree';
import { onHover } from './features/hover';
import { onInlayHint } from './features/inlayHints';
import { initialize, initialized } from './features/lifecycle';
import { onReferences } from './features/references';
import { onReviewSummary } from './features/review';
import { onDeltaTokens, onFullTokens, onRangeTokens } from './features/semanticTokens';
import { onWorkspaceSymbol } from './features/workspaceSymbols';
import { AnnotationRangesRequest, DocumentStatsRequest, EntitiesRequest, KbCandidatesRequest, ReviewSummaryRequest } from './protocol';

export type { ServerOptions };

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const ctx = createServerContext(connection, options);
  const { documents } = ctx.docs;
  // The library exits at once when the editor goes away (input closed, parent gone): what is acknowledged is written first.
  process.on('exit', () => ctx.store.flushSync());

  // ---- lifecycle and document sync --------------------------------------------
  connection.onInitialize((p) => initialize(ctx, p));
  connection.onInitialized(() => initialized(ctx));
  connection.onShutdown(async () => void (await Promise.all([ctx.store.shutdown(), ctx.learning.save()])));
  connection.onDidChangeConfiguration((p) => sync.didChangeConfiguration(ctx, p));
  connection.onDidChangeWatchedFiles((p) => sync.didChangeWatchedFiles(ctx, p));
  connection.workspace.onDidRenameFiles((p) => sync.didRenameFiles(ctx, p));
  documents.onDidOpen((e) => sync.didOpen(ctx, e));
  documents.onDidChangeContent((e) => sync.didChangeContent(ctx, e));
  documents.onDidSave((e) => void ctx.store.saved(e.document.uri));
  documents.onDidClose((e) => sync.didClose(ctx, e));
  ctx.annotations.onDidChange?.((uri) => sync.annotationsChanged(ctx, uri));

  // ---- annotation commands ------------------------------------------------------
  connection.onExecuteCommand((p, token, workDone) => executeCommand(ctx, p, token, workDone));
  connection.onCodeAction((p) => onCodeAction(ctx, p));
  connection.onRequest(KbCandidatesRequest.type, (p) => annotationCommands.kbCandidates(commandContext(ctx), p));
  connection.onRequest(AnnotationRangesRequest.type, (p, token) => onAnnotationRanges(ctx, p, token));
  connection.onRequest(EntitiesRequest.type, (p, token) => onEntities(ctx, p, token));
  connection.onRequest(DocumentStatsRequest.type, (p, token) => onDocumentStats(ctx, p, token));
  connection.onRequest(ReviewSummaryRequest.type, (p, token) => onReviewSummary(ctx, p, token));

  // ---- language features --------------------------------------------------------
  connection.languages.semanticTokens.on((p, token) => onFullTokens(ctx, p, token));
  connection.languages.semanticTokens.onDelta((p, token) => onDeltaTokens(ctx, p, token));
  connection.languages.semanticTokens.onRange((p, token) => onRangeTokens(ctx, p, token));
  connection.languages.inlayHint.on((p, token) => onInlayHint(ctx, p, token));
  connection.onHover((p, token) => onHover(ctx, p, token));
  connection.onDocumentHighlight((p, token) => onDocumentHighlight(ctx, p, token));
  connection.onReferences((p, token) => onReferences(ctx, p, token));
  connection.onDocumentSymbol((p, token) => onDocumentSymbol(ctx, p, token));
  connection.onWorkspaceSymbol((p, token) => onWorkspaceSymbol(ctx, p, token));

  documents.listen(connection);
  connection.listen();
}

// Started as a program (the bundle), not imported by a test.
// Export worker threads load this bundle too; they must not start a server.
if (require.main === module && isMainThread) {
  const connection = createConnection(ProposedFeatures.all);
  // A failed notification or background task must not take the server down.
  process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`));
  startServer(connection);
}
