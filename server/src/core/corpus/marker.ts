/**
 * The marker every export writes into its folder. A folder holding it is an
 * export wherever it is moved or renamed: walkers, the workspace index and
 * the editor skip it, and a later export may replace its contents.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';

/** File name of the marker, inside the export folder. */
export const EXPORT_MARKER = '.hindi-news-export.json';

/** What the marker holds: enough to recognise the folder and to replace its files cleanly. */
export interface ExportMarker {
  tool: 'hindi-news-annotator';
  kind: 'export';
  format: string;
  /** Files the export wrote, relative to the folder, `/`-separated. */
  files: string[];
  /**
   * False while the export is being written and after one that was
   * interrupted, cancelled or failed (a full disk): the folder holds part of
   * the documents and is no dataset. Absent in markers of earlier versions.
   */
  complete?: boolean;
}

/** The marker of `dir`, or undefined when `dir` is not an export folder (or its marker is unreadable). */
export async function readExportMarker(dir: string): Promise<ExportMarker | undefined> {
  let raw: string;
  try {
    const st = await fsp.lstat(join(dir, EXPORT_MARKER));
    if (!st.isFile() || st.size > 16 * 1024 * 1024) return undefined;
    raw = await fsp.readFile(join(dir, EXPORT_MARKER), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(raw) as Partial<ExportMarker>;
    const files = Array.isArray(j.files) ? j.files.filter((f): f is string => typeof f === 'string') : [];
    const m: ExportMarker = { tool: 'hindi-news-annotator', kind: 'export', format: typeof j.format === 'string' ? j.format : '', files };
    if (typeof j.complete === 'boolean') m.complete = j.complete;
    return m;
  } catch {
    return { tool: 'hindi-news-annotator', kind: 'export', format: '', files: [] };
  }
}

/**
 * Why the export in `dir` cannot be read as a dataset (it did not finish),
 * or undefined: a folder that is no export, or a finished one.
 */
export async function unfinishedExport(dir: string): Promise<string | undefined> {
  const m = await readExportMarker(dir);
  if (m?.complete !== false) return undefined;
  return `${dir} holds an export that did not finish (it was interrupted, cancelled or failed, for example on a full disk), so it has only part of the documents; export again into it (or, to import what it holds all the same, remove its ${EXPORT_MARKER})`;
}

/** True when `dir` holds an export marker (any content). */
export async function isExportFolder(dir: string): Promise<boolean> {
  try {
    return (await fsp.lstat(join(dir, EXPORT_MARKER))).isFile();
  } catch {
    return false;
  }
}
