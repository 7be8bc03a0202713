/**
 * The export pipeline the command line and the language server share: find
 * the articles (never through links, never inside an export), decide where
 * the output goes (refusing what would overwrite articles or unrelated
 * files), read each article with its sidecar, keep the statuses asked for,
 * and stream the documents to the format's writer.
 */
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import type { ReviewStatus } from '../annotations/status';
import { exportDocuments, isFileOutput, type ExportFormat, type ExportSummary } from '../export/index';
import type { ExportDoc } from '../export/doc';
import type { SplitSpec } from '../export/split';
import { builtinKnowledgeBase } from '../kb/builtin';
import type { KnowledgeBase } from '../kb/load';
import { Recognizer } from '../recognizer';
import { kbEntityResolver } from './entities';
import { OutputError, planExportOutput, realPathOf } from './output';
import { POOL_SCRIPT, PrepPool } from './pool';
import { prepareArticle, type PrepareOptions, type PrepResult } from './prepare';
import { inspectStray, strayMessage } from './strays';
import { findArticles } from './walk';
import { SIDECAR_SUFFIX } from '../annotations/sidecar';

/** Default name of the export folder inside a workspace folder (`hindiNews.exportFolder`). */
export const DEFAULT_EXPORT_FOLDER = 'exports';

export interface ExportCorpusOptions {
  format: ExportFormat;
  /** Output file or folder. */
  out: string;
  /** Also export articles still in progress (their records say so). */
  includeInProgress?: boolean;
  /** Also export articles nobody has reviewed yet (status `new`). */
  includeNew?: boolean;
  /** Gather unreviewed suggestions for `done` articles too. */
  withSuggestions?: boolean;
  /** Write into a non-empty folder the export did not create, or over an existing file. */
  force?: boolean;
  split?: SplitSpec;
  /** Worker threads for recognising; defaults to the number of cores. */
  jobs?: number;
  /** Export folder names relative to each folder exported, skipped (default `exports`). */
  exportFolders?: readonly string[];
  /** Folders the output must not leave through a link when it is inside them by name (the workspace folders). */
  confines?: readonly string[];
  /** Folders document ids are relative to when an article is inside one (the workspace folders; see `walk.ts`). */
  idRoots?: readonly string[];
  /** Knowledge base for entity links (brat normalisation) and suggestions; the built-in one by default. */
  kb?: KnowledgeBase;
  signal?: AbortSignal;
  onProgress?: (documents: number, total: number) => void;
  /** Each problem (naming the file) and each note, as it happens. */
  onMessage?: (message: string, severity: 'error' | 'warning' | 'info') => void;
  /** Script the worker threads run; defaults to the pool module (see `pool.ts`). */
  workerScript?: string;
}

export interface ExportCorpusResult extends ExportSummary {
  /** Files that could not be exported. */
  errors: number;
  /** Entries deliberately not read (links, exports, non-regular files), with reasons given through `onMessage`. */
  skipped: number;
  /** Articles left out by review status. */
  leftOut: Partial<Record<ReviewStatus, number>>;
}

/** Export the articles under `paths`. Rejects with an {@link OutputError} when the output is refused (nothing written). */
export async function exportCorpus(paths: readonly string[], o: ExportCorpusOptions): Promise<ExportCorpusResult> {
  const say = o.onMessage ?? (() => undefined);
  let errors = 0;
  const outReal = await realPathOf(o.out);
  const found = await findArticles(paths, { exportFolders: o.exportFolders ?? [DEFAULT_EXPORT_FOLDER], excludeDirs: [outReal], ...(o.idRoots ? { idRoots: o.idRoots } : {}) });
  for (const e of found.errors) {
    errors++;
    say(e, 'error');
  }
  for (const s of found.skipped) say(`skipped ${s.path}: ${s.reason}`, s.kind === 'export' ? 'info' : 'warning');
  // Annotations whose article went away are data the export cannot hold: each is an error, never silence.
  for (const p of found.strays) {
    const s = await inspectStray(p);
    if (s.error) {
      errors++;
      say(`${s.error} (its article ${basename(p.slice(0, -SIDECAR_SUFFIX.length))} is missing too)`, 'error');
    } else if (s.annotations) {
      errors++;
      say(strayMessage(s), 'error');
    }
  }
  const items: Array<{ path: string; id: string }> = [];
  const seen = new Map<string, string>();
  for (const a of found.articles) {
    const prev = seen.get(a.id);
    if (prev !== undefined) {
      errors++;
      say(`${a.path}: same document id "${a.id}" as ${prev}; export the folders separately or rename one`, 'error');
      continue;
    }
    seen.set(a.id, a.path);
    items.push({ path: a.path, id: a.id });
  }
  const articles = new Set(found.articles.map((a) => a.realPath));
  const plan = await planExportOutput({
    out: o.out,
    isFile: isFileOutput(o.format, o.out, !!o.split),
    force: !!o.force,
    articles,
    rootFolders: found.rootFolders,
    // The exported folders as given, too: their real paths may differ (a linked /tmp) and still hold a planted link.
    confines: [...(o.confines ?? []), ...paths].map((c) => resolve(c)),
  });
  for (const n of plan.notes) say(n, 'info');

  const include: ReviewStatus[] = ['done'];
  if (o.includeInProgress) include.push('inProgress');
  if (o.includeNew) include.push('new');
  const prepOpts: PrepareOptions = { include, withSuggestions: !!o.withSuggestions };
  const recognises = !!o.withSuggestions || include.length > 1;
  let local: Recognizer | undefined;
  const localRecognizer = () => (local ??= new Recognizer(o.kb ? { kb: o.kb } : {}));
  if (recognises) {
    // Fail once, clearly, when the recogniser cannot start (for example a broken knowledge base), not once per file.
    try {
      localRecognizer().recognize('');
    } catch (e) {
      throw new Error(`cannot make suggestions: ${(e as Error).message}`);
    }
  }
  const jobs = Math.max(1, o.jobs ?? availableParallelism());
  // Workers get a copy of the knowledge base in use, so suggestions are the same as in one thread.
  const pool =
    recognises && jobs > 1 && items.length > 1 ? new PrepPool(Math.min(jobs, items.length), o.workerScript ?? POOL_SCRIPT, (m) => say(m, 'warning'), localRecognizer, o.kb) : undefined;
  const prep = (it: { path: string; id: string }) => (pool ? pool.run(it.path, it.id, prepOpts) : prepareArticle(it.path, it.id, prepOpts, localRecognizer));
  const window = pool ? jobs * 4 : 8;
  const total = items.length;
  const leftOut: Partial<Record<ReviewStatus, number>> = {};
  let skipped = found.skipped.length;

  async function* docs(): AsyncGenerator<ExportDoc> {
    const q: Array<Promise<PrepResult>> = [];
    let i = 0;
    while (i < items.length || q.length) {
      while (i < items.length && q.length < window) q.push(prep(items[i++]!));
      const r = await q.shift()!;
      if (r.kind === 'error') {
        errors++;
        say(r.error, 'error');
      } else if (r.kind === 'leftOut') {
        leftOut[r.status] = (leftOut[r.status] ?? 0) + 1;
        for (const n of r.notes) say(n, 'warning');
      }
      else if (r.kind === 'skip') {
        skipped++;
        say(`skipped ${r.path}: ${r.reason}`, 'warning');
      } else {
        for (const n of r.notes) say(n, 'warning');
        yield r.doc;
      }
    }
  }

  try {
    const summary = await exportDocuments(docs(), {
      format: o.format,
      out: o.out,
      plan,
      forbidden: articles,
      resolver: kbEntityResolver(o.kb ?? localRecognizerKb()),
      ...(o.split ? { split: o.split } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (n) => o.onProgress?.(n, total),
      onRefused: (m) => {
        errors++;
        say(m, 'error');
      },
    });
    return { ...summary, errors, skipped, leftOut };
  } finally {
    await pool?.close();
  }
}

function localRecognizerKb(): KnowledgeBase | undefined {
  try {
    return builtinKnowledgeBase();
  } catch {
    return undefined;
  }
}

const STATUS_WORDS: Record<ReviewStatus, string> = { new: 'new (never reviewed)', inProgress: 'in progress', done: 'done' };

/**
 * Why articles were left out, in one line, or undefined when none were.
 * `hints` says how to include each status (`--include-in-progress`, or the editor's choice).
 */
export function formatLeftOut(leftOut: Partial<Record<ReviewStatus, number>>, hints: Partial<Record<ReviewStatus, string>>): string | undefined {
  const parts = (['inProgress', 'new'] as const)
    .filter((s) => leftOut[s])
    .map((s) => `${leftOut[s]} ${STATUS_WORDS[s]}${hints[s] ? ` (${hints[s]})` : ''}`);
  const total = Object.values(leftOut).reduce((a, b) => a + (b ?? 0), 0);
  if (!total) return undefined;
  return `left out ${total} article${total === 1 ? '' : 's'} not marked done: ${parts.join(', ')}`;
}

export { OutputError };
