/**
 * Next / previous unreviewed suggestion: selects it and scrolls it into view.
 * When the article has none left the server names the article to continue
 * in (`uri`): it is opened and the walk goes on there, so a corpus is
 * reviewed with one key.
 */
import * as vscode from 'vscode';
import { Commands, type PositionArgs } from '../../../server/src/protocol';
import { articleName } from '../views/reviewView';
import { activeArticle, lspPosition, runServerCommand, vsRange, type ClientGetter } from './run';

async function go(getClient: ClientGetter, command: string): Promise<boolean> {
  const a = activeArticle(getClient);
  if (!a) return false;
  const r = await runServerCommand(a.client, command, { uri: a.uri, position: lspPosition(a.editor.selection.active) } satisfies PositionArgs);
  if (!r) return false;
  let editor = a.editor;
  let range = r.range ? vsRange(r.range) : undefined;
  if (r.uri && r.uri !== a.uri) {
    editor = await vscode.window.showTextDocument(vscode.Uri.parse(r.uri), { preview: false });
    vscode.window.setStatusBarMessage(`$(arrow-right) No unreviewed suggestion left in ${articleName(a.uri)}: on to ${articleName(r.uri)}`, 4000);
    if (!range) {
      // The server named the article but not the place: start from its top (or its end, going back).
      const from = command === Commands.nextUnreviewed ? new vscode.Position(0, 0) : editor.document.lineAt(editor.document.lineCount - 1).range.end;
      const again = await runServerCommand(a.client, command, { uri: r.uri, position: lspPosition(from) } satisfies PositionArgs);
      range = again?.range && !again.uri ? vsRange(again.range) : undefined;
    }
  } else vscode.window.setStatusBarMessage(`${r.wrapped ? '$(debug-restart) Wrapped around the article: ' : '$(arrow-right) '}${r.message ?? ''}`, 3000);
  if (!range) return false;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

export function registerNavigateUnreviewed(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.nextUnreviewed', () => go(getClient, Commands.nextUnreviewed)),
    vscode.commands.registerCommand('hindiNews.previousUnreviewed', () => go(getClient, Commands.previousUnreviewed)),
  ];
}
