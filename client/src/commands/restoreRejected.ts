/**
 * Restore a rejected suggestion: from the Rejected Suggestions view (inline
 * action, which passes the item), or from the palette with a pick of the
 * active article's rejections. It comes back as an unreviewed suggestion.
 */
import * as vscode from 'vscode';
import { Commands, type RestoreArgs } from '../../../server/src/protocol';
import type { ReviewState } from '../review/reviewState';
import type { RejectedNode } from '../views/rejectedView';
import { activeArticle, flash, runServerCommand, type ClientGetter } from './run';

function isNode(x: unknown): x is RejectedNode {
  return !!x && typeof x === 'object' && typeof (x as RejectedNode).uri === 'string' && typeof (x as RejectedNode).item?.id === 'string';
}

export function registerRestoreRejected(getClient: ClientGetter, review: ReviewState): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.restoreRejected', async (arg?: unknown) => {
    let target: { uri: string; id: string; text?: string } | undefined;
    if (isNode(arg)) target = { uri: arg.uri, id: arg.item.id, text: arg.item.text };
    else if (arg && typeof arg === 'object' && typeof (arg as RestoreArgs).uri === 'string' && typeof (arg as RestoreArgs).id === 'string') target = arg as RestoreArgs;
    else {
      const a = activeArticle(getClient);
      if (!a) return false;
      review.schedule(0);
      await review.settled();
      const list = review.rejectionsUri === a.uri ? (review.summary?.rejections ?? []) : [];
      if (!list.length) {
        void vscode.window.showInformationMessage(review.summary ? 'Hindi News: no rejected suggestions in this article.' : `Hindi News: ${review.error ?? 'the review state is not known yet.'}`);
        return false;
      }
      const pick = await vscode.window.showQuickPick(
        list.map((r) => ({ label: r.text, description: `${r.label} · line ${r.range.start.line + 1}`, r })),
        { title: 'Restore a rejected suggestion', placeHolder: 'It becomes an unreviewed suggestion again' },
      );
      if (!pick) return false;
      target = { uri: a.uri, id: pick.r.id, text: pick.r.text };
    }
    const client = getClient();
    if (!client) return false;
    const r = await runServerCommand(client, Commands.restoreRejected, { uri: target.uri, id: target.id } satisfies RestoreArgs);
    flash(r?.message ?? (r && target.text ? `Restored the suggestion “${target.text}”.` : undefined), { undoable: true });
    review.schedule();
    return !!r;
  });
}
