/**
 * Review status of an article, kept in its sidecar (`"status"`): `new` (never
 * touched), `inProgress` (an annotator has tagged, accepted or rejected
 * something) and `done` (the annotator said the article is finished). Exports
 * hold `done` articles by default, so a half-reviewed article is never
 * presented as finished.
 *
 * A done article whose words change (typed in the editor, or the file
 * changed on disk since it was marked done) is in progress again: the new
 * words were never reviewed. Whitespace and line endings alone keep it done.
 * Suggestions that appear later in unchanged text (a better recogniser, a
 * learned name) do not reopen it: the annotator read that text and decided;
 * the Review view and the export count them instead.
 */
export const REVIEW_STATUSES = ['new', 'inProgress', 'done'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** True when `x` is one of {@link REVIEW_STATUSES}. */
export function isReviewStatus(x: unknown): x is ReviewStatus {
  return typeof x === 'string' && (REVIEW_STATUSES as readonly string[]).includes(x);
}

/**
 * The status of an article from its sidecar's fields. Sidecars written before
 * the status existed have none: an article with any annotation, orphan or
 * rejection was worked on (`inProgress`), one without was never touched
 * (`new`); neither is ever taken for `done`.
 */
export function reviewStatusOf(data: { status?: unknown; annotations?: readonly unknown[]; rejections?: readonly unknown[]; orphans?: readonly unknown[] } | undefined): ReviewStatus {
  if (!data) return 'new';
  if (isReviewStatus(data.status)) return data.status;
  const touched = (data.annotations?.length ?? 0) + (data.rejections?.length ?? 0) + (data.orphans?.length ?? 0) > 0;
  return touched ? 'inProgress' : 'new';
}

/**
 * Whether `a` and `b` hold the same words: they differ at most in whitespace
 * that separates the same words (a line rewrapped, a space doubled, a final
 * newline, `\r\n` for `\n`). Joining two words or splitting one is a change.
 */
export function sameWords(a: string, b: string): boolean {
  return a === b || squeeze(a).trim() === squeeze(b).trim();
}

/**
 * Whether replacing `[start, end)` of `text` by `inserted` keeps its words
 * (see {@link sameWords}): the changed part and one character on each side
 * are compared with runs of whitespace taken as one space.
 */
export function editKeepsWords(text: string, start: number, end: number, inserted: string): boolean {
  const from = Math.max(0, start - 1);
  const to = Math.min(text.length, end + 1);
  let before = squeeze(text.slice(from, to));
  let after = squeeze(text.slice(from, start) + inserted + text.slice(end, to));
  if (before === after) return true;
  // At either end of the text, whitespace separates nothing.
  if (from === 0) {
    before = before.trimStart();
    after = after.trimStart();
  }
  if (to === text.length) {
    before = before.trimEnd();
    after = after.trimEnd();
  }
  return before === after;
}

function squeeze(s: string): string {
  return s.replace(/\s+/gu, ' ');
}
