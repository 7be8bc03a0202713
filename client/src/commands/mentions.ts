/**
 * Whole-entity review: accept every unreviewed mention of the entity under
 * the cursor, or reject every suggestion of the string under the cursor (and
 * keep rejecting it), in the article or the whole workspace. Workspace-wide
 * changes ask first: they touch articles the annotator is not looking at.
 */
import * as vscode from 'vscode';
import { Commands, type MentionsArgs } from '../../../server/src/protocol';
import { activeArticle, flash, lspPosition, runServerCommand, type ClientGetter } from './run';

async function mentions(getClient: ClientGetter, command: string, scope: MentionsArgs['scope'], options?: { confirm?: boolean }): Promise<boolean> {
  const a = activeArticle(getClient);
  if (!a) return false;
  if (scope === 'workspace' && options?.confirm !== false) {
    const what = command === Commands.acceptMentions ? 'Accept every unreviewed mention of this entity in every article of the workspace?' : 'Reject every suggestion of this text in every article of the workspace?';
    const yes = command === Commands.acceptMentions ? 'Accept in workspace' : 'Reject in workspace';
    if ((await vscode.window.showWarningMessage(what, { modal: true, detail: 'Undo works per article (Ctrl+Alt+Z in each).' }, yes)) !== yes) return false;
  }
  const r = await runServerCommand(a.client, command, { uri: a.uri, position: lspPosition(a.editor.selection.active), scope } satisfies MentionsArgs);
  if (!r) return false;
  if (scope === 'workspace') void vscode.window.showInformationMessage(`Hindi News: ${r.message ?? `${r.count ?? 0} changed.`}`);
  else flash(r.message, { undoable: true });
  return true;
}

export function registerMentions(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.acceptMentions', () => mentions(getClient, Commands.acceptMentions, 'article')),
    vscode.commands.registerCommand('hindiNews.acceptMentionsInWorkspace', (o?: { confirm?: boolean }) => mentions(getClient, Commands.acceptMentions, 'workspace', o)),
    vscode.commands.registerCommand('hindiNews.rejectMentions', () => mentions(getClient, Commands.rejectMentions, 'article')),
    vscode.commands.registerCommand('hindiNews.rejectMentionsInWorkspace', (o?: { confirm?: boolean }) => mentions(getClient, Commands.rejectMentions, 'workspace', o)),
  ];
}
