/**
 * How review state reads in the client (status bar, Review view, Explorer
 * badges): plain functions of the server's numbers, free of the VS Code API
 * so they are tested with Node alone.
 */
import type { DocumentStats, ReviewStatus, ReviewSummary } from '../../../server/src/protocol';

export const STATUS_LABEL: Record<ReviewStatus, string> = { new: 'New', inProgress: 'In progress', done: 'Done' };

/** Codicon per status, shared by the status bar and the Review view so one look means one state. */
export const STATUS_ICON: Record<ReviewStatus, string> = { new: 'circle-large-outline', inProgress: 'edit', done: 'pass-filled' };

/** Explorer badge per status (at most two characters); a `new` article gets none, so untouched folders stay quiet. */
export const STATUS_BADGE: Record<ReviewStatus, string | undefined> = { new: undefined, inProgress: '◐', done: '✓' };

/** Order in which statuses are grouped: what needs work first. */
export const STATUS_ORDER: readonly ReviewStatus[] = ['inProgress', 'new', 'done'];

const BUILTIN_LABELS = ['PERSON', 'PARTY', 'DATE'];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `12 of 40 done` (`0 articles` for an empty workspace). */
export function progressText(totals: ReviewSummary['totals']): string {
  if (totals.articles === 0) return 'no articles';
  return `${totals.byStatus.done ?? 0} of ${totals.articles} done`;
}

/** `3 in progress · 36 new`: the statuses other than done that have articles. */
export function remainingText(totals: ReviewSummary['totals']): string {
  const parts: string[] = [];
  if (totals.byStatus.inProgress) parts.push(`${totals.byStatus.inProgress} in progress`);
  if (totals.byStatus.new) parts.push(`${totals.byStatus.new} new`);
  return parts.join(' · ');
}

/** Labels of a span-count table in reading order: the built-in labels, then custom ones alphabetically. */
export function orderedLabels(spans: Record<string, number>): string[] {
  const custom = Object.keys(spans).filter((l) => !BUILTIN_LABELS.includes(l)).sort();
  return [...BUILTIN_LABELS.filter((l) => l in spans), ...custom];
}

/** `PERSON 12 · PARTY 3 · DATE 4` (labels with no span left out; `no confirmed spans` when all are). */
export function spansText(spans: Record<string, number>): string {
  const parts = orderedLabels(spans)
    .filter((l) => (spans[l] ?? 0) > 0)
    .map((l) => `${l} ${spans[l]}`);
  return parts.length ? parts.join(' · ') : 'no confirmed spans';
}

export interface ReviewCounts {
  confirmed: number;
  unreviewed: number;
  rejected?: number | undefined;
}

/** `5 confirmed · 40 unreviewed · 2 rejected`: the three numbers the status bar and the Review view show for an article. */
export function countsText(c: ReviewCounts): string {
  return `${c.confirmed} confirmed · ${c.unreviewed} unreviewed · ${c.rejected ?? 0} rejected`;
}

/**
 * An article's counts for a narrow sidebar: zeros left out (`5 confirmed · 20
 * unreviewed`), `nothing found` when all are zero. The tooltip has all three.
 */
export function compactCounts(c: ReviewCounts): string {
  const parts: string[] = [];
  if (c.confirmed) parts.push(`${c.confirmed} confirmed`);
  if (c.unreviewed) parts.push(`${c.unreviewed} unreviewed`);
  if (c.rejected) parts.push(`${c.rejected} rejected`);
  return parts.length ? parts.join(' · ') : 'nothing found';
}

/** The status bar's text for an article (codicons included); a large article says only that. */
export function statusBarText(stats: DocumentStats): string {
  if (stats.limited) return '$(warning) Hindi News: large file';
  const status = stats.status ?? 'new';
  return `$(tag) ${countsText(stats)}  $(${STATUS_ICON[status]}) ${STATUS_LABEL[status]}`;
}

/** The status bar's tooltip lines for an article, in Markdown (the table of labels is added by the caller). */
export function statusBarSummary(stats: DocumentStats): string {
  const status = stats.status ?? 'new';
  const lines = [
    `**${STATUS_LABEL[status]}** · ${plural(stats.confirmed, 'confirmed span')}, ${plural(stats.unreviewed, 'unreviewed suggestion')}, ${plural(stats.rejected ?? 0, 'rejected suggestion')}.`,
  ];
  if (status !== 'done' && stats.unreviewed > 0) lines.push('Next suggestion: Ctrl+Alt+], accept: Ctrl+Alt+Enter, reject: Ctrl+Alt+X, undo: Ctrl+Alt+Z.');
  else if (status !== 'done') lines.push('Every suggestion is reviewed: mark the article done (Hindi News: Mark Article Done).');
  return lines.join('\n\n');
}

/** Tooltip of an article's Explorer badge. */
export function decorationTooltip(a: { status: ReviewStatus; confirmed: number; unreviewed: number; rejected: number }): string {
  return `Hindi News: ${STATUS_LABEL[a.status].toLowerCase()} (${countsText(a)})`;
}

/** What a refused "mark done" asks, given how many suggestions are left. */
export function unreviewedQuestion(n: number): string {
  return `${plural(n, 'suggestion')} in this article ${n === 1 ? 'is' : 'are'} not reviewed yet. An article marked done is exported as finished: what should happen to ${n === 1 ? 'it' : 'them'}?`;
}

export interface MarkDoneChoices {
  review: string;
  accept: string;
  reject: string;
  /**
   * The buttons in the order the dialog shows them (Cancel comes last, from
   * VS Code). The first is the dialog's default, the one Enter presses: going
   * to review what is left, never a bulk accept or reject of N suggestions.
   */
  order: string[];
}

/** The answers to {@link unreviewedQuestion}. */
export function markDoneChoices(n: number): MarkDoneChoices {
  const review = n === 1 ? 'Review it first' : 'Review them first';
  const accept = `Accept all ${n}`;
  const reject = `Reject all ${n}`;
  return { review, accept, reject, order: [review, accept, reject] };
}

/** A tag that swallowed suggestions says so: `Tagged … It replaces the suggestions “a” and “b”.` */
export function replacedText(message: string | undefined, replaced: readonly string[]): string {
  const quoted = replaced.map((t) => `“${t}”`);
  const list = quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
  const base = message?.trim() ?? 'Tagged.';
  // The server may already name them; say it once.
  if (replaced.length && replaced.every((t) => base.includes(t)) && /replac/i.test(base)) return base;
  return `${base} It replaces the suggestion${replaced.length === 1 ? '' : 's'} ${list}.`;
}
