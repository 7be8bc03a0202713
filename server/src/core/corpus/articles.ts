/**
 * Reading one article: only regular files, with a size limit, checked for
 * binary content and strict UTF-8. Every problem is a message naming the
 * file; the file's contents are never quoted.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const DEVANAGARI = /[\u0900-\u097F\uA8E0-\uA8FF]/;

/** Whether `text` (its first `limit` code units) holds a Devanagari letter. */
export function containsDevanagari(text: string, limit = 64 * 1024): boolean {
  return DEVANAGARI.test(text.length > limit ? text.slice(0, limit) : text);
}

/**
 * Whether a text file found in a workspace is a Hindi article: it holds Devanagari, or its
 * name says so (`*.hindi.txt`, for an article still to be written or transliterated). The
 * editor's Review view and the export walk use this one rule, so a README or an English note
 * beside the articles is neither listed nor exported as an article.
 */
export function looksLikeArticle(text: string, path: string): boolean {
  return containsDevanagari(text) || path.endsWith('.hindi.txt');
}

/** Files larger than this are refused: a news article is a few kilobytes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface InputDoc {
  id: string;
  text: string;
  /** The file began with a byte order mark, dropped from `text` (brat counts it as a character). */
  bom?: boolean;
}

export type InputResult = { ok: true; doc: InputDoc } | { ok: false; id: string; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes as an article: refuses binary data and invalid UTF-8 with a message naming `id`. A leading BOM is dropped (offsets count from after it). */
export function decodeArticle(id: string, bytes: Uint8Array): InputResult {
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, id, error: `${id}: file is ${(bytes.length / 1048576).toFixed(1)} MB, above the ${MAX_FILE_BYTES / 1048576} MB limit for one article; split it into articles` };
  }
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) {
    if (bytes[i] === 0) return { ok: false, id, error: `${id}: looks like a binary file (NUL byte at ${i}); only UTF-8 text articles are read` };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, id, error: invalidUtf8Message(id, bytes) };
  }
  // The decoder drops a leading byte order mark itself (and keeps a second one).
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { ok: true, doc: { id, text, bom: true } };
  return { ok: true, doc: { id, text } };
}

/**
 * Why `bytes` cannot be an article's text, or undefined: a NUL byte near
 * the start (a binary file) or bytes that are not UTF-8. An editor shows
 * such a file with U+FFFD in place of the bad bytes, and offsets counted in
 * that text are not those of the file.
 */
export function encodingProblem(id: string, bytes: Uint8Array): string | undefined {
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return `${id}: looks like a binary file (NUL byte at ${i}); only UTF-8 text articles are read`;
  try {
    decoder.decode(bytes);
    return undefined;
  } catch {
    return invalidUtf8Message(id, bytes);
  }
}

function invalidUtf8Message(id: string, bytes: Uint8Array): string {
  return `${id}: not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); re-save the file as UTF-8`;
}

/** Read one file as an article (regular files only; a pipe or device is refused, never waited on). */
export function readArticle(path: string): InputResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not hang; it is refused below.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, id: path, error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, id: path, error: `cannot read ${path}: not a regular file; only regular files are read as articles` };
    if (st.size > MAX_FILE_BYTES) {
      return { ok: false, id: path, error: `${path}: file is ${(st.size / 1048576).toFixed(1)} MB, above the ${MAX_FILE_BYTES / 1048576} MB limit for one article; split it into articles` };
    }
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return decodeArticle(path, buf.subarray(0, off));
  } catch (e) {
    return { ok: false, id: path, error: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
