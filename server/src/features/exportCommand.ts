/**
 * The editor's "Export annotations": the corpus pipeline (`core/corpus`),
 * shared with `hindi-news export`, with work-done progress and cancellation.
 * Pending annotations are written first, so the export sees what the editor
 * shows. The scope is any mix of articles and folders (`ExportArgs.uris`:
 * this article, open editors, an Explorer selection), every workspace
 * folder by default.
 */
import { isAbsolute } from 'node:path';
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import { exportCorpus, formatLeftOut, OutputError } from '../core/corpus/index';
import { isInside } from '../core/corpus/walk';
import { EXPORT_FORMATS, formatSummary, type ExportFormat } from '../core/export/index';
import type { KnowledgeBase } from '../core/kb/load';
import type { CommandResult, ExportArgs } from '../protocol';
import { uriPath } from './files';

const MAX_PROBLEMS = 20;

export interface ExportContext {
  /** Workspace folder URIs (the default scope, and where the output may not leave through a link). */
  folders: readonly string[];
  /** `hindiNews.exportFolder` of a workspace folder. */
  exportFolder(folderUri: string): Promise<string>;
  /** The knowledge base in use (workspace files included), for entity links and suggestions. */
  kb?: KnowledgeBase;
  flush(): Promise<void>;
  /** Articles whose annotations are still not on disk after {@link flush} (a write that keeps failing), with why. */
  pending?(): Array<{ uri: string; error?: string }>;
  /** Done articles with unreviewed suggestions (found after they were marked done) and how many. */
  doneWithSuggestions?(): Promise<Array<{ uri: string; unreviewed: number }>>;
  /** Open articles with unsaved text changes (URIs): the export reads what their files hold. */
  unsavedText?(): Promise<string[]>;
  /** A server-created progress also has a token (its cancel button). */
  progress: WorkDoneProgressReporter & { token?: CancellationToken };
  token: CancellationToken;
  log(message: string): void;
}

export async function exportCommand(args: ExportArgs, ctx: ExportContext): Promise<CommandResult> {
  const format = args?.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) return { ok: false, message: `Unknown export format "${String(args?.format)}": use one of ${EXPORT_FORMATS.join(', ')}.` };
  const out = typeof args.out === 'string' ? (args.out.startsWith('file:') ? uriPath(args.out) : args.out) : '';
  if (!out || !isAbsolute(out)) return { ok: false, message: 'Choose an output folder (an absolute path) for the export.' };
  const uris = args.uris?.length ? args.uris : ctx.folders;
  const paths = uris.filter((u) => u.startsWith('file:')).map(uriPath);
  if (paths.length === 0) return { ok: false, message: 'Nothing to export: open a folder, or choose a folder to export.' };
  let split: { ratios: [number, number, number]; seed: number } | undefined;
  if (args.split) {
    const [a = 0, b = 0, c = 0] = args.split.ratios ?? [];
    if (![a, b, c].every((x) => Number.isFinite(x) && x >= 0) || a + b + c <= 0) return { ok: false, message: 'The split needs non-negative train/dev/test shares such as 80/10/10.' };
    split = { ratios: [a, b, c], seed: Number.isInteger(args.split.seed) ? args.split.seed! : 0 };
  }
  const folderPaths = ctx.folders.filter((f) => f.startsWith('file:')).map(uriPath);
  const exportFolders = [...new Set(await Promise.all(ctx.folders.map((f) => ctx.exportFolder(f))))].filter((f) => f);
  await ctx.flush();
  // What could not be written is not in the export: the files hold the annotations last saved. Say so, by article.
  const inScope = (uri: string) => uri.startsWith('file:') && paths.some((root) => isInside(uriPath(uri), root));
  const unsaved = (ctx.pending?.() ?? []).filter((p) => inScope(p.uri));
  const unsavedText = ((await ctx.unsavedText?.()) ?? []).filter(inScope);
  const abort = new AbortController();
  const cancel = () => abort.abort();
  const subs = [ctx.token.onCancellationRequested(cancel)];
  if (ctx.progress.token) subs.push(ctx.progress.token.onCancellationRequested(cancel));
  const problems: string[] = [];
  ctx.progress.begin('Exporting annotations', 0, `to ${out}`, true);
  try {
    const summary = await exportCorpus(paths, {
      format,
      out,
      withSuggestions: !!args.withSuggestions,
      includeInProgress: !!args.includeInProgress,
      includeNew: !!args.includeNew,
      force: !!args.force,
      exportFolders,
      confines: folderPaths,
      // An article keeps its workspace-relative id whatever the scope (this article, a selection, the workspace).
      idRoots: folderPaths,
      ...(ctx.kb ? { kb: ctx.kb } : {}),
      ...(split ? { split } : {}),
      signal: abort.signal,
      onProgress: (n, total) => ctx.progress.report(total ? Math.round((100 * n) / total) : 0, `${n} of ${total} articles`),
      onMessage: (m, severity) => {
        ctx.log(`export ${severity}: ${m}`);
        if (severity !== 'info' && problems.length < MAX_PROBLEMS) problems.push(m);
      },
    });
    let text = formatSummary(summary, out);
    if (unsaved.length) {
      const names = unsaved.slice(0, 5).map((p) => uriPath(p.uri)).join(', ') + (unsaved.length > 5 ? ', …' : '');
      const warning = `${unsaved.length} article(s) have annotations that could not be saved yet (${names}${unsaved[0]!.error ? `: ${unsaved[0]!.error}` : ''}); the export holds their annotations as last saved. Fix that and export again.`;
      text = `${warning}\n${text}`;
      problems.unshift(warning);
    }
    if (unsavedText.length) {
      const n = unsavedText.length;
      const names = unsavedText.slice(0, 5).map(uriPath).join(', ') + (n > 5 ? ', …' : '');
      const warning = `${n} open article${n === 1 ? ' has' : 's have'} unsaved changes (${names}): the export holds the text as saved, with the annotations placed in it; those on unsaved text are left out. Save ${n === 1 ? 'it' : 'them'} and export again.`;
      text = `${warning}\n${text}`;
      problems.unshift(warning);
    }
    if (!args.withSuggestions) {
      const late = ((await ctx.doneWithSuggestions?.()) ?? []).filter((a) => inScope(a.uri));
      if (late.length) {
        const n = late.length;
        const m = late.reduce((x, a) => x + a.unreviewed, 0);
        const names = late.slice(0, 5).map((a) => uriPath(a.uri)).join(', ') + (n > 5 ? ', …' : '');
        const warning = `${n} done article${n === 1 ? ' holds' : 's hold'} ${m} suggestion${m === 1 ? '' : 's'} found after ${n === 1 ? 'it was' : 'they were'} marked done (${names}): exported as marked, without ${m === 1 ? 'it' : 'them'}. If ${m === 1 ? 'it may be a name' : 'they may be names'} the annotator missed, review ${m === 1 ? 'it' : 'them'} (Next Unreviewed) and export again.`;
        text += `\n${warning}`;
        problems.push(warning);
      }
    }
    const left = formatLeftOut(summary.leftOut, { inProgress: 'include articles in progress to export them', new: 'include articles nobody has reviewed to export them' });
    if (left) text += `\n${left}`;
    if (summary.errors) text += `\n${summary.errors} problem(s); see the output`;
    const { documents, spans, suggestions, orphans, files, cancelled, errors, skipped, leftOut } = summary;
    return { ok: true, message: text, summary: { format, documents, spans, suggestions, orphans, files, cancelled, errors, skipped, text, problems, leftOut } };
  } catch (e) {
    if (e instanceof OutputError) return { ok: false, message: `Nothing was exported: ${e.message}` };
    return { ok: false, message: `Export failed: ${(e as Error).message}` };
  } finally {
    for (const s of subs) s.dispose();
    ctx.progress.done();
  }
}
