/**
 * Finding the articles under the folders and files a user names.
 *
 * The walk never leaves its roots: a symbolic link inside a folder is not
 * followed (an "article" linked to a private key elsewhere, or a folder
 * linked back to its parent, would otherwise put foreign files in a dataset
 * or loop), and each one is reported. A root the user names explicitly is
 * taken as named, links included. Folders written by an export (they hold
 * {@link EXPORT_MARKER}) and the configured export folder are skipped, so an
 * export never becomes input of the next one. Only regular files are read.
 */
import { promises as fsp, type Dirent } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { SIDECAR_SUFFIX } from '../annotations/sidecar';
import { EXPORT_MARKER } from './marker';

/** One article found. */
export interface FoundArticle {
  /** Path as reached from the root the user gave. */
  path: string;
  /** The article's real path (links resolved), unique per article. */
  realPath: string;
  /** Stable document id: the path relative to its root folder, or the file name for a file root. */
  id: string;
}

/** Something seen and deliberately not read, with the reason in words. */
export interface SkippedEntry {
  path: string;
  reason: string;
  /** `export`: an export folder, skipped as expected; `link`, `other`: worth a warning. */
  kind: 'export' | 'link' | 'other';
}

export interface WalkResult {
  articles: FoundArticle[];
  skipped: SkippedEntry[];
  /** Problems naming the path (missing root, unreadable folder). */
  errors: string[];
  /** Real paths of the root folders (for confinement checks). */
  rootFolders: string[];
  /** Annotations files whose article is not beside them (renamed, moved or deleted outside the editor). */
  strays: string[];
}

export interface WalkOptions {
  /** Folder names, relative to each root folder, that hold exports (`hindiNews.exportFolder`, default `exports`). */
  exportFolders?: readonly string[];
  /** Absolute real paths of folders never entered (for example the export being written). */
  excludeDirs?: readonly string[];
  /** Extension of article files; `.txt` by default. */
  extension?: string;
  /**
   * Folders ids are relative to when an article is inside one (the workspace
   * folders), so an article has the same id whether it is exported alone,
   * with its folder or with the whole workspace. Otherwise an id is relative
   * to the root folder given, or the file name of a file given.
   */
  idRoots?: readonly string[];
}

/** Folder names never entered: version control and dependencies. */
const SKIP_NAMES = new Set(['node_modules']);

/** True when `child` is `parent` or inside it (both absolute, normalised). */
export function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const p = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(p);
}

/**
 * The articles under `roots` (files and folders), each once, folders walked
 * in sorted order; never throws.
 */
export async function findArticles(roots: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const ext = options.extension ?? '.txt';
  const out: WalkResult = { articles: [], skipped: [], errors: [], rootFolders: [], strays: [] };
  const seen = new Map<string, string>(); // real path → id it was exported under
  const exclude = new Set(options.excludeDirs ?? []);
  const rootReals: Array<{ path: string; real: string; dir: boolean }> = [];
  for (const p of roots) {
    let st;
    try {
      st = await fsp.stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.errors.push(`cannot read ${p}: ${code === 'ENOENT' ? 'no such file or folder' : code === 'ELOOP' ? 'a loop of symbolic links' : (e as Error).message}`);
      continue;
    }
    const real = await fsp.realpath(p).catch(() => p);
    if (st.isDirectory()) {
      rootReals.push({ path: p, real, dir: true });
      out.rootFolders.push(real);
    } else rootReals.push({ path: p, real, dir: false });
  }
  const idRoots = (options.idRoots ?? []).map((r) => resolve(r)).sort((a, b) => b.length - a.length);
  const idOf = (path: string, fallback: string) => {
    const abs = resolve(path);
    const base = idRoots.find((r) => abs !== r && isInside(abs, r));
    return base ? relative(base, abs).split(sep).join('/') : fallback;
  };
  const add = (path: string, realPath: string, fallbackId: string) => {
    const id = idOf(path, fallbackId);
    const prev = seen.get(realPath);
    if (prev !== undefined) {
      out.skipped.push({ path, reason: prev === id ? 'named twice; read once' : `the same file as ${prev}; read once`, kind: 'other' });
      return;
    }
    seen.set(realPath, id);
    out.articles.push({ path, realPath, id });
  };

  for (const root of rootReals) {
    if (!root.dir) {
      const st = await fsp.stat(root.path).catch(() => undefined);
      if (!st?.isFile()) out.errors.push(`cannot read ${root.path}: not a regular file`);
      else add(root.path, root.real, basename(root.path));
      continue;
    }
    const exportDirs = new Set((options.exportFolders ?? []).filter((f) => f.trim()).map((f) => join(root.real, f)));
    const walk = async (dir: string, realDir: string): Promise<void> => {
      if (exclude.has(realDir)) {
        out.skipped.push({ path: dir, reason: 'the export being written', kind: 'export' });
        return;
      }
      let entries: Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch (e) {
        out.errors.push(`cannot list folder ${dir}: ${(e as Error).message}`);
        return;
      }
      if (realDir !== root.real && entries.some((e) => e.name === EXPORT_MARKER)) {
        out.skipped.push({ path: dir, reason: 'a folder written by an export (it holds ' + EXPORT_MARKER + '); exports are never read as articles', kind: 'export' });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const names = new Set(entries.map((e) => e.name));
      for (const e of entries) {
        if (e.name.endsWith(ext + SIDECAR_SUFFIX) && e.isFile() && !e.name.startsWith('.') && !names.has(e.name.slice(0, -SIDECAR_SUFFIX.length))) out.strays.push(join(dir, e.name));
      }
      for (const e of entries) {
        if (e.name.startsWith('.') || SKIP_NAMES.has(e.name)) continue;
        const p = join(dir, e.name);
        const realP = join(realDir, e.name);
        if (e.isSymbolicLink()) {
          await reportLink(p, e.name, ext, rootReals, out);
        } else if (e.isDirectory()) {
          if (exportDirs.has(realP)) {
            out.skipped.push({ path: p, reason: 'the export folder (hindiNews.exportFolder, --export-folder); exports are never read as articles', kind: 'export' });
            continue;
          }
          await walk(p, realP);
        } else if (e.name.endsWith(ext)) {
          if (e.isFile()) add(p, realP, relative(root.path, p).split(sep).join('/'));
          else out.skipped.push({ path: p, reason: 'not a regular file (a pipe, socket or device); only regular files are read', kind: 'other' });
        }
      }
    };
    await walk(root.path, root.real);
  }
  return out;
}

async function reportLink(path: string, name: string, ext: string, roots: ReadonlyArray<{ real: string; dir: boolean }>, out: WalkResult): Promise<void> {
  const target = await fsp.realpath(path).catch(() => undefined);
  if (target === undefined) {
    if (name.endsWith(ext)) out.skipped.push({ path, reason: 'a broken symbolic link', kind: 'link' });
    return;
  }
  const st = await fsp.stat(target).catch(() => undefined);
  if (!st?.isDirectory() && !name.endsWith(ext)) return;
  const inside = roots.some((r) => r.dir && isInside(target, r.real));
  out.skipped.push({
    path,
    kind: 'link',
    reason: inside
      ? 'a symbolic link; links are not followed (its target is inside the exported folders and is read under its own name)'
      : 'a symbolic link to a place outside the exported folders; links are not followed',
  });
}
