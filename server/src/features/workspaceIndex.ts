/**
 * The workspace's articles, analysed lazily (on the first references or
 * workspace-symbol request) and kept as compact mention lists; re-read only
 * when a file's size or mtime changed. Bounded in files, bytes and time.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Range } from 'vscode-languageserver';
import type { Recognizer } from '../core/recognizer';
import type { EntityLabel, Span } from '../core/types';
import { EXPORT_MARKER } from '../core/corpus/marker';
import { entityKey } from './entities';
import { decodeArticle, looksLikeArticle } from '../core/corpus/articles';
import { globMatcher, isConllExport, uriPath } from './files';
import { LineIndex, toRange } from './positions';

/** One mention as the index keeps it: no text of the file, just what navigation needs. */
export interface IndexedMention {
  key: string;
  label: EntityLabel;
  text: string;
  entityId?: string;
  range: Range;
}

export interface IndexedFile {
  uri: string;
  size: number;
  mtimeMs: number;
  mentions: IndexedMention[];
}

export interface WorkspaceIndexOptions {
  /** Workspace folder URIs. */
  folders(): readonly string[];
  /** Article globs, size limit and export folder of a workspace folder. */
  settings(folderUri: string): Promise<{ files: readonly string[]; maxFullDocumentSize: number; exportFolder?: string }>;
  recognizer(): Recognizer;
  log(message: string): void;
  maxFiles?: number;
  /** Directory entries visited per walk at most (protects against huge trees). */
  maxEntries?: number;
  /** Re-walk the folders at most this often; changes in between arrive through {@link WorkspaceIndex.invalidate}. */
  rewalkMs?: number;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
const SLICE_MS = 15;

export function mentionsOf(text: string, spans: readonly Span[]): IndexedMention[] {
  const lines = new LineIndex(text);
  return spans.map((s) => {
    const m: IndexedMention = { key: entityKey(s), label: s.label, text: s.text, range: toRange(lines, s.start, s.end) };
    if (s.entityId) m.entityId = s.entityId;
    return m;
  });
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Files the globs match that are no articles (no Devanagari, or a CoNLL export), by size and mtime, so they are not read again. */
  private readonly notArticles = new Map<string, { size: number; mtimeMs: number }>();
  /** Articles that cannot be read as UTF-8 text, with why, by size and mtime (said once per state of the file). */
  private readonly broken = new Map<string, { size: number; mtimeMs: number; error: string }>();
  private paths: string[] = [];
  private walkedAt = 0;
  /** Bumped by every invalidation: a walk that saw one while it ran does not count as fresh. */
  private invalidations = 0;
  private building: Promise<void> | undefined;
  private truncatedWarned = false;
  private limits = new Map<string, number>();

  constructor(private readonly opts: WorkspaceIndexOptions) {}

  /** All indexed articles; walks and analyses what changed first. Undefined when cancelled. */
  async articles(token?: CancellationToken): Promise<IndexedFile[] | undefined> {
    while (this.building) await this.building;
    if (token?.isCancellationRequested) return undefined;
    const work = this.refresh(token);
    this.building = work.finally(() => {
      this.building = undefined;
    });
    await this.building;
    if (token?.isCancellationRequested) return undefined;
    return this.paths.map((p) => this.files.get(p)).filter((f): f is IndexedFile => f !== undefined);
  }

  /** A file changed, was created or deleted (watched-file events); undefined means everything. */
  invalidate(uri?: string): void {
    if (uri === undefined) {
      this.files.clear();
      this.notArticles.clear();
      this.broken.clear();
      this.walkedAt = 0;
      this.invalidations++;
      return;
    }
    this.files.delete(uriPath(uri));
    this.notArticles.delete(uriPath(uri));
    this.broken.delete(uriPath(uri));
    this.walkedAt = 0;
    this.invalidations++;
  }

  /** Articles of the last walk that cannot be read (invalid UTF-8, binary), with a message naming each. */
  problems(): Array<{ uri: string; error: string }> {
    return this.paths.filter((p) => this.broken.has(p)).map((p) => ({ uri: pathToFileURL(p).toString(), error: this.broken.get(p)!.error }));
  }

  private async refresh(token?: CancellationToken): Promise<void> {
    const maxFiles = this.opts.maxFiles ?? 5000;
    if (Date.now() - this.walkedAt > (this.opts.rewalkMs ?? 5000)) {
      const seen = this.invalidations;
      const found: Array<{ path: string; max: number }> = [];
      for (const folder of this.opts.folders()) {
        if (!folder.startsWith('file:')) continue;
        const s = await this.opts.settings(folder);
        const match = globMatcher(s.files);
        for (const path of await findFiles(uriPath(folder), match, maxFiles - found.length, this.opts.maxEntries, s.exportFolder ?? '')) found.push({ path, max: s.maxFullDocumentSize });
        if (token?.isCancellationRequested) return;
      }
      this.paths = found.map((f) => f.path);
      const limits = new Map(found.map((f) => [f.path, f.max]));
      for (const p of this.files.keys()) if (!limits.has(p)) this.files.delete(p);
      for (const p of this.notArticles.keys()) if (!limits.has(p)) this.notArticles.delete(p);
      for (const p of this.broken.keys()) if (!limits.has(p)) this.broken.delete(p);
      // A file created while the folders were being walked may have been passed over: walk again next time.
      this.walkedAt = seen === this.invalidations ? Date.now() : 0;
      this.limits = limits;
      if (found.length >= maxFiles && !this.truncatedWarned) {
        this.truncatedWarned = true;
        this.opts.log(`Workspace index: stopped at ${maxFiles} articles; references and workspace symbols cover only those.`);
      }
    }
    let slice = Date.now();
    const recognizer = this.opts.recognizer();
    for (const path of this.paths) {
      if (token?.isCancellationRequested) return;
      const st = await fs.stat(path).catch(() => undefined);
      if (!st) {
        this.files.delete(path);
        continue;
      }
      const known = this.files.get(path) ?? this.notArticles.get(path) ?? this.broken.get(path);
      if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) continue;
      // The limit counts UTF-16 units; Devanagari takes three UTF-8 bytes each.
      if (st.size > (this.limits.get(path) ?? Infinity) * 3) {
        this.files.delete(path);
        continue;
      }
      // Decoded strictly, as the export and the annotations read it (a byte order mark dropped: positions on the
      // first line count from after it): text with U+FFFD for bad bytes would give offsets the file does not have.
      const bytes = await fs.readFile(path).catch(() => Buffer.alloc(0));
      const art = decodeArticle(path, bytes);
      if (!art.ok) {
        this.files.delete(path);
        const lenient = bytes.toString('utf8');
        if (looksLikeArticle(lenient, path) || (await fs.stat(path + '.hna.json').catch(() => undefined))) {
          const error = `${art.error}; it is left out of references, symbols and the Review view, and cannot be annotated, until it is saved as UTF-8`;
          this.broken.set(path, { size: st.size, mtimeMs: st.mtimeMs, error });
          this.opts.log(`Workspace index: ${error}`);
        } else this.notArticles.set(path, { size: st.size, mtimeMs: st.mtimeMs });
        continue;
      }
      this.broken.delete(path);
      const text = art.doc.text;
      const uri = pathToFileURL(path).toString();
      // What the server would not open as an article (isHandled) is no article of the workspace either: not listed, not reviewed.
      if (!looksLikeArticle(text, path) || isConllExport(text)) {
        this.files.delete(path);
        this.notArticles.set(path, { size: st.size, mtimeMs: st.mtimeMs });
        continue;
      }
      this.notArticles.delete(path);
      const mentions = mentionsOf(text, recognizer.recognize(text).spans);
      this.files.set(path, { uri, size: st.size, mtimeMs: st.mtimeMs, mentions });
      if (Date.now() - slice > SLICE_MS) {
        await new Promise<void>((r) => setImmediate(r));
        slice = Date.now();
      }
    }
  }

}

/**
 * Files under `root` whose root-relative path matches, in a stable order,
 * skipping VCS folders, node_modules, exports (the `exportFolder` and every
 * folder holding an export marker) and symbolic links; stops after
 * `maxFiles` matches or `maxEntries` directory entries.
 */
export async function findFiles(root: string, match: (relPath: string) => boolean, maxFiles: number, maxEntries = 100_000, exportFolder = ''): Promise<string[]> {
  const out: string[] = [];
  let entriesSeen = 0;
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(rel ? join(root, rel) : root, { withFileTypes: true }).catch(() => []);
    if (rel && entries.some((e) => e.name === EXPORT_MARKER)) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= maxFiles || ++entriesSeen > maxEntries) return;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && r !== exportFolder) await walk(r);
      } else if (e.isFile() && match(r)) out.push(join(root, r));
    }
  };
  await walk('');
  return out;
}
