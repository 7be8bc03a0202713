/** "Change Label…": relabel the tag (or accept the suggestion) under the cursor in place, from a quick pick of every label. */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { labelItems } from '../labels';
import { activeArticle, flash, lspPosition, runServerCommand, type ClientGetter } from './run';

export function registerChangeLabel(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.changeLabel', async (label?: unknown) => {
    const a = activeArticle(getClient);
    if (!a) return false;
    const name = typeof label === 'string' ? label : (await vscode.window.showQuickPick(labelItems(), { title: 'Change the label of the tag under the cursor to…' }))?.name;
    if (!name) return false;
    const r = await runServerCommand(a.client, Commands.relabel, { uri: a.uri, position: lspPosition(a.editor.selection.active), label: name });
    flash(r?.message, { undoable: true });
    return !!r;
  });
}
