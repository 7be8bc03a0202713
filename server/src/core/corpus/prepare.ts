/**
 * One article and its sidecar as an export document: its review status
 * decides whether it is exported, its confirmed annotations are the spans,
 * and its unreviewed suggestions (imported ones from the sidecar, the
 * recogniser's) are gathered apart when the record is to carry them.
 */
import { promises as fsp } from 'node:fs';
import { fromSidecar, readSidecar, reviewStatusFor, sidecarPath, type SidecarData } from '../annotations/sidecar';
import { reviewStatusOf, type ReviewStatus } from '../annotations/status';
import { docFromAnnotations, type ExportDoc } from '../export/doc';
import { CONLL_DOCSTART } from '../export/conll';
import type { Recognizer } from '../recognizer';
import { looksLikeArticle, readArticle } from './articles';

export interface PrepareOptions {
  /** Review statuses exported; articles of the others are left out and counted. */
  include: readonly ReviewStatus[];
  /** Gather unreviewed suggestions for `done` articles too (the others always carry theirs). */
  withSuggestions: boolean;
}

export type PrepResult =
  | { kind: 'doc'; doc: ExportDoc; notes: string[] }
  | { kind: 'leftOut'; id: string; status: ReviewStatus; notes: string[] }
  | { kind: 'skip'; id: string; path: string; reason: string }
  | { kind: 'error'; error: string };

type Suggestion = { start: number; end: number; label: string; entityId?: string; source?: string; reason?: string; confidence?: number };

/** Read one article and its sidecar into an export document. Never throws. */
export async function prepareArticle(path: string, id: string, opts: PrepareOptions, recognizer?: () => Recognizer): Promise<PrepResult> {
  try {
    const art = readArticle(path);
    if (!art.ok) return { kind: 'error', error: art.error };
    const text = art.doc.text;
    if (text.startsWith(CONLL_DOCSTART)) return { kind: 'skip', id, path, reason: 'a CoNLL export, not an article' };
    const scPath = sidecarPath(path);
    const link = await fsp.lstat(scPath).catch(() => undefined);
    if (link?.isSymbolicLink()) return { kind: 'error', error: `${scPath}: the annotations file is a symbolic link; links are not followed. Replace it with the file itself.` };
    const sc = await readSidecar(scPath);
    if (!sc.ok && sc.kind !== 'missing') return { kind: 'error', error: sc.error };
    // A text file nobody annotated and with no Devanagari in it (a README, an English note) is no article.
    if (!sc.ok && !looksLikeArticle(text, path)) return { kind: 'skip', id, path, reason: 'no Devanagari and no annotations: not an article (name it *.hindi.txt to export it anyway)' };
    const data: SidecarData | undefined = sc.ok ? sc.data : undefined;
    const status = reviewStatusFor(data, text);
    const notes: string[] = [];
    if (status !== reviewStatusOf(data)) {
      notes.push(`${path}: marked done, but its text changed since, so it counts as in progress (its new words were never reviewed); open it, review it and mark it done again`);
    }
    if (!opts.include.includes(status)) return { kind: 'leftOut', id, status, notes };
    const { set, stale, report } = fromSidecar(data ?? emptySidecar(), text);
    if (data && stale && report) {
      notes.push(`${path}: the article changed since it was annotated; ${report.moved.length} span(s) re-anchored, ${report.orphaned.length} orphaned (open it in the editor to review)`);
    }
    const gather = status !== 'done' || opts.withSuggestions;
    let suggestions: Suggestion[] = [];
    if (gather) {
      // Imported suggestions at their current offsets (the model re-anchors them when the article changed).
      const stored: Suggestion[] = set.suggestions().filter((x) => x.end > x.start && text.slice(x.start, x.end) === x.text);
      const machine = recognizer ? recognizer().recognize(text).spans : [];
      const seen = new Set<string>();
      const all: Suggestion[] = [];
      for (const s of [...stored, ...machine]) {
        const key = `${s.start}:${s.end}:${s.label}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const o: Suggestion = { start: s.start, end: s.end, label: s.label };
        if (s.entityId) o.entityId = s.entityId;
        if (s.source) o.source = s.source;
        if (s.reason) o.reason = s.reason;
        if (typeof (s as Suggestion).confidence === 'number') o.confidence = (s as Suggestion).confidence!;
        all.push(o);
      }
      suggestions = set.filterSuggestions(all);
    }
    const doc = docFromAnnotations(id, set, suggestions);
    doc.status = status;
    if (gather) doc.withSuggestions = true;
    return { kind: 'doc', doc, notes };
  } catch (e) {
    return { kind: 'error', error: `${path}: ${(e as Error).message}` };
  }
}

function emptySidecar(): SidecarData {
  return { schema: 'hindi-news-annotations', version: 1, article: '', contentHash: '', offsetUnit: 'codepoint', annotations: [], rejections: [], orphans: [] };
}
