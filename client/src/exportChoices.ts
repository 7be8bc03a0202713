/**
 * The export's remembered choices and what they turn into: the server's
 * {@link ExportArgs}, the one-line description shown before exporting, the
 * notification after it, and "Export again". Kept free of the VS Code API
 * (the command in commands/exportAnnotations.ts does the asking and the
 * storing in workspace state), so it is tested with Node alone.
 */
import * as path from 'node:path';
import { DEFAULT_SETTINGS, exportFolderOf, type ExportArgs, type ExportResultSummary, type ReviewStatus } from '../../server/src/protocol';

export type ExportFormat = ExportArgs['format'];

export const FORMATS: ReadonlyArray<{ value: ExportFormat; label: string; description: string }> = [
  { value: 'jsonl', label: 'JSONL', description: 'Prodigy, doccano, spaCy: {"id","text","spans","meta"}' },
  { value: 'conll', label: 'CoNLL-2003 BIO', description: 'one token per line' },
  { value: 'brat', label: 'brat standoff', description: '.txt + .ann pairs' },
  { value: 'labelstudio', label: 'Label Studio', description: 'tasks JSON with predictions' },
];

/** What the annotator chose last time; each export asks only for the scope and offers these. */
export interface ExportChoices {
  format: ExportFormat;
  /** Also export unreviewed suggestions (kept apart from confirmed spans). */
  withSuggestions: boolean;
  /** Also export articles still in progress; by default only articles marked done. */
  includeInProgress: boolean;
  /** Also export articles nobody has reviewed (marked new: their suggestions apart, no confirmed span). */
  includeNew: boolean;
  /** `new`: a fresh time-stamped folder under `hindiNews.exportFolder` each time; `folder`: always this folder. */
  output: { kind: 'new' } | { kind: 'folder'; path: string };
}

export const DEFAULT_CHOICES: ExportChoices = { format: 'jsonl', withSuggestions: false, includeInProgress: false, includeNew: false, output: { kind: 'new' } };

/** Which articles an export takes. `uris` absent: every workspace folder. */
export interface ExportScope {
  kind: 'article' | 'openEditors' | 'selection' | 'folder' | 'workspace';
  uris?: string[];
  /** How the scope reads in messages: `001.txt`, `3 open articles`, `the whole workspace`. */
  label: string;
}

/** The last export, as stored for "Export again". */
export interface LastExport {
  scope: ExportScope;
  choices: ExportChoices;
  /** Workspace folder (path) the time-stamped output folders go under. */
  base: string;
}

const isFormat = (x: unknown): x is ExportFormat => FORMATS.some((f) => f.value === x);
const SCOPE_KINDS: ReadonlyArray<ExportScope['kind']> = ['article', 'openEditors', 'selection', 'folder', 'workspace'];

/** Stored choices read back defensively: workspace state may hold what an older version wrote, or nothing. */
export function readChoices(raw: unknown): ExportChoices {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const o = (r.output && typeof r.output === 'object' ? r.output : {}) as Record<string, unknown>;
  return {
    format: isFormat(r.format) ? r.format : DEFAULT_CHOICES.format,
    withSuggestions: r.withSuggestions === true,
    includeInProgress: r.includeInProgress === true,
    includeNew: r.includeNew === true,
    output: o.kind === 'folder' && typeof o.path === 'string' && path.isAbsolute(o.path) ? { kind: 'folder', path: o.path } : { kind: 'new' },
  };
}

/** The stored last export, or undefined when there is none or it is unreadable. */
export function readLastExport(raw: unknown): LastExport | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const s = (r.scope && typeof r.scope === 'object' ? r.scope : undefined) as Record<string, unknown> | undefined;
  if (!s || !SCOPE_KINDS.includes(s.kind as ExportScope['kind']) || typeof s.label !== 'string') return undefined;
  if (typeof r.base !== 'string' || !path.isAbsolute(r.base)) return undefined;
  const uris = Array.isArray(s.uris) ? s.uris.filter((u): u is string => typeof u === 'string') : undefined;
  if (s.kind !== 'workspace' && !uris?.length) return undefined;
  return { scope: { kind: s.kind as ExportScope['kind'], label: s.label, ...(uris?.length ? { uris } : {}) }, choices: readChoices(r.choices), base: r.base };
}

/** `2026-11-21_20-19-05`, local time: sorts by date and is a valid folder name everywhere. */
export function timestamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}_${p(now.getHours())}-${p(now.getMinutes())}-${p(now.getSeconds())}`;
}

/**
 * `hindiNews.exportFolder` as the server reads it: a folder inside the
 * workspace folder. Empty means no folder is skipped by name, but exports
 * still need a home: the default. A value the server refuses (absolute, or
 * leaving the workspace with `..`) is the default too; `invalid` says so.
 */
export function exportFolderName(exportFolder: unknown): { folder: string; invalid: boolean } {
  const n = exportFolderOf(exportFolder);
  return { folder: n || DEFAULT_SETTINGS.exportFolder, invalid: exportFolder !== undefined && n === undefined };
}

/** The folder exports go under: `hindiNews.exportFolder` inside the workspace folder. */
export function exportRoot(base: string, exportFolder: string | undefined): string {
  return path.join(base, exportFolderName(exportFolder).folder);
}

/** Where this export writes: a new time-stamped folder, or the chosen one. */
export function outputFolder(choices: ExportChoices, base: string, exportFolder: string | undefined, now: Date): string {
  return choices.output.kind === 'folder' ? choices.output.path : path.join(exportRoot(base, exportFolder), timestamp(now));
}

/** The server's arguments for an export of `scope` with `choices` into `out`. */
export function exportArgs(scope: ExportScope, choices: ExportChoices, out: string): ExportArgs {
  return {
    format: choices.format,
    out,
    withSuggestions: choices.withSuggestions,
    includeInProgress: choices.includeInProgress,
    ...(choices.includeNew ? { includeNew: true } : {}),
    ...(scope.uris?.length ? { uris: [...scope.uris] } : {}),
  };
}

/** `JSONL · confirmed spans · done articles · new folder in exports/`: the choices in one line. */
export function describeChoices(choices: ExportChoices, exportFolder: string | undefined, relative: (p: string) => string = (p) => p): string {
  const format = FORMATS.find((f) => f.value === choices.format)?.label ?? choices.format;
  const spans = choices.withSuggestions ? 'confirmed spans + unreviewed suggestions' : 'confirmed spans';
  const which = choices.includeNew
    ? choices.includeInProgress
      ? 'every article, new ones too'
      : 'done and new articles'
    : choices.includeInProgress
      ? 'done and in-progress articles'
      : 'done articles only';
  const folder = exportFolderName(exportFolder).folder;
  const out = choices.output.kind === 'folder' ? `into ${relative(choices.output.path)}` : `into a new folder in ${folder.replace(/[\\/]+$/, '')}/`;
  return `${format} · ${spans} · ${which} · ${out}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function perLabel(r: Record<string, number>): string {
  const e = Object.entries(r).filter(([, v]) => v > 0);
  return e.length ? e.map(([k, v]) => `${k} ${v}`).join(', ') : 'none';
}

const LEFT_OUT_WORDS: Record<ReviewStatus, string> = { new: 'new', inProgress: 'in progress', done: 'done' };

/**
 * The sentence on articles an export left out and why, or undefined when none
 * was: the notification must never let a partial dataset look complete.
 */
export function leftOutText(summary: ExportResultSummary): string | undefined {
  const left = summary.leftOut ?? {};
  const entries = (Object.keys(left) as ReviewStatus[]).filter((k) => (left[k] ?? 0) > 0);
  const total = entries.reduce((n, k) => n + (left[k] ?? 0), 0);
  if (total === 0) return undefined;
  const parts = entries.map((k) => `${left[k]} ${LEFT_OUT_WORDS[k]}`).join(', ');
  const why = left.inProgress
    ? 'only articles marked done are exported; choose “Include articles in progress” in the export options to add those'
    : 'articles nobody has reviewed yet are not exported; choose “Every article” in the export options to add them';
  return `Left out ${plural(total, 'article')} (${parts}): ${why}.`;
}

/** The notification after an export: what was written where, what was left out and why, and any trouble. */
export function exportNotice(summary: ExportResultSummary, args: Pick<ExportArgs, 'format'>, shownOut: string): { text: string; warning: boolean } {
  const format = FORMATS.find((f) => f.value === args.format)?.label ?? args.format;
  const head = summary.cancelled
    ? `Export cancelled after ${plural(summary.documents, 'article')} (${format}, ${shownOut}).`
    : `Exported ${plural(summary.documents, 'article')} as ${format} to ${shownOut}: spans ${perLabel(summary.spans)}${Object.keys(summary.suggestions).length ? `; suggestions ${perLabel(summary.suggestions)}` : ''}.`;
  const parts = [head];
  const left = leftOutText(summary);
  if (left) parts.push(left);
  if (summary.orphans) parts.push(`${plural(summary.orphans, 'orphaned annotation')} left out (their text changed).`);
  if (summary.errors) parts.push(`${plural(summary.errors, 'file')} could not be exported (see the problems).`);
  if (!summary.cancelled && summary.documents === 0 && !left) parts.push('Nothing matched: mark articles done, or include articles in progress.');
  return { text: parts.join(' '), warning: summary.cancelled || summary.errors > 0 || summary.documents === 0 };
}
