/**
 * Annotations files left without their article: the article was renamed,
 * moved or deleted outside the editor (a terminal, a file manager, `git mv`),
 * and its annotations stayed behind under the old name. They are never
 * dropped silently: the export names each one and, when an article of the
 * same folder has exactly the text they were saved with, which one they
 * belong to; the editor moves them to that article when it opens it.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { articleForSidecar, contentHash, readSidecar, sidecarPath, SIDECAR_SUFFIX } from '../annotations/sidecar';
import { decodeArticle } from './articles';

export interface StrayReport {
  /** The annotations file. */
  path: string;
  /** Annotations (orphans included) it holds; 0 when it cannot be read. */
  annotations: number;
  /** The article of the same folder, without annotations of its own, that has the text they were saved with (only when exactly one has). */
  owner?: string;
  /** Why it cannot be read, when it cannot. */
  error?: string;
}

/**
 * Articles (`*.txt`) in `dir` that have no annotations file, whose text
 * hashes to `hash`.
 */
export async function articlesWithHash(dir: string, hash: string, ext = '.txt'): Promise<string[]> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const have = new Set(names);
  const out: string[] = [];
  for (const n of names) {
    if (!n.endsWith(ext) || n.startsWith('.') || have.has(n + SIDECAR_SUFFIX)) continue;
    const p = join(dir, n);
    const st = await fsp.lstat(p).catch(() => undefined);
    if (!st?.isFile()) continue;
    const bytes = await fsp.readFile(p).catch(() => undefined);
    const art = bytes && decodeArticle(p, bytes);
    if (art?.ok && contentHash(art.doc.text) === hash) out.push(p);
  }
  return out;
}

/** What `path`, an annotations file whose article is missing, holds and whom it belongs to. */
export async function inspectStray(path: string): Promise<StrayReport> {
  const r = await readSidecar(path);
  if (!r.ok) return { path, annotations: 0, error: r.error };
  const annotations = r.data.annotations.length + r.data.orphans.length;
  const owners = await articlesWithHash(dirname(path), r.data.contentHash);
  return { path, annotations, ...(owners.length === 1 ? { owner: owners[0]! } : {}) };
}

/** The message for a stray annotations file with annotations in it. */
export function strayMessage(s: StrayReport): string {
  const article = basename(articleForSidecar(s.path) ?? s.path);
  const n = `${s.annotations} annotation${s.annotations === 1 ? '' : 's'}`;
  if (s.owner) {
    return `${s.path}: its article ${article} is gone, and ${basename(s.owner)} has exactly the text it was saved with (renamed outside the editor?); its ${n} ${s.annotations === 1 ? 'is' : 'are'} not exported. Rename the file to ${basename(sidecarPath(s.owner))}, or open ${basename(s.owner)} in the editor, which moves them.`;
  }
  return `${s.path}: its article ${article} is missing (renamed, moved or deleted outside the editor?), so its ${n} ${s.annotations === 1 ? 'is' : 'are'} not exported. Put the annotations file beside the article, named after it (ARTICLE.txt${SIDECAR_SUFFIX}), or restore the article.`;
}
