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
import { createHash } from 'node:crypto';
import { closeSync, constants as fsConstants, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, promises as fsp, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processRuns, tempPathFor, writeFileAtomic } from '../atomicFile';
import { jsonErrorWithoutContents } from '../jsonError';
import { codePointsToUtf16, codePointLength, utf16ToCodePoints } from '../offsets';
import { AnnotationSet, type Annotation, type AnnotationSetOptions, type ImportedSuggestion, type ReanchorReport, type Rejection } from './model';
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
  /**
   * Top-level fields this version does not know (a `reviewer`, a project's
   * own bookkeeping), written back unchanged: a user's extra data is theirs.
   */
  extra?: Record<string, unknown>;
}

/** An unreviewed suggestion as stored: offsets in code points. */
export interface StoredSuggestion extends ImportedSuggestion {
  /** Fields this version does not know, kept as read. */
  extra?: Record<string, unknown>;
}

/**
 * Why a sidecar could not be used: `missing` (none yet), `io` (cannot be
 * read: permissions, not a regular file, too large), `malformed`, `schema`
 * (another tool's file), `newer` (a later file version), `invalid` (parses,
 * but does not fit the article: offsets outside it, overlapping spans).
 */
export type SidecarErrorKind = 'missing' | 'io' | 'malformed' | 'schema' | 'newer' | 'invalid';

/** Sidecars larger than this are not read (a sidecar of a dense 1 MB article is about 10 MB). */
export const MAX_SIDECAR_BYTES = 128 * 1024 * 1024;

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

/**
 * Build the sidecar contents for `set` (UTF-16 in memory → code points on
 * disk). `base`, the sidecar as it was read, passes on the fields this
 * version does not know.
 */
export function toSidecar(set: AnnotationSet, articleName: string, base?: Pick<SidecarData, 'extra'>): SidecarData {
  const snap = set.snapshot();
  const text = set.text;
  const conv = <T extends { start: number; end: number }>(xs: T[]): T[] => {
    const cps = utf16ToCodePoints(text, xs.flatMap((x) => [x.start, x.end]));
    return xs.map((x, i) => ({ ...x, start: cps[2 * i]!, end: cps[2 * i + 1]! }));
  };
  // Orphans carry their last known position, which may no longer be inside the text.
  const len = text.length;
  const orphans = snap.orphans.map((o) => ({ ...o, start: Math.min(o.start, len), end: Math.min(o.end, len) }));
  const data: SidecarData = {
    schema: SIDECAR_SCHEMA,
    version: SIDECAR_VERSION,
    article: basename(articleName),
    contentHash: contentHash(text),
    offsetUnit: 'codepoint',
    annotations: conv(snap.annotations).map(orderKeys).map(asSaved),
    rejections: conv(snap.rejections).map(orderRejectionKeys).map(asSaved),
    orphans: conv(orphans).map(orderKeys).map(asSaved),
    status: snap.status,
    ...(snap.suggestions.length ? { suggestions: conv(snap.suggestions).map(asSaved) } : {}),
  };
  if (base?.extra && Object.keys(base.extra).length) data.extra = { ...base.extra };
  return data;
}


/**
 * `s` as it reads back from a UTF-8 file: a lone surrogate (half of an
 * emoji pasted or typed into the editor) becomes U+FFFD, as it does when
 * the article itself is saved, so a span's recorded text still fits the
 * saved article. Code point offsets do not move (one for one).
 */
export function asUtf8(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** An entry with its texts as they read back from a UTF-8 file (see {@link asUtf8}). */
function asSaved<T extends { text: string; contextBefore?: string; contextAfter?: string }>(x: T): T {
  const out = { ...x, text: asUtf8(x.text) };
  if (x.contextBefore !== undefined) out.contextBefore = asUtf8(x.contextBefore);
  if (x.contextAfter !== undefined) out.contextAfter = asUtf8(x.contextAfter);
  return out;
}

/** The JSON text of a sidecar: known fields first, then the unknown ones as they were read. */
export function serializeSidecar(data: SidecarData): string {
  const out = flat(data) as Record<string, unknown>;
  for (const key of ['annotations', 'orphans', 'rejections'] as const) out[key] = data[key].map(flat);
  if (data.suggestions) out.suggestions = data.suggestions.map(flat);
  return JSON.stringify(out, null, 1) + '\n';
}

/** `x` with its `extra` fields beside the known ones (a known field wins a clash). */
function flat(x: { extra?: Record<string, unknown> }): object {
  if (!x.extra) return x;
  const { extra, ...known } = x;
  const out: Record<string, unknown> = known;
  for (const [k, v] of Object.entries(extra)) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

export interface LoadResult {
  set: AnnotationSet;
  /** True when the article changed since the sidecar was saved; the spans were then re-anchored. */
  stale: boolean;
  /** What re-anchoring did, when `stale`. */
  report?: ReanchorReport;
  /** The sidecar says `done` but the article's words changed since: the set is `inProgress` (see {@link reviewStatusFor}). */
  reopened?: boolean;
}

/**
 * The review status of an article whose sidecar is `data` and whose text is
 * now `text`: the stored one, except that a `done` article whose text
 * changed since the sidecar was saved is `inProgress` again (its new words
 * were never reviewed). A change of line endings or a final newline alone
 * keeps it done; the old text is known only by its hash, so those are the
 * changes recognised.
 */
export function reviewStatusFor(data: SidecarData | undefined, text: string): ReviewStatus {
  const status = reviewStatusOf(data);
  if (status !== 'done' || !data || data.contentHash === contentHash(text)) return status;
  const lf = text.replace(/\r\n/g, '\n');
  const variants = new Set<string>();
  for (const t of [lf, lf.replace(/\n/g, '\r\n')]) {
    const bare = t.replace(/(\r?\n)+$/, '');
    variants.add(t).add(bare).add(bare + (t.includes('\r\n') ? '\r\n' : '\n'));
  }
  variants.delete(text);
  for (const v of variants) if (contentHash(v) === data.contentHash) return 'done';
  return 'inProgress';
}

/**
 * Rebuild the annotation set of an article from its sidecar. When the
 * content hash matches, the stored offsets are exact. When it differs (the
 * article was edited outside the editor), the stored offsets are only hints
 * and every span is re-anchored by its text and context.
 */
export function fromSidecar(data: SidecarData, text: string, options?: AnnotationSetOptions): LoadResult {
  const invalid = checkAgainstText(data, text);
  if (invalid) throw new InvalidSidecarError(`${data.article || 'annotations file'}: ${invalid}`);
  const stale = data.contentHash !== contentHash(text);
  const cpLen = codePointLength(text);
  const toUtf16 = <T extends { start: number; end: number }>(xs: readonly T[]): T[] => {
    const flat = xs.flatMap((x) => [Math.min(x.start, cpLen), Math.min(x.end, cpLen)]);
    const u = codePointsToUtf16(text, flat);
    return xs.map((x, i) => ({ ...x, start: u[2 * i]!, end: u[2 * i + 1]! }));
  };
  // Unchanged article: each live span's text is the article's own (the same but for U+FFFD in place of a lone surrogate).
  const annotations = toUtf16(data.annotations).map(({ status: _status, ...a }) => (stale ? a : { ...a, text: text.slice(a.start, a.end) }) as Annotation);
  const orphans = toUtf16(data.orphans).map((a) => ({ ...a, status: 'orphaned' as const }));
  const status = stale ? reviewStatusFor(data, text) : reviewStatusOf(data);
  const set = new AnnotationSet(
    text,
    { annotations: annotations.concat(orphans), rejections: toUtf16(data.rejections), status, suggestions: toUtf16(data.suggestions ?? []) },
    options,
  );
  if (!stale) return { set, stale };
  const result: LoadResult = { set, stale, report: set.reanchor(text) };
  if (status !== reviewStatusOf(data)) result.reopened = true;
  return result;
}

/** A sidecar that parses but does not fit its article (thrown by {@link fromSidecar}). */
export class InvalidSidecarError extends Error {}

/**
 * Why `data` cannot be the annotations of `text`, or undefined when it can.
 * When the content hash matches, stored offsets are exact: each must lie in
 * the text and each live span, rejection and imported suggestion must cover
 * the text it records. When the
 * article changed, offsets are only hints for re-anchoring and are not
 * checked here.
 */
export function checkAgainstText(data: SidecarData, text: string): string | undefined {
  if (data.contentHash !== contentHash(text)) return undefined;
  const cps = Array.from(text);
  const n = cps.length;
  const lists: ReadonlyArray<readonly [string, ReadonlyArray<{ start: number; end: number; text: string }>]> = [
    ['annotations', data.annotations],
    ['orphans', data.orphans],
    ['rejections', data.rejections],
    ['suggestions', data.suggestions ?? []],
  ];
  for (const [key, list] of lists) {
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.end > n) return `${key}[${i}] ends at ${a.end}, beyond the end of the article (${n} characters)`;
      if (key === 'orphans') continue;
      const actual = cps.slice(a.start, a.end).join('');
      // As saved: an editor's text may still hold a lone surrogate its file holds as U+FFFD (or a sidecar written before that).
      if (actual !== a.text && asUtf8(actual) !== asUtf8(a.text)) return `${key}[${i}] records the text ${JSON.stringify(clip(a.text))} but the article has ${JSON.stringify(clip(actual))} at ${a.start}–${a.end}`;
    }
  }
  return undefined;
}

function clip(s: string): string {
  const cps = Array.from(s);
  return cps.length > 40 ? cps.slice(0, 40).join('') + '…' : s;
}

/**
 * Read and validate a sidecar. Never throws. Only a regular file is read (a
 * FIFO or a device would hang or never end), and at most
 * {@link MAX_SIDECAR_BYTES}; bytes that are not UTF-8 make it malformed
 * rather than being replaced, so a rewrite cannot change them.
 */
export async function readSidecar(path: string): Promise<ReadResult> {
  let fh: fsp.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    // O_NOFOLLOW: a link is not followed (it could lead outside the workspace, and it could never be written).
    fh = await fsp.open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | (fsConstants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', error: `${path}: no annotations saved yet` };
    if (code === 'ELOOP' && (await fsp.lstat(path).catch(() => undefined))?.isSymbolicLink()) {
      return {
        ok: false,
        kind: 'io',
        error: `${path} is a symbolic link; annotations are not read or written through links (one could lead outside the workspace). It was left untouched; replace the link with a copy of the file it points to, to annotate this article.`,
      };
    }
    return { ok: false, kind: 'io', error: `cannot read annotations ${path}: ${(e as Error).message}. It was left untouched.` };
  }
  let bytes: Buffer;
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      return { ok: false, kind: 'io', error: `${path} is not a regular file (${fileKind(st)}), so it was not read as annotations. It was left untouched; remove or rename it to save annotations for this article.` };
    }
    if (st.size > MAX_SIDECAR_BYTES) return tooLarge(path, st.size);
    bytes = await readAtMost(fh, MAX_SIDECAR_BYTES + 1);
    if (bytes.length > MAX_SIDECAR_BYTES) return tooLarge(path, bytes.length);
  } catch (e) {
    return { ok: false, kind: 'io', error: `cannot read annotations ${path}: ${(e as Error).message}. It was left untouched.` };
  } finally {
    await fh.close().catch(() => undefined);
  }
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, kind: 'malformed', error: `${path}: annotations file is not valid UTF-8 text. It was left untouched; fix or remove it to save annotations for this article again.` };
  }
  return parseSidecar(raw, path);
}

function tooLarge(path: string, size: number): ReadResult {
  return {
    ok: false,
    kind: 'io',
    error: `${path} is ${(size / 1024 / 1024).toFixed(0)} MB, more than the ${MAX_SIDECAR_BYTES / 1024 / 1024} MB an annotations file may have, so it was not read. It was left untouched; check what wrote it.`,
  };
}

async function readAtMost(fh: fsp.FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit - total));
    const { bytesRead } = await fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

function fileKind(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isSymbolicLink(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
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
      error: `${path}: annotations file is not valid JSON (${jsonErrorWithoutContents(e, raw)}). It was left untouched; fix or remove it to save annotations for this article again.`,
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
  const ids = new Map<string, string>();
  for (const [key, out] of [
    ['annotations', anns],
    ['orphans', orphans],
  ] as const) {
    const list = json[key] ?? [];
    if (!Array.isArray(list)) return bad(`"${key}" is not an array`);
    for (let i = 0; i < list.length; i++) {
      const a = readAnnotation(list[i]);
      if (typeof a === 'string') return bad(`${key}[${i}] ${a}`);
      const first = ids.get(a.id);
      if (first) return bad(`${key}[${i}] has the id "${a.id}" of ${first}; ids must be unique`);
      ids.set(a.id, `${key}[${i}]`);
      if (key === 'annotations' && a.start === a.end) return bad(`${key}[${i}] is empty ("start" = "end" = ${a.start})`);
      out.push(a);
    }
  }
  // Live spans never overlap in the model: a file where they do was not written by it.
  const order = anns.map((_, i) => i).sort((x, y) => anns[x]!.start - anns[y]!.start || anns[x]!.end - anns[y]!.end);
  for (let k = 1; k < order.length; k++) {
    const p = anns[order[k - 1]!]!;
    const q = anns[order[k]!]!;
    if (q.start < p.end) return bad(`annotations[${order[k]}] (${q.start}–${q.end}) overlaps annotations[${order[k - 1]}] (${p.start}–${p.end})`);
  }
  const rj = json.rejections ?? [];
  if (!Array.isArray(rj)) return bad('"rejections" is not an array');
  for (let i = 0; i < rj.length; i++) {
    const r = rj[i];
    const why = isObject(r) ? checkRange(r) ?? (typeof r.label === 'string' && typeof r.text === 'string' ? undefined : 'needs "label" and "text"') : 'is not an object';
    if (why) return bad(`rejections[${i}] ${why}`);
    if (r.id !== undefined && typeof r.id !== 'string') return bad(`rejections[${i}] "id" is not a string`);
    const rej: StoredRejection = { ...(r.id ? { id: r.id } : {}), start: r.start, end: r.end, label: r.label, text: r.text };
    const extra = unknownFields(r, REJECTION_KEYS);
    if (extra) rej.extra = extra;
    rejections.push(rej);
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
    const extra = unknownFields(x, SUGGESTION_KEYS);
    if (extra) o.extra = extra;
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
  const extra = unknownFields(json, TOP_KEYS);
  if (extra) data.extra = extra;
  return { ok: true, data };
}

/**
 * Fields read into {@link SidecarData}. Everything else at the top level (a
 * user's own fields) is kept in `extra` and written back as it was; so are
 * unknown fields of each entry.
 */
const TOP_KEYS = new Set(['schema', 'version', 'article', 'contentHash', 'offsetUnit', 'annotations', 'rejections', 'orphans', 'status', 'suggestions']);
const ANNOTATION_KEYS = new Set(['id', 'start', 'end', 'label', 'text', 'contextBefore', 'contextAfter', 'entityId', 'source', 'createdAt', 'status']);
const REJECTION_KEYS = new Set(['id', 'start', 'end', 'label', 'text']);
const SUGGESTION_KEYS = new Set(['start', 'end', 'label', 'text', 'source', 'reason', 'entityId', 'confidence']);

function unknownFields(o: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const k of Object.keys(o)) if (!known.has(k)) (extra ??= {})[k] = o[k];
  return extra;
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
  // What is there decides how it may be replaced: never a file the user made read-only or
  // something that is not a regular file; a replaced file keeps its mode and owner.
  let existing: import('node:fs').Stats | undefined;
  try {
    existing = await fsp.lstat(path);
  } catch {
    existing = undefined;
  }
  if (existing) {
    if (!existing.isFile()) {
      return { ok: false, error: `not saving annotations: ${path} is ${fileKind(existing)}, not a regular file. Remove or rename it to save annotations for this article; your annotations are kept until then.` };
    }
    if ((existing.mode & 0o200) === 0) {
      return {
        ok: false,
        error: `not saving annotations: ${path} is read-only (mode ${(existing.mode & 0o7777).toString(8).padStart(4, '0')}), and a file you made read-only is not overwritten. Make it writable (chmod u+w) to save; your annotations are kept until then.`,
      };
    }
  }
  if (!options?.force && existing) {
    const cur = await readSidecar(path);
    if (!cur.ok && cur.kind !== 'missing') return { ok: false, error: `not saving annotations: ${cur.error}` };
  }
  try {
    await writeFileAtomic(path, serializeSidecar(data), { durable: true, mode: 0o644, ...(existing ? { like: existing } : {}), ...(options?.onChunkWritten ? { onChunkWritten: options.onChunkWritten } : {}) });
  } catch (e) {
    return { ok: false, error: explainWriteError(path, e as NodeJS.ErrnoException) };
  }
  return { ok: true };
}

/**
 * {@link readSidecar} for a process about to exit (an `exit` handler cannot
 * wait): the same checks, read synchronously. Never throws.
 */
export function readSidecarSync(path: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | (fsConstants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', error: `${path}: no annotations saved yet` };
    return { ok: false, kind: 'io', error: `cannot read annotations ${path}: ${(e as Error).message}. It was left untouched.` };
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, kind: 'io', error: `${path} is not a regular file (${fileKind(st)}), so it was not read as annotations. It was left untouched.` };
    if (st.size > MAX_SIDECAR_BYTES) return tooLarge(path, st.size);
    bytes = Buffer.allocUnsafe(st.size);
    let off = 0;
    for (let n; off < bytes.length && (n = readSync(fd, bytes, off, bytes.length - off, off)) > 0; ) off += n;
    bytes = bytes.subarray(0, off);
  } catch (e) {
    return { ok: false, kind: 'io', error: `cannot read annotations ${path}: ${(e as Error).message}. It was left untouched.` };
  } finally {
    closeSync(fd);
  }
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, kind: 'malformed', error: `${path}: annotations file is not valid UTF-8 text. It was left untouched.` };
  }
  return parseSidecar(raw, path);
}

/**
 * {@link writeSidecar} for a process about to exit: the same refusals (a
 * file that is not regular, read-only or unreadable is not replaced), the
 * same temporary file, fsync and rename, done synchronously. Never throws.
 */
export function writeSidecarSync(path: string, data: SidecarData): WriteResult {
  let existing: import('node:fs').Stats | undefined;
  try {
    existing = lstatSync(path);
  } catch {
    existing = undefined;
  }
  if (existing) {
    if (!existing.isFile()) return { ok: false, error: `not saving annotations: ${path} is ${fileKind(existing)}, not a regular file.` };
    if ((existing.mode & 0o200) === 0) return { ok: false, error: `not saving annotations: ${path} is read-only, and a file you made read-only is not overwritten.` };
    const cur = readSidecarSync(path);
    if (!cur.ok && cur.kind !== 'missing') return { ok: false, error: `not saving annotations: ${cur.error}` };
  }
  const body = Buffer.from(serializeSidecar(data), 'utf8');
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777);
      if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
        try {
          fchownSync(fd, existing.uid, existing.gid);
        } catch {
          // Not ours to give away; the file keeps this process's owner.
        }
      }
    }
    for (let off = 0; off < body.length; ) {
      const n = writeSync(fd, body, off, body.length - off);
      if (n === 0) throw Object.assign(new Error('the file system took no bytes'), { code: 'EIO' });
      off += n;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
    return { ok: true };
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    return { ok: false, error: explainWriteError(path, e as NodeJS.ErrnoException) };
  }
}

/** Temporary files older than this are stale even when their process id is in use again. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Remove temporary files left beside `path` by writes that were killed
 * (`.NAME.hna.json.PID.HEX.tmp`): those of processes that no longer run, and
 * any older than an hour. A write in progress (this process or another live
 * one) is left alone. Returns how many were removed; never throws.
 */
export async function cleanStaleTemps(path: string): Promise<number> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    const p = join(dir, name);
    try {
      const st = await fsp.lstat(p);
      if (!st.isFile()) continue;
      const old = Date.now() - st.mtimeMs > STALE_TEMP_MS;
      if (!old && (pid === process.pid || processRuns(pid))) continue;
      await fsp.rm(p);
      removed++;
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
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
  // Renamed first, so the annotations are never in two places or none, and keep their mode and owner.
  try {
    await fsp.rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV' || !cur.ok) return { ok: false, error: explainWriteError(to, e as NodeJS.ErrnoException) };
    // Another file system: copy, then remove.
    const w = await writeSidecar(to, { ...cur.data, article: basename(newArticle) });
    if (!w.ok) return w;
    try {
      await fsp.rm(from);
    } catch (e2) {
      return { ok: false, error: `annotations copied to ${to}, but the old file ${from} could not be removed: ${(e2 as Error).message}` };
    }
    return { ok: true, moved: true };
  }
  // Then the new article name is recorded (an unreadable sidecar moves byte for byte).
  if (cur.ok && cur.data.article !== basename(newArticle)) {
    const w = await writeSidecar(to, { ...cur.data, article: basename(newArticle) });
    if (!w.ok) return { ok: true, moved: true };
  }
  return { ok: true, moved: true };
}

function explainWriteError(path: string, e: NodeJS.ErrnoException): string {
  const dir = dirname(path);
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return `cannot save annotations to ${path}: the folder ${dir} is read-only (${e.code}). Make the folder writable, or copy the article to a writable folder and annotate it there.`;
    case 'EROFS':
      return `cannot save annotations to ${path}: the folder ${dir} is on a file system mounted read-only (EROFS). Copy the article to a writable folder and annotate it there, or mount the file system read-write.`;
    case 'ENOTDIR':
      return `cannot save annotations to ${path}: ${dir} is not a folder (ENOTDIR). Save the article inside a real folder and annotate it there.`;
    case 'ENOENT':
      return `cannot save annotations to ${path}: the folder ${dir} does not exist or cannot hold files (ENOENT). Save the article to a normal folder first.`;
    case 'ENOSPC':
      return `cannot save annotations to ${path}: the disk is full (ENOSPC). Free some space on it; the previous annotations file is unchanged.`;
    case 'EDQUOT':
      return `cannot save annotations to ${path}: your disk quota is used up (EDQUOT). Free some of your space, or ask for a larger quota; the previous annotations file is unchanged.`;
    case 'EFBIG':
      return `cannot save annotations to ${path}: the file would be larger than this process may write (EFBIG: a file size limit, \`ulimit -f\`, is set for the editor). Raise it without restarting, so nothing pending is lost: \`prlimit --pid ${process.pid} --fsize=unlimited\`; the previous annotations file is unchanged.`;
    default:
      return `cannot save annotations to ${path}: ${e.message}. The previous annotations file is unchanged.`;
  }
}


function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkRange(r: Record<string, unknown>): string | undefined {
  const { start, end } = r;
  // Safe integers only: 1e308 or 2^53+2 would be rounded, and a rewrite would store another number.
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) return `"start" (${JSON.stringify(start)}) is not a non-negative integer`;
  if (typeof end !== 'number' || !Number.isSafeInteger(end) || end < start) return `"end" (${JSON.stringify(end)}) is not an integer ≥ "start"`;
  return undefined;
}

function checkSuggestion(x: Record<string, unknown>): string | undefined {
  if (typeof x.label !== 'string' || typeof x.text !== 'string') return 'needs "label" and "text"';
  for (const k of ['source', 'reason', 'entityId'] as const) if (x[k] !== undefined && typeof x[k] !== 'string') return `"${k}" is not a string`;
  if (x.confidence !== undefined && (typeof x.confidence !== 'number' || !(x.confidence >= 0 && x.confidence <= 1))) return '"confidence" is not a number from 0 to 1';
  return undefined;
}

/** The annotation stored in `a`, or why it is not one. */
function readAnnotation(a: unknown): StoredAnnotation | string {
  if (!isObject(a)) return 'is not an object';
  const r = checkRange(a);
  if (r) return r;
  for (const k of ['id', 'label', 'text', 'createdAt'] as const) if (typeof a[k] !== 'string') return `"${k}" is not a string`;
  for (const k of ['contextBefore', 'contextAfter'] as const) if (a[k] !== undefined && typeof a[k] !== 'string') return `"${k}" is not a string`;
  if (a.id === '') return '"id" is empty';
  if (a.source !== 'manual' && a.source !== 'accepted') return '"source" is neither "manual" nor "accepted"';
  if (a.entityId !== undefined && typeof a.entityId !== 'string') return '"entityId" is not a string';
  if (a.status !== undefined && a.status !== 'ok' && a.status !== 'orphaned') return `"status" is ${JSON.stringify(a.status)}, expected "orphaned"`;
  const out: StoredAnnotation = {
    id: a.id,
    start: a.start,
    end: a.end,
    label: a.label,
    text: a.text,
    contextBefore: a.contextBefore ?? '',
    contextAfter: a.contextAfter ?? '',
    source: a.source,
    createdAt: a.createdAt,
  };
  if (a.entityId !== undefined) out.entityId = a.entityId;
  if (a.status === 'orphaned') out.status = 'orphaned';
  const extra = unknownFields(a, ANNOTATION_KEYS);
  if (extra) out.extra = extra;
  return out;
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
  if (a.extra) o.extra = a.extra;
  return o;
}

function orderRejectionKeys(r: Rejection): Rejection {
  const o: Rejection = { ...(r.id ? { id: r.id } : {}), start: r.start, end: r.end, label: r.label, text: r.text };
  if (r.extra) o.extra = r.extra;
  return o;
}
