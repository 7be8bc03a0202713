/**
 * Review commands (`workspace/executeCommand`): the article's review status,
 * undo and redo of annotation actions, growing and shrinking a tag by a word,
 * accepting or rejecting every mention at once, restoring a rejection.
 */
import { historyOf } from '../core/annotations/history';
import type { AnnotationSet } from '../core/annotations/model';
import { growByWord, shrinkByWord } from '../core/annotations/snap';
import { isReviewStatus } from '../core/annotations/status';
import { normalizeKey } from '../core/normalize';
import { findSkipRegions } from '../core/skip';
import type { CommandResult, MentionsArgs, ResizeArgs, RestoreArgs, SetStatusArgs } from '../protocol';
import { changed, CHANGED_MEANWHILE, changedMeanwhile, fail, isResult, step, suggestionAt, target, type CommandContext } from './annotationCommands';
import { entityKey, type ShownSpan } from './entities';
import { toRange } from './positions';

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

const TOO_LARGE = 'The article is too large to review as a whole (hindiNews.maxFullDocumentSize).';

/** What settling did: how many were accepted or rejected, and the suggestions that could not be accepted, with why. */
interface Settled {
  n: number;
  failed: Array<{ span: ShownSpan; message: string }>;
}

/** Accept or reject every unreviewed suggestion in `spans`. */
function settle(set: AnnotationSet, spans: readonly ShownSpan[], how: 'accept' | 'reject', skipped: ReturnType<typeof findSkipRegions>): Settled {
  const out: Settled = { n: 0, failed: [] };
  for (const s of spans) {
    if (s.confirmed) continue;
    if (how === 'reject') {
      set.reject(s);
      out.n++;
      continue;
    }
    const r = set.accept(s, { skipped });
    if (r.ok) out.n++;
    else out.failed.push({ span: s, message: r.message });
  }
  return out;
}

/**
 * The suggestions of `failed` still unreviewed: not hidden by a span just
 * accepted over them (an overlapping suggestion that lost to its neighbour).
 */
function stillUnreviewed(set: AnnotationSet, failed: Settled['failed']): Settled['failed'] {
  return failed.filter((f) => set.filterSuggestions([f.span]).length > 0);
}

/**
 * `setStatus`: `done` with unreviewed suggestions left is refused with their
 * number (`unreviewed`), unless the argument says to accept or reject them.
 */
export async function setStatus(ctx: CommandContext, args: SetStatusArgs): Promise<CommandResult> {
  if (!isReviewStatus(args?.status)) return fail(`"${String(args?.status)}" is not a review status: use "new", "inProgress" or "done".`);
  if (args.unreviewed !== undefined && args.unreviewed !== 'accept' && args.unreviewed !== 'reject') return fail(`"unreviewed" must be "accept" or "reject", not ${JSON.stringify(args.unreviewed)}.`);
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const status = args.status;
  let settled = 0;
  if (status === 'done') {
    const spans = await ctx.shown(t.doc);
    if (!spans) return fail(TOO_LARGE);
    const left = spans.filter((s) => !s.confirmed);
    if (left.length && !args.unreviewed) {
      return { ok: false, unreviewed: left.length, message: `${plural(left.length, 'unreviewed suggestion')} left in this article: accept or reject ${left.length === 1 ? 'it' : 'them'} before marking it done.` };
    }
    if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
    const skipped = findSkipRegions(t.doc.getText());
    let left2: Settled['failed'] = [];
    step(t.set, `mark done${left.length ? ` (${args.unreviewed} ${plural(left.length, 'suggestion')})` : ''}`, () => {
      if (args.unreviewed) {
        const r = settle(t.set, left, args.unreviewed, skipped);
        settled = r.n;
        left2 = stillUnreviewed(t.set, r.failed);
      }
      // Never done with a suggestion left unreviewed (one inside a URL cannot be accepted).
      if (!left2.length) t.set.setReviewStatus('done');
    });
    if (left2.length) {
      if (settled) changed(ctx, t.doc.uri);
      const first = left2[0]!;
      return {
        ok: false,
        unreviewed: left2.length,
        ...(settled ? { count: settled } : {}),
        message: `Accepted ${plural(settled, 'suggestion')}, but ${plural(left2.length, 'suggestion')} could not be accepted (“${first.span.text}”: ${first.message}), so the article is not marked done. Reject ${left2.length === 1 ? 'it' : 'them'} or tag the text yourself, then mark it done.`,
      };
    }
  } else {
    step(t.set, status === 'new' ? 'mark new' : 'reopen', () => t.set.setReviewStatus(status));
  }
  changed(ctx, t.doc.uri);
  const what = status === 'done' ? 'done' : status === 'new' ? 'new' : 'in progress';
  const extra = settled ? ` (${args.unreviewed === 'accept' ? 'accepted' : 'rejected'} ${plural(settled, 'suggestion')})` : '';
  return { ok: true, status: t.set.reviewStatus, ...(settled ? { count: settled } : {}), message: `Marked the article ${what}${extra}.` };
}

async function undoRedo(ctx: CommandContext, args: { uri: string }, which: 'undo' | 'redo'): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const h = historyOf(t.set);
  const r = which === 'undo' ? h.undo() : h.redo();
  if (!r) return fail(which === 'undo' ? 'No annotation action to undo in this article.' : 'No annotation action to redo in this article.');
  changed(ctx, t.doc.uri);
  const orphans = r.restoredAsOrphans ? ` ${plural(r.restoredAsOrphans, 'annotation')} came back as orphaned: the text ${r.restoredAsOrphans === 1 ? 'it' : 'they'} covered was edited since.` : '';
  return { ok: true, status: t.set.reviewStatus, message: `${which === 'undo' ? 'Undid' : 'Redid'}: ${r.label}.${orphans}` };
}

/** `undo`: take back the article's last annotation action (never a text edit). */
export const undo = (ctx: CommandContext, args: { uri: string }) => undoRedo(ctx, args, 'undo');
/** `redo`: do again the last undone annotation action. */
export const redo = (ctx: CommandContext, args: { uri: string }) => undoRedo(ctx, args, 'redo');

/** `resize`: the tag under the cursor grows (`by` 1) or shrinks (-1) by one word at `edge`. */
export async function resize(ctx: CommandContext, args: ResizeArgs): Promise<CommandResult> {
  if (args?.edge !== 'start' && args?.edge !== 'end') return fail('"edge" must be "start" or "end".');
  if (args.by !== 1 && args.by !== -1) return fail('"by" must be 1 (grow) or -1 (shrink).');
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const a = t.set.at(t.offset);
  if (!a) return fail((await suggestionAt(ctx, t)) ? 'This is a suggestion: accept it first, then resize the tag.' : 'There is no tag under the cursor.');
  const text = t.doc.getText();
  const r = args.by === 1 ? growByWord(text, a.start, a.end, args.edge) : shrinkByWord(text, a.start, a.end, args.edge);
  if (!r) return fail(args.by === 1 ? `“${a.text}” cannot grow at its ${args.edge}: no word there before punctuation or the line's edge.` : `“${a.text}” is one word: remove the tag instead of shrinking it.`);
  const [s, e] = r;
  const blocker = t.set.annotations().find((b) => b.id !== a.id && b.start < e && s < b.end);
  if (blocker) return fail(`Growing “${a.text}” would overlap the ${blocker.label} tag “${blocker.text}”.`);
  const ok = step(t.set, `${args.by === 1 ? 'grow' : 'shrink'} “${a.text}”`, () => {
    const removed = t.set.remove(a.id)!;
    if (t.set.insert({ ...removed, start: s, end: e, text: text.slice(s, e) })) return true;
    t.set.insert(removed);
    return false;
  });
  if (!ok) return fail(`“${text.slice(s, e)}” cannot be tagged there.`);
  changed(ctx, t.doc.uri);
  return { ok: true, range: toRange(t.doc, s, e), message: `${a.label} “${text.slice(s, e)}”.` };
}

/** `restoreRejected`: a rejected suggestion (by id, as the review summary lists them) is suggested again. */
export async function restoreRejected(ctx: CommandContext, args: RestoreArgs): Promise<CommandResult> {
  if (typeof args?.id !== 'string') return fail('The command needs the rejection\'s "id" (listed by hindiNews/reviewSummary with "uri").');
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const r = step(t.set, `restore “${t.set.rejected().find((x) => x.id === args.id)?.text ?? args.id}”`, () => t.set.unreject(args.id));
  if (!r) return fail(`No rejected suggestion with id ${args.id} in this article.`);
  changed(ctx, t.doc.uri);
  return { ok: true, range: toRange(t.doc, r.start, r.end), message: `Restored the suggestion “${r.text}” (${r.label}).` };
}

/** What one article's mentions command did. */
export interface MentionsOutcome {
  count: number;
  articles: number;
  problems: string[];
}

/** Workspace scope: apply to every other article (open ones through the store, closed ones through their sidecars). */
export type WorkspaceMentions = (fromUri: string, match: (s: { label: string; text: string; entityId?: string }) => boolean, how: 'accept' | 'reject') => Promise<MentionsOutcome>;

async function mentions(ctx: CommandContext, args: MentionsArgs, how: 'accept' | 'reject', workspace: WorkspaceMentions | undefined): Promise<CommandResult> {
  if (args?.scope !== 'article' && args?.scope !== 'workspace') return fail('"scope" must be "article" or "workspace".');
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const under = await suggestionAt(ctx, t);
  const tagged = t.set.at(t.offset);
  const span = under ?? tagged;
  if (!span) return fail('Put the cursor on a suggestion or a tag.');
  // Accept: the same entity (knowledge-base id or label and spelling). Reject: the same string, whatever its label.
  const key = entityKey(span as ShownSpan);
  const str = normalizeKey(span.text);
  const match = (s: { label: string; text: string; entityId?: string }) => (how === 'accept' ? entityKey(s as ShownSpan) === key : normalizeKey(s.text) === str);
  const spans = await ctx.shown(t.doc);
  if (!spans) return fail(TOO_LARGE);
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  const mine = spans.filter((s) => !s.confirmed && match(s));
  const n = step(t.set, `${how} every “${span.text}”`, () => settle(t.set, mine, how, findSkipRegions(t.doc.getText())).n);
  if (n) changed(ctx, t.doc.uri);
  let total = n;
  let articles = n ? 1 : 0;
  const problems: string[] = [];
  if (args.scope === 'workspace' && workspace) {
    const w = await workspace(t.doc.uri, match, how);
    total += w.count;
    articles += w.articles;
    problems.push(...w.problems);
  }
  const done = how === 'accept' ? 'Accepted' : 'Rejected';
  const where = args.scope === 'workspace' ? ` in ${plural(articles, 'article')}` : '';
  const warn = problems.length ? ` ${plural(problems.length, 'article')} could not be changed: ${problems.slice(0, 3).join('; ')}.` : '';
  return { ok: true, count: total, message: total ? `${done} ${plural(total, 'mention')} of “${span.text}”${where}.${warn}` : `No unreviewed mention of “${span.text}” left${where}.${warn}` };
}

/** `acceptMentions`: every unreviewed mention of the entity under the cursor, in the article or the workspace. */
export const acceptMentions = (ctx: CommandContext, args: MentionsArgs, workspace?: WorkspaceMentions) => mentions(ctx, args, 'accept', workspace);
/** `rejectMentions`: every unreviewed suggestion of the string under the cursor; rejections are kept in each article's sidecar. */
export const rejectMentions = (ctx: CommandContext, args: MentionsArgs, workspace?: WorkspaceMentions) => mentions(ctx, args, 'reject', workspace);
