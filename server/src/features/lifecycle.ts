/** `initialize` and `initialized`: what the server offers, and the registrations and scans that follow. */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { Commands, SEMANTIC_TOKENS_LEGEND } from '../protocol';
import type { ServerContext } from './context';
import { warmUpEditorPath, warmUpWhileIdle } from './warmUp';

export async function initialize(ctx: ServerContext, params: InitializeParams): Promise<InitializeResult> {
  ctx.docs.initialize(params);
  // Compile the recogniser's and the editor path's hot code and load the lexicons and weights
  // before the first document arrives (a few hundred milliseconds, while the client waits for
  // this answer anyway), so the first article is not analysed by a cold interpreter.
  await warmUpEditorPath(ctx.kb.recognizer);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
      hoverProvider: true,
      documentHighlightProvider: true,
      referencesProvider: true,
      workspaceSymbolProvider: true,
      documentSymbolProvider: { label: 'Hindi News' },
      inlayHintProvider: true,
      executeCommandProvider: { commands: Commands.all },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: {
        workspaceFolders: { supported: true, changeNotifications: true },
        // Sidecars follow their articles when the editor renames or moves them.
        fileOperations: { didRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*', matches: 'file' } }] } },
      },
    },
    serverInfo: { name: 'hindi-news-annotator' },
  };
}

export function initialized(ctx: ServerContext): void {
  const { connection, docs } = ctx;
  if (docs.caps.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hindiNews' });
  if (docs.caps.watchedFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.txt' }, { globPattern: '**/*.json' }] });
  }
  if (docs.caps.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      docs.folders = [...docs.folders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
      ctx.index.invalidate();
      void ctx.kb.scan();
    });
  }
  if (ctx.kb.store.failure) ctx.kb.changed();
  void ctx.learning.load().catch((e) => connection.console.error(`Reading the learned model failed: ${e}`));
  void ctx.kb.scan().catch((e) => connection.console.error(`Reading knowledge-base files failed: ${e}`));
  // The rest of the warm-up, while no document is open (see the function).
  void warmUpWhileIdle(ctx.kb.recognizer, () => docs.all().length > 0).then(
    (done) => {
      if (done) connection.console.log('Recogniser warm-up finished.');
    },
    (e) => connection.console.error(`The recogniser's warm-up failed: ${e}`),
  );
}
