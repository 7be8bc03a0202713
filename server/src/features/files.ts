/**
 * Which files the server handles: the `hindi-news` language, or plain text
 * whose path matches `hindiNews.files` and that contains Devanagari.
 */
import picomatch from 'picomatch';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containsDevanagari } from '../core/corpus/articles';
import { EXPORT_MARKER } from '../core/corpus/marker';
import { CONLL_DOCSTART } from '../core/export/conll';
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

/** Marker lookups per folder, briefly cached: exports are created and moved while the server runs. */
const markerCache = new Map<string, { marked: boolean; at: number }>();
const MARKER_TTL_MS = 2000;

function hasMarker(dir: string): boolean {
  const now = Date.now();
  const hit = markerCache.get(dir);
  if (hit && now - hit.at < MARKER_TTL_MS) return hit.marked;
  const marked = existsSync(join(dir, EXPORT_MARKER));
  if (markerCache.size > 4096) markerCache.clear();
  markerCache.set(dir, { marked, at: now });
  return marked;
}

/**
 * True when the file is part of an export, never an article: inside the
 * workspace folder's `hindiNews.exportFolder`, or inside any folder holding
 * an export marker (so a moved or renamed export is still recognised).
 */
export function isInExport(uri: string, folders: readonly string[], exportFolder: string): boolean {
  if (!uri.startsWith('file:')) return false;
  const p = uriPath(uri);
  const rel = matchPath(uri, folders);
  if (exportFolder && rel !== p && (rel === exportFolder || rel.startsWith(exportFolder.replace(/\/$/, '') + '/'))) return true;
  const root = rel !== p ? p.slice(0, p.length - rel.length - 1) : '';
  // The workspace folder itself is not checked: a user who opens an export as a workspace means to read it.
  for (let dir = dirname(p); dir !== root; dir = dirname(dir)) {
    if (hasMarker(dir)) return true;
    if (dirname(dir) === dir) return false;
  }
  return false;
}

/** A CoNLL file an export wrote among the articles (`--out corpus/train.txt`): data, not an article. */
export function isConllExport(text: string): boolean {
  return text.startsWith(CONLL_DOCSTART);
}

export function isHandled(languageId: string, uri: string, text: string, globs: readonly string[], folders: readonly string[], exportFolder = ''): boolean {
  if (isInExport(uri, folders, exportFolder) || isConllExport(text)) return false;
  if (languageId === LANGUAGE_ID) return true;
  if (!PLAIN_TEXT_IDS.has(languageId)) return false;
  return globMatcher(globs)(matchPath(uri, folders)) && containsDevanagari(text);
}
