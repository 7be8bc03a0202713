/**
 * Reading articles for the command line: folders are walked for `.txt`
 * files (never through symbolic links, skipping exports; see
 * `core/corpus/walk.ts`), every file is checked for binary content and
 * strict UTF-8, and each problem is reported with the file's path while the
 * others go on.
 */
import { findArticles } from '../core/corpus/walk';

export { decodeArticle, MAX_FILE_BYTES, readArticle, type InputDoc, type InputResult } from '../core/corpus/articles';

/** Expand files and folders (recursively, `.txt` files, sorted) in the order given; skipped entries are reported as `note`. */
export async function expandPaths(paths: readonly string[]): Promise<Array<{ path: string; error?: string; note?: string }>> {
  const r = await findArticles(paths);
  return [
    ...r.errors.map((error) => ({ path: '', error })),
    ...r.skipped.map((s) => ({ path: s.path, note: `skipped ${s.path}: ${s.reason}` })),
    ...r.articles.map((a) => ({ path: a.path })),
  ];
}
