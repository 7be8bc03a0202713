/**
 * Annotation actions on an article marked done. A done article is exported
 * as finished, so it must hold no suggestion nobody reviewed (the guarantee
 * INCEpTION gives by locking finished documents) without making a quick
 * correction cost a reopen and a new "done" (doccano and Label Studio keep
 * an edited finished item finished):
 *
 * - an action after which nothing is left unreviewed (a relabel, a resize, a
 *   new tag, an accept) keeps the article done, and its message says so;
 * - an action that leaves suggestions unreviewed (removing a tag that covered
 *   one, restoring a rejection, shrinking a tag) moves the article back to
 *   `inProgress`, as part of the same undo step, and its message says why.
 *
 * Text edits are no annotation action; an edit that changes the article's
 * words puts a done article back in progress all the same (the core model
 * does, see `core/annotations/status.ts`), outside the undo history.
 */
import { historyOf } from '../core/annotations/history';
import { Commands, type CommandResult } from '../protocol';
import type { CommandContext } from './annotationCommands';

/** Commands that change an article's annotations (not navigation, status, undo and redo, or export). */
export const ANNOTATION_ACTIONS: ReadonlySet<string> = new Set([
  Commands.tag,
  Commands.removeTag,
  Commands.accept,
  Commands.acceptAll,
  Commands.reject,
  Commands.relabel,
  Commands.linkEntity,
  Commands.addToKnowledgeBase,
  Commands.resize,
  Commands.acceptMentions,
  Commands.rejectMentions,
  Commands.restoreRejected,
]);

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** Run an annotation `action` on the article `arg.uri` and keep its review status true (see the module comment). */
export async function keepDoneHonest(ctx: CommandContext, arg: unknown, action: () => Promise<CommandResult | null>): Promise<CommandResult | null> {
  const uri = (arg as { uri?: unknown } | undefined)?.uri;
  const before = typeof uri === 'string' ? (await ctx.store.ready(uri))?.set : undefined;
  const stepsBefore = before ? historyOf(before).steps : 0;
  const r = await action();
  if (!r?.ok || typeof uri !== 'string') return r;
  const set = (await ctx.store.ready(uri))?.set;
  if (!set || set.reviewStatus !== 'done') return r;
  const history = historyOf(set);
  if (history.steps === (set === before ? stepsBefore : 0)) return r;
  const doc = await ctx.document(uri);
  const spans = doc ? await ctx.shown(doc) : undefined;
  const left = spans?.filter((s) => !s.confirmed).length ?? 0;
  const message = r.message ? `${r.message} ` : '';
  if (!left) return { ...r, status: 'done', message: `${message}The article stays marked done.` };
  history.amendStatus('inProgress', 'reopen');
  ctx.store.changed(uri);
  ctx.reviewChanged?.(uri);
  const are = left === 1 ? 'is' : 'are';
  return { ...r, status: 'inProgress', message: `${message}The article was marked done and is in progress again: ${plural(left, 'suggestion')} ${are} unreviewed (mark it done once ${left === 1 ? 'it is' : 'they are'} reviewed).` };
}
