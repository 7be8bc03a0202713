/**
 * Add the tagged name under the cursor to the workspace knowledge base
 * (`hindi-news.hnkb.json`), after asking for its Latin spelling (a
 * transliteration is proposed by the server when left empty).
 */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activeArticle, lspPosition, runServerCommand, type ClientGetter } from './run';

export function registerAddToKnowledgeBase(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.addToKnowledgeBase', async (latinArg?: unknown) => {
    const a = activeArticle(getClient);
    if (!a) return false;
    let latin = typeof latinArg === 'string' ? latinArg : undefined;
    if (latin === undefined) {
      latin = await vscode.window.showInputBox({
        title: 'Add to the workspace knowledge base',
        prompt: 'Latin spelling of the name (leave empty for a transliteration)',
        placeHolder: 'e.g. Ramesh Kumar',
      });
      if (latin === undefined) return false;
    }
    const r = await runServerCommand(a.client, Commands.addToKnowledgeBase, { uri: a.uri, position: lspPosition(a.editor.selection.active), ...(latin.trim() ? { latin: latin.trim() } : {}) });
    if (r?.message) void vscode.window.showInformationMessage(`Hindi News: ${r.message}`);
    return !!r;
  });
}
