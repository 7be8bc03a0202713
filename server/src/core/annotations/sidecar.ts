/**
 * Sidecar files: the annotations of `article.txt` live beside it in
 * `article.txt.hna.json`.
 *
 * The full article name is kept (not `article.hna.json`) so two articles that
 * differ only in extension never share a sidecar, the pair sorts together in
 * a file listing, and the article is found from the sidecar name by removing
 * the suffix. Offsets in the file count code points (`"offsetUnit":
 * "codepoint"`), as Python and the export formats do; in memory they are
 * UTF-16 like the rest of the core.
 *
 * Writes are atomic: a temporary file in the same folder is written, flushed
 * to disk and renamed over the sidecar, so a crash leaves either the old file
 * or the new one. A sidecar that cannot be read (malformed, another schema, a
 * newer version) is never overwritten unless the caller forces it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { jsonErrorWithoutContents } from '../jsonError';
import { codePointsToUtf16, codePointLength, utf16ToCodePoints } from '../offsets';
import { AnnotationSet, type Annotation, type AnnotationSetOptions, type ReanchorReport, type Rejection } from './model';
import { isReviewStatus, reviewStatusOf, type ReviewStatus } from './status';

export const SIDECAR_SCHEMA = 'hindi-news-annotations';
export const SIDECAR_VERSION = 1;
export const SIDECAR_SUFFIX = '.hna.json';

/** An annotation as stored: offsets in code points. */
export type StoredAnnotation = Annotation;
export type StoredRejection = Rejection;

export interface SidecarData {
  schema: typeof SIDECAR_SCHEMA;
  version: number;
  /** File name of the article (no folder). */
  article: string;
  /** `sha256:<hex>` of the article's UTF-8 bytes when the sidecar was saved. */
  contentHash: string;
  offsetUnit: 'codepoint';
  annotations: StoredAnnotation[];
  rejections: StoredRejection[];
  /** Annotations that lost their place; kept until the annotator deals with them. */
  orphans: StoredAnnotation[];
  /** Review status (see `status.ts`); derived with `reviewStatusOf` when absent. */
  status?: ReviewStatus;
  /** Imported machine suggestions, unreviewed (offsets in code points). */
  suggestions?: StoredSuggestion[];
}

/** An unreviewed suggestion as stored: offsets in code points. */
export interface StoredSuggestion {
  start: number;
  end: number;
  label: string;
  text: string;
  source?: string;
  reason?: string;
  entityId?: string;
  confidence?: number;
}

export type SidecarErrorKind = 'missing' | 'io' | 'malformed' | 'schema' | 'newer';

export type ReadResult = { ok: true; data: SidecarData } | { ok: false; kind: SidecarErrorKind; error: string };

export type WriteResult = { ok: true } | { ok: false; error: string };

/** Where the sidecar of `articlePath` lives. */
export function sidecarPath(articlePath: string): string {
  return articlePath + SIDECAR_SUFFIX;
}

/** The article a sidecar belongs to, or undefined when `path` is not a sidecar name. */
export function articleForSidecar(path: string): string | undefined {
  return path.endsWith(SIDECAR_SUFFIX) ? path.slice(0, -SIDECAR_SUFFIX.length) : undefined;
}

/** `sha256:<hex>` of the UTF-8 encoding of `text`. */
export function contentHash(text: string): string {
  return 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Build the sidecar contents for `set` (UTF-16 in memory → code points on disk). */
export function toSidecar(set: AnnotationSet, articleName: string): SidecarData {
  const snap = set.snapshot();
  const text = set.text;
  const conv = <T extends { start: number; end: number }>(xs: T[]): T[] => {
    const cps = utf16ToCodePoints(text, xs.flatMap((x) => [x.start, x.end]));
    return xs.map((x, i) => ({ ...x, start: cps[2 * i]!, end: cps[2 * i + 1]! }));
  };
  // Orphans carry their last known position, which may no longer be inside the text.
  const len = text.length;
  const orphans = snap.orphans.map((o) => ({ ...o, start: Math.min(o.start, len), end: Math.min(o.end, len) }));
  return {
    schema: SIDECAR_SCHEMA,
    version: SIDECAR_VERSION,
    article: basename(articleName),
    contentHash: contentHash(text),
    offsetUnit: 'codepoint',
    annotations: conv(snap.annotations).map(orderKeys),
    rejections: conv(snap.rejections),
    orphans: conv(orphans).map(orderKeys),
    status: snap.status,
    ...(snap.suggestions.length ? { suggestions: conv(snap.suggestions) } : {}),
  };
}

export interface LoadResult {
  set: AnnotationSet;
  /** True when the article changed since the sidecar was saved; the spans were then re-anchored. */
  stale: boolean;
  /** What re-anchoring did, when `stale`. */
  report?: ReanchorReport;
}

/**
 * Rebuild the annotation set of an article from its sidecar. When the
 * content hash matches, the stored offsets are exact. When it differs (the
 * article was edited outside the editor), the stored offsets are only hints
 * and every span is re-anchored by its text and context.
 */
export function fromSidecar(data: SidecarData, text: string, options?: AnnotationSetOptions): LoadResult {
  const stale = data.contentHash !== contentHash(text);
  const cpLen = codePointLength(text);
  const toUtf16 = <T extends { start: number; end: number }>(xs: readonly T[]): T[] => {
    const flat = xs.flatMap((x) => [Math.min(x.start, cpLen), Math.min(x.end, cpLen)]);
    const u = codePointsToUtf16(text, flat);
    return xs.map((x, i) => ({ ...x, start: u[2 * i]!, end: u[2 * i + 1]! }));
  };
  const annotations = toUtf16(data.annotations).map(({ status: _status, ...a }) => a as Annotation);
  const orphans = toUtf16(data.orphans).map((a) => ({ ...a, status: 'orphaned' as const }));
  const set = new AnnotationSet(
    text,
    { annotations: annotations.concat(orphans), rejections: toUtf16(data.rejections), status: reviewStatusOf(data), suggestions: toUtf16(data.suggestions ?? []) },
    options,
  );
  if (!stale) return { set, stale };
  return { set, stale, report: set.reanchor(text) };
}

/** Read and validate a sidecar. Never throws. */
export async function readSidecar(path: string): Promise<ReadResult> {
  let raw: string;
  try {
    raw = await fsp.readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', error: `${path}: no annotations saved yet` };
    return { ok: false, kind: 'io', error: `cannot read annotations ${path}: ${(e as Error).message}` };
  }
  return parseSidecar(raw, path);
}

/** Parse and validate sidecar JSON (`path` only names the file in messages). */
export function parseSidecar(raw: string, path: string): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return {
      ok: false,
      kind: 'malformed',
      error: `${path}: annotations file is not valid JSON (${jsonErrorWithoutContents(e)}). It was left untouched; fix or remove it to save annotations for this article again.`,
    };
  }
  const bad = (why: string): ReadResult => ({
    ok: false,
    kind: 'malformed',
    error: `${path}: annotations file is damaged: ${why}. It was left untouched; fix or remove it to save annotations for this article again.`,
  });
  if (!isObject(json)) return bad('the top level is not an object');
  if (json.schema !== SIDECAR_SCHEMA) {
    return {
      ok: false,
      kind: 'schema',
      error: `${path}: not a Hindi News Annotator file (schema ${JSON.stringify(json.schema)}, expected "${SIDECAR_SCHEMA}"). It was left untouched.`,
    };
  }
  if (typeof json.version !== 'number' || !Number.isInteger(json.version) || json.version < 1) return bad('"version" is not a positive integer');
  if (json.version > SIDECAR_VERSION) {
    return {
      ok: false,
      kind: 'newer',
      error: `${path}: written by a newer Hindi News Annotator (file version ${json.version}, this one reads up to ${SIDECAR_VERSION}). Update the extension; the file was left untouched.`,
    };
  }
  if (json.offsetUnit !== undefined && json.offsetUnit !== 'codepoint') return bad(`"offsetUnit" is ${JSON.stringify(json.offsetUnit)}, expected "codepoint"`);
  if (typeof json.contentHash !== 'string') return bad('"contentHash" is missing');
  const anns: StoredAnnotation[] = [];
  const orphans: StoredAnnotation[] = [];
  const rejections: StoredRejection[] = [];
  for (const [key, out] of [
    ['annotations', anns],
    ['orphans', orphans],
  ] as const) {
    const list = json[key] ?? [];
    if (!Array.isArray(list)) return bad(`"${key}" is not an array`);
    for (let i = 0; i < list.length; i++) {
      const why = checkAnnotation(list[i]);
      if (why) return bad(`${key}[${i}] ${why}`);
      out.push(list[i] as StoredAnnotation);
    }
  }
  const rj = json.rejections ?? [];
  if (!Array.isArray(rj)) return bad('"rejections" is not an array');
  for (let i = 0; i < rj.length; i++) {
    const r = rj[i];
    const why = isObject(r) ? checkRange(r) ?? (typeof r.label === 'string' && typeof r.text === 'string' ? undefined : 'needs "label" and "text"') : 'is not an object';
    if (why) return bad(`rejections[${i}] ${why}`);
    if (r.id !== undefined && typeof r.id !== 'string') return bad(`rejections[${i}] "id" is not a string`);
    rejections.push({ ...(r.id ? { id: r.id } : {}), start: r.start, end: r.end, label: r.label, text: r.text } as StoredRejection);
  }
  if (json.status !== undefined && !isReviewStatus(json.status)) return bad(`"status" is ${JSON.stringify(json.status)}, expected "new", "inProgress" or "done"`);
  const sg = json.suggestions ?? [];
  if (!Array.isArray(sg)) return bad('"suggestions" is not an array');
  const suggestions: StoredSuggestion[] = [];
  for (let i = 0; i < sg.length; i++) {
    const x = sg[i];
    const why = isObject(x) ? checkRange(x) ?? checkSuggestion(x) : 'is not an object';
    if (why) return bad(`suggestions[${i}] ${why}`);
    const o: StoredSuggestion = { start: x.start, end: x.end, label: x.label, text: x.text };
    for (const k of ['source', 'reason', 'entityId'] as const) if (typeof x[k] === 'string') o[k] = x[k];
    if (typeof x.confidence === 'number') o.confidence = x.confidence;
    suggestions.push(o);
  }
  const data: SidecarData = {
    schema: SIDECAR_SCHEMA,
    version: json.version,
    article: typeof json.article === 'string' ? json.article : '',
    contentHash: json.contentHash,
    offsetUnit: 'codepoint',
    annotations: anns,
    rejections,
    orphans,
  };
  if (json.status !== undefined) data.status = json.status;
  if (json.suggestions !== undefined) data.suggestions = suggestions;
  return { ok: true, data };
}

export interface WriteOptions {
  /** Overwrite even a sidecar that cannot be read (malformed, foreign or newer). */
  force?: boolean;
  /** Test hook: called after each chunk of the temporary file is written. */
  onChunkWritten?: (bytesWritten: number) => Promise<void> | void;
}

const CHUNK = 64 * 1024;

/**
 * Save `data` atomically to `path`: temporary file in the same folder, fsync,
 * rename. Refuses to replace an existing sidecar that does not parse unless
 * `force`. Never throws; errors say what to do.
 */
export async function writeSidecar(path: string, data: SidecarData, options?: WriteOptions): Promise<WriteResult> {
  if (!options?.force) {
    const existing = await readSidecar(path);
    if (!existing.ok && (existing.kind === 'malformed' || existing.kind === 'schema' || existing.kind === 'newer')) {
      return { ok: false, error: `not saving annotations: ${existing.error}` };
    }
  }
  const body = Buffer.from(JSON.stringify(data, null, 1) + '\n', 'utf8');
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(tmp, 'wx', 0o644);
    for (let off = 0; off < body.length; off += CHUNK) {
      const end = Math.min(body.length, off + CHUNK);
      await fh.write(body, off, end - off);
      if (options?.onChunkWritten) await options.onChunkWritten(end);
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fsp.rename(tmp, path);
  } catch (e) {
    if (fh) await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    return { ok: false, error: explainWriteError(path, e as NodeJS.ErrnoException) };
  }
  await syncDir(dir);
  return { ok: true };
}

/**
 * Move the sidecar of `oldArticle` to sit beside `newArticle` (after a
 * rename or move) and record the new article name in it. Nothing to do when
 * the old article had no sidecar. Refuses to replace an existing sidecar at
 * the destination.
 */
export async function moveSidecar(oldArticle: string, newArticle: string): Promise<WriteResult & { moved?: boolean }> {
  const from = sidecarPath(oldArticle);
  const to = sidecarPath(newArticle);
  const cur = await readSidecar(from);
  if (!cur.ok && cur.kind === 'missing') return { ok: true, moved: false };
  try {
    await fsp.access(to);
    return { ok: false, error: `cannot move annotations to ${to}: a file with that name already exists. Move or remove it first; nothing was changed.` };
  } catch {
    // Destination free.
  }
  if (cur.ok) {
    const w = await writeSidecar(to, { ...cur.data, article: basename(newArticle) });
    if (!w.ok) return w;
    try {
      await fsp.rm(from);
    } catch (e) {
      return { ok: false, error: `annotations copied to ${to}, but the old file ${from} could not be removed: ${(e as Error).message}` };
    }
    return { ok: true, moved: true };
  }
  // An unreadable sidecar still follows its article, byte for byte.
  try {
    await fsp.rename(from, to);
    return { ok: true, moved: true };
  } catch (e) {
    return { ok: false, error: explainWriteError(to, e as NodeJS.ErrnoException) };
  }
}

function explainWriteError(path: string, e: NodeJS.ErrnoException): string {
  const dir = dirname(path);
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `cannot save annotations to ${path}: the folder ${dir} is read-only (${e.code}). Make the folder writable, or copy the article to a writable folder and annotate it there.`;
    case 'ENOTDIR':
      return `cannot save annotations to ${path}: ${dir} is not a folder (ENOTDIR). Save the article inside a real folder and annotate it there.`;
    case 'ENOENT':
      return `cannot save annotations to ${path}: the folder ${dir} does not exist or cannot hold files (ENOENT). Save the article to a normal folder first.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `cannot save annotations to ${path}: the disk is full (${e.code}). Free some space; the previous annotations file is unchanged.`;
    default:
      return `cannot save annotations to ${path}: ${e.message}. The previous annotations file is unchanged.`;
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; not supported everywhere, and harmless to skip.
  try {
    const d = await fsp.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Directory fsync is unavailable on this platform.
  }
}

function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkRange(r: Record<string, unknown>): string | undefined {
  const { start, end } = r;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) return '"start" is not a non-negative integer';
  if (typeof end !== 'number' || !Number.isInteger(end) || end < start) return '"end" is not an integer ≥ "start"';
  return undefined;
}

function checkSuggestion(x: Record<string, unknown>): string | undefined {
  if (typeof x.label !== 'string' || typeof x.text !== 'string') return 'needs "label" and "text"';
  for (const k of ['source', 'reason', 'entityId'] as const) if (x[k] !== undefined && typeof x[k] !== 'string') return `"${k}" is not a string`;
  if (x.confidence !== undefined && (typeof x.confidence !== 'number' || !(x.confidence >= 0 && x.confidence <= 1))) return '"confidence" is not a number from 0 to 1';
  return undefined;
}

function checkAnnotation(a: unknown): string | undefined {
  if (!isObject(a)) return 'is not an object';
  const r = checkRange(a);
  if (r) return r;
  for (const k of ['id', 'label', 'text', 'createdAt'] as const) if (typeof a[k] !== 'string') return `"${k}" is not a string`;
  for (const k of ['contextBefore', 'contextAfter'] as const) if (a[k] !== undefined && typeof a[k] !== 'string') return `"${k}" is not a string`;
  if (a.contextBefore === undefined) a.contextBefore = '';
  if (a.contextAfter === undefined) a.contextAfter = '';
  if (a.source !== 'manual' && a.source !== 'accepted') return '"source" is neither "manual" nor "accepted"';
  if (a.entityId !== undefined && typeof a.entityId !== 'string') return '"entityId" is not a string';
  return undefined;
}

/** Stable key order in files so diffs stay readable. */
function orderKeys(a: Annotation): Annotation {
  const o: Annotation = {
    id: a.id,
    start: a.start,
    end: a.end,
    label: a.label,
    text: a.text,
    contextBefore: a.contextBefore,
    contextAfter: a.contextAfter,
    source: a.source,
    createdAt: a.createdAt,
  };
  if (a.entityId !== undefined) o.entityId = a.entityId;
  if (a.status === 'orphaned') o.status = 'orphaned';
  return o;
}
