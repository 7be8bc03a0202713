/** Accept the suggestion under the cursor with its label and knowledge-base link. */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activeArticle, flash, lspPosition, runServerCommand, type ClientGetter } from './run';

export function registerAcceptSuggestion(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.acceptSuggestion', async () => {
    const a = activeArticle(getClient);
    if (!a) return false;
    const r = await runServerCommand(a.client, Commands.accept, { uri: a.uri, position: lspPosition(a.editor.selection.active) });
    flash(r?.message, { undoable: true });
    return !!r;
  });
}
