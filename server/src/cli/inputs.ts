/**
 * Reading articles for the command line: folders are walked for `.txt`
 * files, every file is checked for binary content and strict UTF-8, and each
 * problem is reported with the file's path while the others go on.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files larger than this are refused: a news article is a few kilobytes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface InputDoc {
  id: string;
  text: string;
}

export type InputResult = { ok: true; doc: InputDoc } | { ok: false; id: string; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Expand files and folders (recursively, `.txt` files, sorted) in the order given. */
export function expandPaths(paths: readonly string[]): Array<{ path: string; error?: string }> {
  const out: Array<{ path: string; error?: string }> = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      out.push({ path: p, error: `cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) walk(p, out);
    else out.push({ path: p });
  }
  return out;
}

function walk(dir: string, out: Array<{ path: string; error?: string }>): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    out.push({ path: dir, error: `cannot list folder ${dir}: ${(e as Error).message}` });
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      out.push({ path: p, error: `cannot read ${p}: ${(e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) walk(p, out);
    else if (name.endsWith('.txt')) out.push({ path: p });
  }
}

/** Decode bytes as an article: refuses binary data and invalid UTF-8 with a message naming `id`. */
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
    const at = firstInvalidUtf8(bytes);
    return { ok: false, id, error: `${id}: not valid UTF-8 (first bad byte at offset ${at}); re-save the file as UTF-8` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, doc: { id, text } };
}

/** Read one file as an article. */
export function readArticle(path: string): InputResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, id: path, error: `cannot read ${path}: ${(e as Error).message}` };
  }
  return decodeArticle(path, bytes);
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
