/**
 * Where an export or an import may write, decided before anything is
 * written, and a writer that stays there.
 *
 * An export never writes over an article being exported, never into the
 * folder that holds the articles, never into a non-empty folder it did not
 * create unless forced, and never over an existing file without being told.
 * Paths are resolved (links included) first: a folder that lies inside the
 * workspace by name but leads outside it through a symbolic link is refused,
 * and nothing is ever written through a link met on the way down.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cleanStaleTemps, SIDECAR_SUFFIX } from '../annotations/sidecar';
import { processRuns, tempPathFor, writeFileAtomic } from '../atomicFile';
import { EXPORT_MARKER, readExportMarker } from './marker';
import { isInside } from './walk';

/** A refusal: says what would have happened and what to do instead. */
export class OutputError extends Error {}

/** The real path of `p`, resolving the part that exists and keeping the rest as written. */
export async function realPathOf(p: string): Promise<string> {
  const abs = resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      const real = await fsp.realpath(cur);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return abs;
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

/**
 * Refuse `target` when it lies, by name, inside one of `confines` (folders
 * such as the workspace or the exported folders) but its real path leads
 * outside them.
 */
export async function checkConfined(target: string, confines: readonly string[], what: string): Promise<string> {
  const abs = resolve(target);
  const real = await realPathOf(abs);
  for (const c of confines) {
    const cAbs = resolve(c);
    const cReal = await realPathOf(cAbs);
    if (isInside(abs, cAbs) && !isInside(real, cReal)) {
      throw new OutputError(`${what} ${target} leads outside ${c} through a symbolic link; nothing was written. Choose a folder inside ${c} that is not a link.`);
    }
  }
  return real;
}

/**
 * Writes files under one folder and nowhere else: every folder on the way is
 * created or checked, and a symbolic link met there, or in the place of the
 * file, is refused. Files are replaced atomically (temporary file, rename).
 */
export class ConfinedWriter {
  private readonly checked = new Set<string>();
  /** Files written, relative to the root, `/`-separated. */
  readonly written: string[] = [];

  /**
   * @param root the folder's real path (see {@link realPathOf}); created if missing.
   * @param forbidden real paths that must never be written (the articles being exported).
   * @param durable flush each file (and its folder) to the disk: for user data such as imported articles.
   */
  constructor(
    readonly root: string,
    private readonly forbidden: ReadonlySet<string> = new Set(),
    private readonly durable = false,
  ) {}

  /** Absolute path of `rel` after checking every folder on the way (creating the missing ones). */
  async target(rel: string): Promise<string> {
    const parts = rel.split(/[\\/]+/).filter((x) => x && x !== '.');
    if (parts.length === 0 || parts.includes('..')) throw new OutputError(`${JSON.stringify(rel)} is not a path inside ${this.root}`);
    let dir = this.root;
    await this.ensureDir(dir, true);
    for (const part of parts.slice(0, -1)) {
      dir = join(dir, part);
      await this.ensureDir(dir, false);
    }
    const path = join(dir, parts[parts.length - 1]!);
    const st = await fsp.lstat(path).catch(() => undefined);
    if (st?.isSymbolicLink()) throw new OutputError(`${path} is a symbolic link; the export does not write through links. Remove it or choose another folder.`);
    if (st && !st.isFile()) throw new OutputError(`${path} exists and is not a regular file; remove it or choose another folder.`);
    if (this.forbidden.has(path) || path.endsWith(SIDECAR_SUFFIX)) throw new OutputError(`${path} is an article or its annotations; an export never writes over them. Choose another output.`);
    return path;
  }

  private async ensureDir(dir: string, isRoot: boolean): Promise<void> {
    if (this.checked.has(dir)) return;
    const st = await fsp.lstat(dir).catch(() => undefined);
    if (!st) {
      await fsp.mkdir(dir, { recursive: isRoot });
    } else if (st.isSymbolicLink() && !isRoot) {
      throw new OutputError(`${dir} is a symbolic link; nothing is written through links. Remove the link or choose another folder.`);
    } else if (!st.isDirectory() && !st.isSymbolicLink()) {
      throw new OutputError(`${dir} is a file where a folder is needed; remove it or choose another output.`);
    }
    this.checked.add(dir);
  }

  /** Write `data` to `rel` atomically. */
  async writeFile(rel: string, data: string | Uint8Array): Promise<string> {
    const path = await this.target(rel);
    await writeFileAtomic(path, data, { durable: this.durable });
    this.record(rel);
    return path;
  }

  /**
   * Open `rel` for streaming into a new temporary file beside it: `commit`
   * closes it and renames it over `rel` (a link planted there is replaced, never
   * followed); `abort` closes and removes it, so a failed export leaves no
   * truncated file in place of the old one.
   */
  async open(rel: string): Promise<StreamedFile> {
    const path = await this.target(rel);
    // What an export killed while streaming this file left beside it (it can be as large as the dataset).
    await cleanStaleTemps(path);
    const tmp = tempPathFor(path);
    const fh = await fsp.open(tmp, 'wx', 0o666);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await fh.close();
    };
    return {
      path,
      fh,
      commit: async () => {
        try {
          await close();
          await fsp.rename(tmp, path);
        } catch (e) {
          await fsp.rm(tmp, { force: true }).catch(() => undefined);
          throw e;
        }
        this.record(rel);
      },
      abort: async () => {
        await close().catch(() => undefined);
        await fsp.rm(tmp, { force: true }).catch(() => undefined);
      },
    };
  }

  private record(rel: string): void {
    const r = rel.split(/[\\/]+/).filter((x) => x && x !== '.').join('/');
    if (!this.written.includes(r)) this.written.push(r);
  }
}

/** A file being streamed by {@link ConfinedWriter.open}. */
export interface StreamedFile {
  /** Where it goes once committed. */
  path: string;
  fh: fsp.FileHandle;
  /** Put it in place (rename); rejects with the file system's error. */
  commit(): Promise<void>;
  /** Drop it; never rejects. */
  abort(): Promise<void>;
}

/** What an export is about to write, decided by {@link planExportOutput}. */
export interface OutputPlan {
  /** The folder written into (real path). */
  folder: string;
  /** The file, relative to `folder`, when the output is a single file. */
  file?: string;
  /** True when `folder` is an earlier export being replaced. */
  replacing: boolean;
  /** Files of the earlier export (relative), removed at the end unless written again. */
  previousFiles: string[];
  /** Said to the user before the export starts (for example "writing into an existing export folder"). */
  notes: string[];
}

export interface PlanInput {
  /** The output as the user gave it. */
  out: string;
  /** True when the output is one file, false when it is a folder. */
  isFile: boolean;
  force: boolean;
  /** Real paths of the articles being exported. */
  articles: ReadonlySet<string>;
  /** Real paths of the folders being exported. */
  rootFolders: readonly string[];
  /** Folders the output must stay inside of when it is inside them by name (the workspace). */
  confines: readonly string[];
}

/** Decide where the export goes, or refuse with a message saying why and what to do. */
export async function planExportOutput(p: PlanInput): Promise<OutputPlan> {
  const outAbs = resolve(p.out);
  const folderAbs = p.isFile ? dirname(outAbs) : outAbs;
  await checkConfined(folderAbs, [...p.confines, ...p.rootFolders], 'the output');
  const realFolder = await realPathOf(folderAbs);
  // A single file may sit among the articles (a dataset.jsonl beside them); a folder of output may not.
  for (const r of p.isFile ? [] : p.rootFolders) {
    if (isInside(r, realFolder)) {
      throw new OutputError(
        `the output folder ${folderAbs} holds the articles being exported; an export never writes among them. Choose a folder of its own, for example ${join(folderAbs, 'exports', 'dataset')}.`,
      );
    }
  }
  const notes: string[] = [];
  if (p.isFile) {
    const file = join(realFolder, basename(outAbs));
    const st = await fsp.lstat(file).catch(() => undefined);
    if (st) {
      if (p.articles.has(file) || file.endsWith(SIDECAR_SUFFIX)) {
        throw new OutputError(`${p.out} is an article being exported (or its annotations); the export would overwrite it. Choose another --out.`);
      }
      if (!st.isFile()) throw new OutputError(`${p.out} exists and is not a regular file; choose another --out.`);
      if (!p.force) throw new OutputError(`${p.out} already exists; nothing was written. Pass --force to replace it, or choose another name.`);
      notes.push(`replacing ${p.out} (--force)`);
    }
    return { folder: realFolder, file: basename(outAbs), replacing: false, previousFiles: [], notes };
  }
  const st = await fsp.lstat(realFolder).catch(() => undefined);
  if (!st) return { folder: realFolder, replacing: false, previousFiles: [], notes };
  if (!st.isDirectory()) throw new OutputError(`${p.out} exists and is not a folder; choose another output folder.`);
  const marker = await readExportMarker(realFolder);
  if (marker) {
    notes.push(`${p.out} holds an earlier export; its files are replaced`);
    return { folder: realFolder, replacing: true, previousFiles: marker.files, notes };
  }
  const entries = (await fsp.readdir(realFolder)).filter((n) => n !== '.DS_Store' && n !== EXPORT_LOCK);
  if (entries.length === 0) return { folder: realFolder, replacing: false, previousFiles: [], notes };
  for (const a of p.articles) {
    if (isInside(a, realFolder)) throw new OutputError(`${p.out} holds articles being exported; an export never writes among them. Choose a folder of its own.`);
  }
  if (!p.force) {
    throw new OutputError(
      `${p.out} is not empty and was not written by an export (${entries.length} item${entries.length === 1 ? '' : 's'} there); nothing was written. Choose a new or empty folder, or pass --force to write into it (files of the same names are replaced).`,
    );
  }
  notes.push(`writing into ${p.out}, which is not empty (--force): files of the same names are replaced`);
  return { folder: realFolder, replacing: false, previousFiles: [], notes };
}

/** Held in an export folder while an export writes into it. */
export const EXPORT_LOCK = '.hindi-news-export.lock';

/**
 * Take the export folder `writer.root` for one export: a second export into
 * the same folder while this one runs would mix two datasets in it (files of
 * both, the list of only one), so it is refused. The lock of an export that
 * was killed (its process is gone) is taken over. Returns the release.
 */
export async function lockExportFolder(writer: ConfinedWriter): Promise<() => Promise<void>> {
  const path = await writer.target(EXPORT_LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await fsp.open(path, 'wx', 0o644);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return () => fsp.rm(path, { force: true }).catch(() => undefined);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    const pid = Number((await fsp.readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processRuns(pid)) {
      throw new OutputError(`another export (process ${pid}) is writing into ${writer.root}; two at once would mix their files. Wait for it to finish, or choose another output.`);
    }
    if (pid === process.pid) throw new OutputError(`another export is writing into ${writer.root}; two at once would mix their files. Wait for it to finish, or choose another output.`);
    // Left by an export that was killed.
    await fsp.rm(path, { force: true });
  }
}

/** Remove files of an earlier export that this one did not write again (only regular files, only inside `folder`). */
export async function removeStaleFiles(folder: string, previous: readonly string[], written: readonly string[]): Promise<number> {
  const keep = new Set(written);
  let removed = 0;
  for (const rel of previous) {
    if (keep.has(rel) || rel === EXPORT_MARKER) continue;
    const parts = rel.split('/');
    if (parts.some((x) => !x || x === '.' || x === '..')) continue;
    const path = join(folder, ...parts);
    if (!isInside(path, folder)) continue;
    // Never through links: every folder on the way must be a real folder.
    let ok = true;
    let dir = folder;
    for (const part of parts.slice(0, -1)) {
      dir = join(dir, part);
      const st = await fsp.lstat(dir).catch(() => undefined);
      if (!st?.isDirectory()) {
        ok = false;
        break;
      }
    }
    const st = ok ? await fsp.lstat(path).catch(() => undefined) : undefined;
    if (!st?.isFile()) continue;
    await fsp.rm(path).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

