/**
 * The server's answers to document and workspace events: articles opened,
 * edited, saved, closed and renamed; sidecars, knowledge-base files and
 * settings changed; annotations changed by a command.
 */
import { FileChangeType, type DidChangeConfigurationParams, type DidChangeWatchedFilesParams, type RenameFilesParams, type TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { articleForSidecar } from '../core/annotations/sidecar';
import type { ServerContext } from './context';
import { DEBOUNCE_MS } from './shownSpans';

/** An article's annotations changed: refresh what shows them. */
export function annotationsChanged(ctx: ServerContext, uri: string): void {
  if (!ctx.shown.annotationsChanged(uri)) return;
  const { caps } = ctx.docs;
  if (caps.tokensRefresh) void ctx.connection.languages.semanticTokens.refresh();
  if (caps.inlayRefresh) void ctx.connection.languages.inlayHint.refresh();
  const doc = ctx.docs.get(uri);
  if (doc) ctx.analysis.schedule(doc, 0);
}

export async function didOpen(ctx: ServerContext, e: TextDocumentChangeEvent<TextDocument>): Promise<void> {
  const uri = e.document.uri;
  // Before any await: edits that arrive while settings are fetched must reach the annotations.
  ctx.store.didOpen(uri, e.document.getText());
  if (await ctx.kb.isKbFile(uri)) {
    ctx.store.notAnArticle(uri);
    if (ctx.kb.setText(uri, e.document.getText())) ctx.kb.changed();
    else ctx.kb.publishDiagnostics(uri);
    return;
  }
  const h = await ctx.docs.handled(uri);
  if (h) ctx.store.open(h.doc.uri, h.doc.getText());
  else ctx.store.notAnArticle(uri);
  // Start at once, long articles too: the analysis yields between time slices, so the
  // editor's viewport request (range tokens) still gets in, and the full tokens that
  // follow it find the work under way.
  ctx.analysis.schedule(e.document, 0);
}

export async function didChangeContent(ctx: ServerContext, e: TextDocumentChangeEvent<TextDocument>): Promise<void> {
  const uri = e.document.uri;
  if (ctx.kb.has(uri) || (await ctx.kb.isKbFile(uri))) {
    ctx.analyzer.debounce(uri, DEBOUNCE_MS, () => {
      const d = ctx.docs.get(uri);
      if (d && ctx.kb.setText(d.uri, d.getText())) ctx.kb.changed();
    });
    return;
  }
  ctx.analysis.schedule(e.document, DEBOUNCE_MS);
}

export async function didClose(ctx: ServerContext, e: TextDocumentChangeEvent<TextDocument>): Promise<void> {
  const uri = e.document.uri;
  void ctx.store.close(uri);
  ctx.analyzer.forget(uri);
  ctx.tokens.forget(uri);
  ctx.shown.forget(uri);
  ctx.analysis.forget(uri);
  // A document the editor created and saved is an article on disk from now on.
  ctx.index.invalidate(uri);
  if (ctx.kb.has(uri) && (await ctx.kb.reloadFromDisk(uri))) ctx.kb.changed();
  ctx.docs.settings.drop(uri);
}

export async function didRenameFiles(ctx: ServerContext, e: RenameFilesParams): Promise<void> {
  for (const f of e.files) await ctx.store.renamed(f.oldUri, f.newUri);
}

export async function didChangeWatchedFiles(ctx: ServerContext, e: DidChangeWatchedFilesParams): Promise<void> {
  let kbChanged = false;
  for (const ch of e.changes) {
    const article = articleForSidecar(ch.uri);
    if (article) {
      await ctx.store.sidecarChanged(article);
      // Written by another tool (an import, another editor): the Review view follows.
      if (!ctx.docs.get(article)) void ctx.review.notify(article);
      continue;
    }
    if (await ctx.kb.isKbFile(ch.uri)) {
      if (ctx.docs.get(ch.uri)) continue; // the editor's text wins while open
      kbChanged = (await ctx.kb.reloadFromDisk(ch.uri)) || kbChanged;
      if (ch.type === FileChangeType.Deleted) kbChanged = ctx.kb.remove(ch.uri) || kbChanged;
    } else ctx.index.invalidate(ch.uri);
  }
  if (kbChanged) ctx.kb.changed();
}

export function didChangeConfiguration(ctx: ServerContext, change: DidChangeConfigurationParams): void {
  ctx.docs.settings.changed(change.settings);
  ctx.shown.clear();
  ctx.index.invalidate();
  void ctx.kb.scan();
  ctx.analysis.refreshEditors();
}
