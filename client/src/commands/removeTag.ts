/** Remove the tag under the cursor. */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activeArticle, flash, lspPosition, runServerCommand, type ClientGetter } from './run';

export function registerRemoveTag(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.removeTag', async () => {
    const a = activeArticle(getClient);
    if (!a) return false;
    const r = await runServerCommand(a.client, Commands.removeTag, { uri: a.uri, position: lspPosition(a.editor.selection.active) });
    flash(r?.message, { undoable: true });
    return !!r;
  });
}
