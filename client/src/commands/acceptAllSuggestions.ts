/** Accept every unreviewed suggestion of the article (after a confirmation: it can tag many spans at once). */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activeArticle, runServerCommand, type ClientGetter } from './run';

export function registerAcceptAllSuggestions(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.acceptAllSuggestions', async (options?: { confirm?: boolean }) => {
    const a = activeArticle(getClient);
    if (!a) return false;
    if (options?.confirm !== false) {
      const yes = 'Accept all';
      const choice = await vscode.window.showWarningMessage('Accept every unreviewed suggestion in this article as a confirmed annotation?', { modal: true }, yes);
      if (choice !== yes) return false;
    }
    const r = await runServerCommand(a.client, Commands.acceptAll, { uri: a.uri });
    if (r?.message) void vscode.window.showInformationMessage(`Hindi News: ${r.message}`);
    return !!r;
  });
}
