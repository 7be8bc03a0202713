/**
 * Tag as PERSON / PARTY / DATE (or any label). The server snaps the selection
 * to whole words (Devanagari-aware; spaces, punctuation and postpositions at
 * the edges trimmed); "Tag Exactly" keeps it as selected, down to part of a
 * word. With an empty selection the suggestion or tag under the cursor gets
 * the label instead. A tag that swallowed suggestions says which, with an
 * Undo button; words tagged inside a longer suggestion offer to tag the
 * whole suggestion instead.
 */
import * as vscode from 'vscode';
import { Commands, type TagArgs } from '../../../server/src/protocol';
import { replacedText } from '../review/format';
import { activeArticle, flash, lspPosition, lspRange, runServerCommand, vsRange, type ClientGetter } from './run';

export async function tagSelection(getClient: ClientGetter, label: string, opts: { exact?: boolean } = {}): Promise<boolean> {
  const a = activeArticle(getClient);
  if (!a) return false;
  const sel = a.editor.selection;
  if (sel.isEmpty && opts.exact) {
    void vscode.window.showWarningMessage('Hindi News: select the characters to tag first (Tag Exactly tags the selection as it is).');
    return false;
  }
  const r = sel.isEmpty
    ? await runServerCommand(a.client, Commands.relabel, { uri: a.uri, position: lspPosition(sel.active), label })
    : await runServerCommand(a.client, Commands.tag, { uri: a.uri, range: lspRange(sel), label, ...(opts.exact ? { exact: true } : {}) } satisfies TagArgs);
  if (!r) return false;
  // Show what was tagged: after snapping it may be more or less than the selection.
  if (r.range && !sel.isEmpty && vscode.window.activeTextEditor === a.editor) {
    const range = vsRange(r.range);
    a.editor.selection = new vscode.Selection(range.end, range.end);
  }
  if (r.suggestionRange && r.suggestion) {
    // The words selected were tagged; the suggestion around them is offered, not forced.
    const whole = `Tag “${r.suggestion.text}”`;
    const tagged = r.range;
    const around = r.suggestionRange;
    void vscode.window.showInformationMessage(`Hindi News: ${r.message ?? 'Tagged.'}`, whole).then(async (c) => {
      if (c !== whole || !tagged) return;
      const removed = await runServerCommand(a.client, Commands.removeTag, { uri: a.uri, position: tagged.start });
      if (removed) await runServerCommand(a.client, Commands.tag, { uri: a.uri, range: around, label } satisfies TagArgs);
    });
  } else if (r.replaced?.length) {
    const undo = 'Undo';
    void vscode.window.showInformationMessage(`Hindi News: ${replacedText(r.message, r.replaced)}`, undo).then((c) => {
      if (c === undo) void vscode.commands.executeCommand('hindiNews.undo', a.uri);
    });
  } else flash(r.message, { undoable: true });
  return true;
}

export function registerTag(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.tagPerson', () => tagSelection(getClient, 'PERSON')),
    vscode.commands.registerCommand('hindiNews.tagParty', () => tagSelection(getClient, 'PARTY')),
    vscode.commands.registerCommand('hindiNews.tagDate', () => tagSelection(getClient, 'DATE')),
  ];
}
