/**
 * Which files the server handles: the `hindi-news` language, or plain text
 * whose path matches `hindiNews.files` and that contains Devanagari.
 */
import picomatch from 'picomatch';
import { fileURLToPath } from 'node:url';
import { LANGUAGE_ID } from '../protocol';

const matchers = new Map<string, (path: string) => boolean>();

/** A cached matcher for a list of globs (`**` spans folders; dot folders included). */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\u0000');
  let m = matchers.get(key);
  if (!m) {
    m = globs.length ? picomatch([...globs], { dot: true, windows: false }) : () => false;
    if (matchers.size > 64) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

const DEVANAGARI = /[\u0900-\u097F\uA8E0-\uA8FF]/;

export function containsDevanagari(text: string, limit = 64 * 1024): boolean {
  return DEVANAGARI.test(text.length > limit ? text.slice(0, limit) : text);
}

/** The URI's path with forward slashes; file URIs become file-system paths. */
export function uriPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri).replace(/\\/g, '/');
    } catch {
      /* fall through to the raw path */
    }
  }
  const i = uri.indexOf(':');
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri).replace(/^\/\//, '/');
}

/**
 * The path globs are matched against: relative to the containing workspace
 * folder when there is one (as VS Code's own `files.exclude` does), the
 * absolute path otherwise (`**` at the start of a glob still matches it).
 */
export function matchPath(uri: string, folders: readonly string[]): string {
  const p = uriPath(uri);
  let best = '';
  for (const f of folders) {
    const fp = uriPath(f).replace(/\/$/, '');
    if ((p === fp || p.startsWith(fp + '/')) && fp.length > best.length) best = fp;
  }
  return best ? p.slice(best.length + 1) : p;
}

/** Language ids editors give plain text: VS Code `plaintext`, Neovim and Emacs `text`. */
const PLAIN_TEXT_IDS = new Set(['plaintext', 'text', 'txt', '']);

export function isHandled(languageId: string, uri: string, text: string, globs: readonly string[], folders: readonly string[]): boolean {
  if (languageId === LANGUAGE_ID) return true;
  if (!PLAIN_TEXT_IDS.has(languageId)) return false;
  return globMatcher(globs)(matchPath(uri, folders)) && containsDevanagari(text);
}
