/**
 * Label Studio tasks: a JSON array of
 * `{"id", "data": {"text"}, "annotations": [{"result": [...]}], "predictions": [...], "meta"}`.
 * Confirmed spans go in `annotations`, unreviewed suggestions in
 * `predictions` (shown as pre-annotations). Offsets are code points, as Label
 * Studio counts them; `meta.offsetUnit` says so. The results refer to a
 * labelling config with `<Labels name="label" toName="text">` and
 * `<Text name="text" value="$text"/>`.
 */
import { codePointSpans, type ExportDoc } from './doc';

export const LS_FROM_NAME = 'label';
export const LS_TO_NAME = 'text';
export const LS_MODEL_VERSION = 'hindi-news-annotator';

export interface LsResult {
  id: string;
  from_name: string;
  to_name: string;
  type: 'labels';
  value: { start: number; end: number; text: string; labels: string[] };
  meta?: { entityId: string };
}

export interface LsTask {
  id: number;
  data: { text: string; docId: string };
  annotations: Array<{ result: LsResult[] }>;
  predictions: Array<{ model_version: string; result: LsResult[] }>;
  meta: { docId: string; offsetUnit: 'codepoint'; orphans?: number };
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
    (s.suggestion ? predicted : confirmed).push(r);
  });
  const task: LsTask = {
    id: taskId,
    data: { text: doc.text, docId: doc.id },
    annotations: confirmed.length ? [{ result: confirmed }] : [],
    predictions: predicted.length ? [{ model_version: LS_MODEL_VERSION, result: predicted }] : [],
    meta: { docId: doc.id, offsetUnit: 'codepoint' },
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
