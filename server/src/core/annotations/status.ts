/**
 * Review status of an article, kept in its sidecar (`"status"`): `new` (never
 * touched), `inProgress` (an annotator has tagged, accepted or rejected
 * something) and `done` (the annotator said the article is finished). Exports
 * hold `done` articles by default, so a half-reviewed article is never
 * presented as finished.
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
