/**
 * Grow or shrink the tag under the cursor by one word at either edge, so a
 * wrong boundary is fixed in one key press instead of remove, reselect and
 * retag. Keys follow the direction the edge moves: Ctrl+Alt+. / Ctrl+Alt+,
 * move the end right / left; with Shift (> / <) they move the start.
 */
import * as vscode from 'vscode';
import { Commands, type ResizeArgs } from '../../../server/src/protocol';
import { activeArticle, flash, lspPosition, runServerCommand, vsRange, type ClientGetter } from './run';

async function resize(getClient: ClientGetter, edge: ResizeArgs['edge'], by: ResizeArgs['by']): Promise<boolean> {
  const a = activeArticle(getClient);
  if (!a) return false;
  const r = await runServerCommand(a.client, Commands.resize, { uri: a.uri, position: lspPosition(a.editor.selection.active), edge, by } satisfies ResizeArgs);
  if (!r) return false;
  if (r.range) {
    // Keep the cursor inside the tag so the next key press resizes it again.
    const range = vsRange(r.range);
    const inside = range.contains(a.editor.selection.active) ? a.editor.selection.active : range.start;
    a.editor.selection = new vscode.Selection(inside, inside);
    a.editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  flash(r.message, { undoable: true });
  return true;
}

export function registerResize(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.growTagEnd', () => resize(getClient, 'end', 1)),
    vscode.commands.registerCommand('hindiNews.shrinkTagEnd', () => resize(getClient, 'end', -1)),
    vscode.commands.registerCommand('hindiNews.growTagStart', () => resize(getClient, 'start', 1)),
    vscode.commands.registerCommand('hindiNews.shrinkTagStart', () => resize(getClient, 'start', -1)),
  ];
}
