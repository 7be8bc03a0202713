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

/** Run a server command; a refusal or failure is shown as a warning and answered as undefined. */
export async function runServerCommand(client: LanguageClient, command: string, arg: unknown): Promise<Extract<CommandResult, { ok: true }> | undefined> {
  let r: CommandResult | null;
  try {
    r = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] });
  } catch (e) {
    void vscode.window.showErrorMessage(`Hindi News: ${command} failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  if (!r || !r.ok) {
    void vscode.window.showWarningMessage(`Hindi News: ${r?.message ?? 'the server did not answer.'}`);
    return undefined;
  }
  return r;
}

/** Brief confirmation in the status bar (a notification for every tag would be noise). */
export function flash(message: string | undefined): void {
  if (message) vscode.window.setStatusBarMessage(`$(check) ${message}`, 3000);
}
