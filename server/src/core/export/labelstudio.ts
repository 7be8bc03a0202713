/**
 * Label Studio tasks: a JSON array of
 * `{"id", "data": {"text"}, "annotations": [{"result": [...]}], "predictions": [...], "meta"}`.
 * Confirmed spans go in `annotations`, unreviewed suggestions in
 * `predictions` (shown as pre-annotations, never counted as labelled);
 * `meta.status` is the article's review status. An article that is not
 * `done` has no annotation (Label Studio would count it as labelled): its
 * confirmed spans are a prediction of their own, `model_version`
 * {@link LS_CONFIRMED_IN_PROGRESS}. A `done` article always has one
 * annotation, empty when it names nobody. Offsets are code points, as Label
 * Studio counts them; `meta.offsetUnit` says so. The results refer to a
 * labelling config with `<Labels name="label" toName="text">` and
 * `<Text name="text" value="$text"/>`.
 */
import type { ReviewStatus } from '../annotations/status';
import { codePointSpans, type ExportDoc } from './doc';

export const LS_FROM_NAME = 'label';
export const LS_TO_NAME = 'text';
export const LS_MODEL_VERSION = 'hindi-news-annotator';
/** `model_version` of the confirmed spans of an article still in progress. */
export const LS_CONFIRMED_IN_PROGRESS = 'hindi-news-annotator: confirmed, article in progress';

export interface LsResult {
  id: string;
  from_name: string;
  to_name: string;
  type: 'labels';
  value: { start: number; end: number; text: string; labels: string[] };
  meta?: { entityId: string };
  /** A suggestion's confidence in [0, 1] (Label Studio's region score). */
  score?: number;
}

export interface LsTask {
  id: number;
  data: { text: string; docId: string };
  annotations: Array<{ result: LsResult[] }>;
  /** `score`: the least confident suggestion's, so Label Studio can order tasks by it. */
  predictions: Array<{ model_version: string; result: LsResult[]; score?: number }>;
  meta: { docId: string; offsetUnit: 'codepoint'; status: ReviewStatus; orphans?: number };
}

/** One task; `taskId` numbers tasks within the exported file (from 1). */
export function toLabelStudioTask(doc: ExportDoc, taskId: number): LsTask {
  const confirmed: LsResult[] = [];
  const predicted: LsResult[] = [];
  codePointSpans(doc).forEach((s, i) => {
    const r: LsResult = {
      id: `${taskId}_${i + 1}`,
      from_name: LS_FROM_NAME,
      to_name: LS_TO_NAME,
      type: 'labels',
      value: { start: s.start, end: s.end, text: s.text, labels: [s.label] },
    };
    if (s.entityId) r.meta = { entityId: s.entityId };
    if (s.suggestion && typeof s.confidence === 'number') r.score = s.confidence;
    (s.suggestion ? predicted : confirmed).push(r);
  });
  const done = (doc.status ?? 'done') === 'done';
  const predictions: LsTask['predictions'] = [];
  // An unfinished article is no annotation in Label Studio (it would count as labelled): its confirmed spans are a prediction of their own.
  if (!done && confirmed.length) predictions.push({ model_version: LS_CONFIRMED_IN_PROGRESS, result: confirmed });
  if (predicted.length) {
    const scores = predicted.flatMap((r) => (r.score === undefined ? [] : [r.score]));
    predictions.push(scores.length ? { model_version: LS_MODEL_VERSION, result: predicted, score: Math.min(...scores) } : { model_version: LS_MODEL_VERSION, result: predicted });
  }
  const task: LsTask = {
    id: taskId,
    data: { text: doc.text, docId: doc.id },
    // A finished article is an annotation even with no span: a reviewed negative example.
    annotations: done ? [{ result: confirmed }] : [],
    predictions,
    meta: { docId: doc.id, offsetUnit: 'codepoint', status: doc.status ?? 'done' },
  };
  if (doc.orphans) task.meta.orphans = doc.orphans;
  return task;
}

/** A labelling config matching the exported results. */
export function labelStudioConfig(labels: Iterable<string>): string {
  const ls = [...new Set(labels)].sort();
  return `<View>\n  <Labels name="${LS_FROM_NAME}" toName="${LS_TO_NAME}">\n${ls.map((l) => `    <Label value="${xmlAttr(l)}"/>`).join('\n')}\n  </Labels>\n  <Text name="${LS_TO_NAME}" value="$text"/>\n</View>\n`;
}

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
