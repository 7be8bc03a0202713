/**
 * Tag as PERSON / PARTY / DATE (or any label): the selection is tagged (the
 * server trims and snaps it to whole characters). With an empty selection the
 * suggestion or tag under the cursor gets the label instead.
 */
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activeArticle, flash, lspPosition, lspRange, runServerCommand, type ClientGetter } from './run';

export async function tagSelection(getClient: ClientGetter, label: string): Promise<boolean> {
  const a = activeArticle(getClient);
  if (!a) return false;
  const sel = a.editor.selection;
  const r = sel.isEmpty
    ? await runServerCommand(a.client, Commands.relabel, { uri: a.uri, position: lspPosition(sel.active), label })
    : await runServerCommand(a.client, Commands.tag, { uri: a.uri, range: lspRange(sel), label });
  flash(r?.message);
  return !!r;
}

export function registerTag(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.tagPerson', () => tagSelection(getClient, 'PERSON')),
    vscode.commands.registerCommand('hindiNews.tagParty', () => tagSelection(getClient, 'PARTY')),
    vscode.commands.registerCommand('hindiNews.tagDate', () => tagSelection(getClient, 'DATE')),
  ];
}
