/**
 * Shared plumbing of the annotation commands: the active article, the
 * running client, and sending one server command (`workspace/executeCommand`)
 * whose refusals are shown to the user here.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { CommandResult, LspPosition, LspRange } from '../../../server/src/protocol';

export type ClientGetter = () => LanguageClient | undefined;

export interface ActiveArticle {
  editor: vscode.TextEditor;
  client: LanguageClient;
  uri: string;
}

/** The active editor and the running client, or undefined after telling the user why not. */
export function activeArticle(getClient: ClientGetter): ActiveArticle | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Hindi News: open an article first.');
    return undefined;
  }
  const client = getClient();
  if (!client) {
    void vscode.window.showWarningMessage('Hindi News: the language server is not running; restart it with "Hindi News: Restart Language Server".');
    return undefined;
  }
  return { editor, client, uri: editor.document.uri.toString() };
}

export const lspPosition = (p: vscode.Position): LspPosition => ({ line: p.line, character: p.character });
export const lspRange = (r: vscode.Range): LspRange => ({ start: lspPosition(r.start), end: lspPosition(r.end) });
export const vsRange = (r: LspRange): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export type CommandDone = Extract<CommandResult, { ok: true }>;

/** JSON-RPC "method not found"; the language client answers it for a command the server does not register. */
const UNKNOWN_COMMAND = /not found|unknown command|-32601/i;

/**
 * Send a server command and answer its result as is (refusals included), for
 * commands that act on a refusal (mark done asks what to do with unreviewed
 * suggestions); undefined after a failure, which is shown.
 */
export async function sendServerCommand(client: LanguageClient, command: string, arg: unknown): Promise<CommandResult | undefined> {
  try {
    const r = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] });
    if (!r) void vscode.window.showWarningMessage('Hindi News: the server did not answer.');
    return r ?? undefined;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(
      UNKNOWN_COMMAND.test(msg)
        ? `Hindi News: this version of the language server does not know ${command}; update the extension or restart the server.`
        : `Hindi News: ${command} failed: ${msg}`,
    );
    return undefined;
  }
}

/** Run a server command; a refusal or failure is shown as a warning and answered as undefined. */
export async function runServerCommand(client: LanguageClient, command: string, arg: unknown): Promise<CommandDone | undefined> {
  const r = await sendServerCommand(client, command, arg);
  if (!r) return undefined;
  if (!r.ok) {
    void vscode.window.showWarningMessage(`Hindi News: ${r?.message ?? 'the server did not answer.'}`);
    return undefined;
  }
  return r;
}

/**
 * Brief confirmation in the status bar (a notification for every tag would be
 * noise). After an annotation change it names the annotation undo key, since
 * Ctrl+Z stays the editor's text undo.
 */
export function flash(message: string | undefined, opts: { undoable?: boolean } = {}): void {
  if (message) vscode.window.setStatusBarMessage(`$(check) ${message}${opts.undoable ? '  (undo: Ctrl+Alt+Z)' : ''}`, opts.undoable ? 5000 : 3000);
}

/**
 * The article a command acts on: a URI or a Review view item it was given
 * (context menus pass them), else the active editor's document. Opening it
 * makes the server load it, since commands work on open articles.
 */
export async function articleFor(getClient: ClientGetter, arg: unknown): Promise<{ client: LanguageClient; uri: string } | undefined> {
  const given = uriOf(arg);
  if (!given) {
    const a = activeArticle(getClient);
    return a && { client: a.client, uri: a.uri };
  }
  const client = getClient();
  if (!client) {
    void vscode.window.showWarningMessage('Hindi News: the language server is not running; restart it with "Hindi News: Restart Language Server".');
    return undefined;
  }
  if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === given.toString())) {
    try {
      await vscode.workspace.openTextDocument(given);
    } catch (e) {
      void vscode.window.showErrorMessage(`Hindi News: cannot open ${given.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }
  return { client, uri: given.toString() };
}

/** A URI from a command argument: a Uri, a URI string, or a view item holding one (`{article: {uri}}`, `{uri}`). */
export function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return /^[a-z][\w+.-]*:/i.test(arg) ? vscode.Uri.parse(arg) : undefined;
  if (arg && typeof arg === 'object') {
    const o = arg as { uri?: unknown; article?: { uri?: unknown }; resourceUri?: unknown };
    if (o.article && typeof o.article.uri === 'string') return vscode.Uri.parse(o.article.uri);
    if (typeof o.uri === 'string') return vscode.Uri.parse(o.uri);
    if (o.uri instanceof vscode.Uri) return o.uri;
    if (o.resourceUri instanceof vscode.Uri) return o.resourceUri;
  }
  return undefined;
}
