/** Next / previous unreviewed suggestion: selects it and scrolls it into view. */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activeArticle, lspPosition, runServerCommand, vsRange, type ClientGetter } from './run';

async function go(getClient: ClientGetter, command: string): Promise<boolean> {
  const a = activeArticle(getClient);
  if (!a) return false;
  const r = await runServerCommand(a.client, command, { uri: a.uri, position: lspPosition(a.editor.selection.active) });
  if (!r?.range) return false;
  const range = vsRange(r.range);
  a.editor.selection = new vscode.Selection(range.start, range.end);
  a.editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (r.wrapped) vscode.window.setStatusBarMessage('Hindi News: search wrapped around the article', 2000);
  return true;
}

export function registerNavigateUnreviewed(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.nextUnreviewed', () => go(getClient, Commands.nextUnreviewed)),
    vscode.commands.registerCommand('hindiNews.previousUnreviewed', () => go(getClient, Commands.previousUnreviewed)),
  ];
}
