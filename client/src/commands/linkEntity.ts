/** Link the tagged person or party under the cursor to a knowledge-base entity, chosen in a quick pick. */
import * as vscode from 'vscode';
import { Commands, KbCandidatesRequest } from '../../../server/src/protocol';
import { activeArticle, flash, lspPosition, runServerCommand, type ClientGetter } from './run';

export function registerLinkEntity(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.linkEntity', async (entityId?: unknown) => {
    const a = activeArticle(getClient);
    if (!a) return false;
    const position = lspPosition(a.editor.selection.active);
    let id: string | null | undefined = typeof entityId === 'string' ? entityId : undefined;
    if (id === undefined) {
      const found = await a.client.sendRequest(KbCandidatesRequest.type, { uri: a.uri, position });
      if (!found) {
        void vscode.window.showWarningMessage('Hindi News: put the cursor on a tagged person or party to link it.');
        return false;
      }
      type Item = vscode.QuickPickItem & { id: string | null };
      const items: Item[] = found.candidates.map((c) => ({
        id: c.id,
        label: `${c.exact ? '$(star-full) ' : ''}${c.latin}`,
        description: `${c.name} · ${c.id}`,
        ...(c.detail ? { detail: c.detail } : {}),
        picked: c.id === found.entityId,
      }));
      if (found.entityId) items.unshift({ id: null, label: '$(close) Unlink', description: `now linked to ${found.entityId}` });
      const pick = await vscode.window.showQuickPick(items, {
        title: `Link “${found.text}” (${found.label}) to…`,
        placeHolder: 'Type a Latin or Devanagari name',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!pick) return false;
      id = pick.id;
    }
    const r = await runServerCommand(a.client, Commands.linkEntity, { uri: a.uri, position, entityId: id });
    flash(r?.message, { undoable: true });
    return !!r;
  });
}
