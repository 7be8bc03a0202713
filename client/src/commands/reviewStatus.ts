/**
 * Mark the article done, or reopen it. Marking done while suggestions are
 * still unreviewed asks what to do with them (review them first, the
 * default; accept all; reject all; or cancel): an article marked done is exported as finished, so its unreviewed
 * names must not silently become negative examples. After marking done, the
 * next article to review is one click away.
 */
import * as vscode from 'vscode';
import { Commands, type SetStatusArgs } from '../../../server/src/protocol';
import { markDoneChoices, unreviewedQuestion } from '../review/format';
import type { ReviewState } from '../review/reviewState';
import { articleName } from '../views/reviewView';
import { articleFor, flash, sendServerCommand, type ClientGetter } from './run';

/** Options when called with arguments (tests, other extensions): what to do with unreviewed suggestions, without asking. */
export interface MarkDoneOptions {
  unreviewed?: 'accept' | 'reject';
}

async function markDone(getClient: ClientGetter, review: ReviewState, arg: unknown, options: MarkDoneOptions | undefined): Promise<boolean> {
  const a = await articleFor(getClient, arg);
  if (!a) return false;
  const args: SetStatusArgs = { uri: a.uri, status: 'done', ...(options?.unreviewed ? { unreviewed: options.unreviewed } : {}) };
  let r = await sendServerCommand(a.client, Commands.setStatus, args);
  if (r && !r.ok && r.unreviewed) {
    // The first button is the dialog's default (Enter): going to what is left, never a bulk accept or reject.
    const choices = markDoneChoices(r.unreviewed);
    const choice = await vscode.window.showWarningMessage(
      unreviewedQuestion(r.unreviewed),
      { modal: true, detail: 'Accepting makes them confirmed spans; rejecting keeps them out of the dataset (both can be undone with Ctrl+Alt+Z). Reviewing goes to the next one; mark the article done when none is left.' },
      ...choices.order,
    );
    if (!choice) return false;
    if (choice === choices.review) return reviewFirst(a.uri);
    r = await sendServerCommand(a.client, Commands.setStatus, { ...args, unreviewed: choice === choices.accept ? 'accept' : 'reject' } satisfies SetStatusArgs);
  }
  if (!r) return false;
  if (!r.ok) {
    void vscode.window.showWarningMessage(`Hindi News: ${r.message}`);
    return false;
  }
  flash(r.message ?? `${articleName(a.uri)} is done.`, { undoable: true });
  void offerNext(review, a.uri);
  return true;
}

/** "Review them first": the article in front, its next unreviewed suggestion selected; the article stays as it was. */
async function reviewFirst(uri: string): Promise<false> {
  const active = vscode.window.activeTextEditor;
  if (active?.document.uri.toString() !== uri) {
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: false });
    editor.selection = new vscode.Selection(0, 0, 0, 0);
  }
  await vscode.commands.executeCommand('hindiNews.nextUnreviewed');
  return false;
}

/** "Done (3 of 5). Next: 002.txt [Open next]", once the Review state knows the new totals. */
async function offerNext(review: ReviewState, done: string): Promise<void> {
  review.schedule(0);
  await review.settled();
  const s = review.summary;
  if (!s) return;
  const progress = `${s.totals.byStatus.done} of ${s.totals.articles} done`;
  if (!s.next || s.next === done) {
    void vscode.window.showInformationMessage(`Hindi News: ${articleName(done)} is done — ${progress}.`);
    return;
  }
  const open = 'Open next';
  const choice = await vscode.window.showInformationMessage(`Hindi News: ${articleName(done)} is done — ${progress}. Next to review: ${articleName(s.next)}.`, open);
  if (choice === open) await vscode.window.showTextDocument(vscode.Uri.parse(s.next), { preview: false });
}

async function reopen(getClient: ClientGetter, arg: unknown): Promise<boolean> {
  const a = await articleFor(getClient, arg);
  if (!a) return false;
  const r = await sendServerCommand(a.client, Commands.setStatus, { uri: a.uri, status: 'inProgress' } satisfies SetStatusArgs);
  if (!r) return false;
  if (!r.ok) {
    void vscode.window.showWarningMessage(`Hindi News: ${r.message}`);
    return false;
  }
  flash(r.message ?? `${articleName(a.uri)} is in progress again.`, { undoable: true });
  return true;
}

export function registerReviewStatus(getClient: ClientGetter, review: ReviewState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.markDone', (arg?: unknown, options?: MarkDoneOptions) =>
      // Called with only options (tests, keybinding args): the active article.
      arg && typeof arg === 'object' && 'unreviewed' in arg && !options ? markDone(getClient, review, undefined, arg as MarkDoneOptions) : markDone(getClient, review, arg, options),
    ),
    vscode.commands.registerCommand('hindiNews.reopenArticle', (arg?: unknown) => reopen(getClient, arg)),
  ];
}
