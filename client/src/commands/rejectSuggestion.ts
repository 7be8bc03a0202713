/** Reject the suggestion under the cursor: it stays hidden while its text is unchanged. */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activeArticle, flash, lspPosition, runServerCommand, type ClientGetter } from './run';

export function registerRejectSuggestion(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.rejectSuggestion', async () => {
    const a = activeArticle(getClient);
    if (!a) return false;
    const r = await runServerCommand(a.client, Commands.reject, { uri: a.uri, position: lspPosition(a.editor.selection.active) });
    flash(r?.message, { undoable: true });
    return !!r;
  });
}
