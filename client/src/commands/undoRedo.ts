/**
 * Undo / redo of annotation actions (tag, remove, accept, reject, relabel,
 * accept all, resize, status changes), kept per article by the server. They
 * have their own keys (Ctrl+Alt+Z, Ctrl+Alt+Shift+Z): Ctrl+Z stays the
 * editor's text undo, so it never reverts an earlier text edit in place of an
 * accept.
 */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { articleFor, flash, runServerCommand, vsRange, type ClientGetter } from './run';

async function step(getClient: ClientGetter, command: string, arg: unknown): Promise<boolean> {
  const a = await articleFor(getClient, arg);
  if (!a) return false;
  const r = await runServerCommand(a.client, command, { uri: a.uri });
  if (!r) return false;
  flash(r.message ?? (command === Commands.undo ? 'Undone.' : 'Redone.'));
  // Show where the change happened when it is in the active editor.
  const editor = vscode.window.activeTextEditor;
  if (r.range && editor?.document.uri.toString() === a.uri) editor.revealRange(vsRange(r.range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

export function registerUndoRedo(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.undo', (arg?: unknown) => step(getClient, Commands.undo, arg)),
    vscode.commands.registerCommand('hindiNews.redo', (arg?: unknown) => step(getClient, Commands.redo, arg)),
  ];
}
