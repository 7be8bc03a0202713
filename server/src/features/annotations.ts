/**
 * Annotation state of the language server: one {@link AnnotationSet} per
 * open article, loaded from its sidecar, kept in step with every edit the
 * editor sends, and saved back atomically (debounced, and flushed on save,
 * close and shutdown). The store is the server's {@link AnnotationSource}:
 * semantic tokens show its spans as confirmed and hide rejected suggestions.
 *
 * A sidecar that cannot be read (malformed, another schema, a newer version,
 * an I/O error) blocks the article: its suggestions are still served, the
 * file is neither overwritten nor deleted, and tagging is refused with the
 * reason until the file is fixed (a change to the file is noticed through
 * watched-file events and the article is loaded again).
 */
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, MessageType, type Diagnostic } from 'vscode-languageserver';
import { AnnotationSet, type Annotation } from '../core/annotations/model';
import { basename, dirname, join } from 'node:path';
import { promises as fsp } from 'node:fs';
import { encodingProblem } from '../core/corpus/articles';
import {
  articleForSidecar,
  cleanStaleTemps,
  contentHash,
  fromSidecar,
  readSidecarSync,
  InvalidSidecarError,
  moveSidecar,
  readSidecar,
  serializeSidecar,
  sidecarPath,
  toSidecar,
  writeSidecar,
  writeSidecarSync,
  SIDECAR_SUFFIX,
  type LoadResult,
  type SidecarData,
} from '../core/annotations/sidecar';
import type { EntityLabel, Span } from '../core/types';
import type { AnnotationSource, RejectedSpan } from './entities';
import { LineIndex, toRange } from './positions';
import type { EditSink } from './textSync';

/** Quiet time after the last change before the sidecar is written. */
export const SAVE_DEBOUNCE_MS = 300;
/** Longest a change waits for the sidecar while changes keep coming (continuous tagging or typing). */
export const SAVE_MAX_WAIT_MS = 1000;
/** First wait before a failed write is tried again; it doubles up to {@link RETRY_MAX_MS}. */
export const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;

export interface AnnotationStoreHost {
  /** Current text of an open document (the store's sets follow it). */
  text(uri: string): string | undefined;
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  showMessage(type: MessageType, message: string): void;
  log(message: string): void;
  /** An article's review status changed without a command (a done article whose text was edited). */
  reviewChanged?(uri: string): void;
}

/** A content change as the store applies it: offsets into the text before it, or the whole new text. */
type Edit = { start: number; end: number; text: string } | { text: string };

interface ArticleState {
  uri: string;
  /** File-system path for `file:` URIs; other schemes are annotated in memory only. */
  path: string | undefined;
  set?: AnnotationSet;
  /** Why the sidecar could not be read; tagging is refused while set. */
  blocked?: string;
  /** Blocked because the article's file is not UTF-8 text: saving it (as UTF-8) lifts it. */
  badEncoding?: boolean;
  /** Set while the sidecar is being read; edits arriving meanwhile are queued. */
  loading?: Promise<void>;
  queue: Edit[];
  /** Something is not on disk yet (a change, or a write that failed). */
  dirty: boolean;
  /** When the oldest change not yet on disk was made (the maximum wait runs from it). */
  dirtySince?: number;
  timer?: NodeJS.Timeout;
  /** Writes of this article's sidecar, in order. */
  saving: Promise<void>;
  /** The article was renamed: nothing more is written for this URI. */
  gone?: boolean;
  /** The sidecar exists (read or written): a text change must update its content hash. */
  onDisk: boolean;
  /** The sidecar as read, for the fields this version does not know. */
  base?: SidecarData;
  /** The sidecar as this server last read or wrote it (serialized; empty when there was none): anything else on disk was written by someone else. */
  lastSeen?: string;
  /** The error of the last failed write, while writes fail. */
  failing?: string;
  /** Writes begun and not finished: what they carry is not on disk yet although `dirty` is false. */
  writesInFlight: number;
  retryTimer?: NodeJS.Timeout;
  retryDelay: number;
}

/** Live annotation as the features see it: a span marked confirmed by the merge. */
function toSpan(a: Annotation): Span {
  const s: Span = {
    start: a.start,
    end: a.end,
    label: a.label as EntityLabel,
    text: a.text,
    source: 'rule',
    reason: a.source === 'accepted' ? 'accepted suggestion' : 'tagged by the annotator',
  };
  if (a.entityId) s.entityId = a.entityId;
  return s;
}

export function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

export class AnnotationStore implements AnnotationSource, EditSink {
  private readonly states = new Map<string, ArticleState>();
  private readonly listeners: Array<(uri: string) => void> = [];
  /** Final writes of closed articles, which a rename that follows must wait for. */
  private readonly closing = new Map<string, Promise<void>>();
  /** Closed articles whose annotations could not be written yet: retried until they are. */
  private readonly unsaved = new Map<string, ArticleState>();
  /** Articles just opened whose handling is not decided yet (the server awaits settings): their text then, and edits since. */
  private readonly opening = new Map<string, { text: string; queue: Edit[] }>();

  constructor(private readonly host: AnnotationStoreHost) {}

  // ---- AnnotationSource ---------------------------------------------------------

  annotations(uri: string): ReturnType<AnnotationSource['annotations']> {
    const set = this.states.get(uri)?.set;
    if (!set) return undefined;
    return { confirmed: set.annotations().map(toSpan), rejected: set.rejected() as RejectedSpan[], suggestions: set.suggestions(), status: set.reviewStatus };
  }

  onDidChange(listener: (uri: string) => void): void {
    this.listeners.push(listener);
  }

  private fire(uri: string): void {
    for (const l of this.listeners) l(uri);
  }

  // ---- document lifecycle ---------------------------------------------------

  /**
   * The editor opened a document, which may turn out to be an article once
   * its settings arrive: remember its text, and queue the edits that arrive
   * meanwhile, so {@link open} starts from the text the sidecar was saved
   * with and the edits then move spans instead of orphaning them.
   */
  didOpen(uri: string, text: string): void {
    const st = this.states.get(uri);
    if (!st) {
      this.opening.set(uri, { text, queue: [] });
      return;
    }
    // Opened again without a close (some clients do on reload): the new text replaces the old.
    if (st.loading) st.queue.push({ text });
    else if (st.set && st.set.text !== text) this.applyOne(st, { text });
  }

  /** The document opened with {@link didOpen} is not an article. */
  notAnArticle(uri: string): void {
    this.opening.delete(uri);
  }

  /** An article was opened: read its sidecar (edits arriving meanwhile are queued). Does nothing when it is already open. */
  open(uri: string, text: string): void {
    const old = this.states.get(uri);
    if (old && !old.gone) return;
    const pending = this.opening.get(uri);
    this.opening.delete(uri);
    const kept = this.unsaved.get(uri);
    if (kept) {
      // Closed with a write still failing: its annotations are newer than the file.
      this.unsaved.delete(uri);
      this.states.set(uri, kept);
      const from = pending ? pending.text : text;
      if (kept.set && kept.set.text !== from) this.replace(uri, from);
      if (pending) for (const e of pending.queue) this.applyOne(kept, e);
      this.publish(kept);
      this.fire(uri);
      return;
    }
    const st: ArticleState = { uri, path: uri.startsWith('file:') ? safePath(uri) : undefined, queue: pending ? pending.queue : [], dirty: false, saving: Promise.resolve(), onDisk: false, retryDelay: RETRY_FIRST_MS, writesInFlight: 0 };
    this.states.set(uri, st);
    st.loading = this.load(st, pending ? pending.text : text).finally(() => {
      st.loading = undefined;
    });
  }

  /** The state of an open article once its sidecar is loaded; undefined when not open. */
  async ready(uri: string): Promise<{ set?: AnnotationSet; blocked?: string } | undefined> {
    const st = this.states.get(uri);
    if (!st) return undefined;
    await st.loading;
    return this.states.get(uri) === st ? st : undefined;
  }

  private async load(st: ArticleState, text: string): Promise<void> {
    let notice: string | undefined;
    let loadedReopened = false;
    // Closed and opened again at once (a change of language mode): the close may still be writing.
    // Read what it wrote, not the file before it; a close whose write failed hands its annotations over.
    const closing = this.closing.get(st.uri);
    if (closing) {
      await closing;
      if (this.states.get(st.uri) !== st) return;
    }
    const kept = this.unsaved.get(st.uri);
    if (kept?.set) {
      this.unsaved.delete(st.uri);
      this.stopTimers(kept);
      st.set = kept.set;
      st.base = kept.base;
      st.lastSeen = kept.lastSeen;
      st.onDisk = kept.onDisk;
      st.failing = kept.failing;
      st.saving = kept.saving;
      if (st.set.text !== text) st.set.reanchor(text);
      this.markDirty(st);
    } else if (!st.path) st.set = new AnnotationSet(text);
    else if ((notice = await this.encodingProblem(st.path)) !== undefined) {
      if (this.states.get(st.uri) !== st) return;
      st.badEncoding = true;
      st.blocked = `${notice}. The editor shows it with \ufffd in place of the bad bytes, so offsets in it are not the file's: tagging is off and no annotations file is written (an existing one is left untouched) until the file is saved as UTF-8.`;
      notice = undefined;
      this.host.showMessage(MessageType.Error, `Hindi News: ${st.blocked}`);
    } else {
      const sidecar = sidecarPath(st.path);
      void cleanStaleTemps(sidecar).then((n) => n && this.host.log(`${fileName(st.uri)}: removed ${n} temporary file(s) left by an interrupted save.`));
      let r = await readSidecar(sidecar);
      if (this.states.get(st.uri) !== st) return;
      if (!r.ok && r.kind === 'missing' && (await this.adoptStray(st.path, text))) {
        if (this.states.get(st.uri) !== st) return;
        r = await readSidecar(sidecar);
      }
      let loaded: LoadResult | undefined;
      let error: string | undefined;
      if (r.ok) {
        try {
          loaded = fromSidecar(r.data, text);
        } catch (e) {
          if (!(e instanceof InvalidSidecarError)) throw e;
          error = `${sidecar}: annotations file does not fit the article: ${e.message.slice(e.message.indexOf(': ') + 2)}. It was left untouched; fix or remove it to save annotations for this article again.`;
        }
      } else if (r.kind !== 'missing') error = r.error;
      if (loaded && r.ok) {
        st.set = loaded.set;
        st.base = r.data;
        st.lastSeen = serializeSidecar(r.data);
        st.onDisk = true;
        loadedReopened = !!loaded.reopened;
        const rep = loaded.report;
        if (loaded.stale && rep) {
          this.markDirty(st);
          const parts = [`${rep.unchanged} in place`, `${rep.moved.length} moved`];
          if (rep.restored.length) parts.push(`${rep.restored.length} restored`);
          if (rep.orphaned.length) parts.push(`${rep.orphaned.length} could not be placed (see Problems)`);
          notice = `Hindi News: ${fileName(st.uri)} changed outside the editor since it was annotated; its annotations were re-anchored by their text and context: ${parts.join(', ')}.`;
        }
      } else if (error) {
        st.blocked = `${error} Tagging is off for this article until then; suggestions are still shown.`;
        this.host.showMessage(MessageType.Error, `Hindi News: ${st.blocked}`);
      } else {
        st.set = new AnnotationSet(text);
        st.lastSeen = '';
      }
    }
    if (st.set) for (const e of st.queue.splice(0)) this.applyOne(st, e);
    st.queue = [];
    const now = this.host.text(st.uri);
    if (st.set && now !== undefined && now !== st.set.text) this.resync(st, now);
    if (loadedReopened && st.set) this.reopenedByText(st, 'its text changed outside the editor since');
    if (notice) {
      this.host.log(notice);
      if (st.set?.orphans().length) this.host.showMessage(MessageType.Warning, notice);
    }
    if (st.dirty) this.schedule(st);
    this.publish(st);
    this.fire(st.uri);
  }

  // ---- EditSink: the document's content changes, in order ------------------------

  edit(uri: string, start: number, end: number, text: string): void {
    this.change(uri, { start, end, text });
  }

  replace(uri: string, text: string): void {
    this.change(uri, { text });
  }

  synced(uri: string, text: string): void {
    const st = this.states.get(uri);
    if (!st?.set || st.loading || st.set.text === text) return;
    this.resync(st, text);
  }

  private change(uri: string, e: Edit): void {
    const st = this.states.get(uri);
    if (!st) {
      this.opening.get(uri)?.queue.push(e);
      return;
    }
    if (st.loading || !st.set) {
      if (st.loading) st.queue.push(e);
      return;
    }
    this.applyOne(st, e);
  }

  /** The set no longer follows the document (a bug, or edits lost before it was loaded): place the spans in the document's text. */
  private resync(st: ArticleState, text: string): void {
    this.host.log(`${fileName(st.uri)}: the annotations no longer followed the editor's text; they were re-anchored to it.`);
    this.applyOne(st, { text });
  }

  private applyOne(st: ArticleState, e: Edit): void {
    const set = st.set!;
    const hadOrphans = set.orphans().length;
    const wasDone = set.reviewStatus === 'done';
    if ('start' in e) {
      set.applyEdit(e.start, e.end, e.text);
    } else {
      const rep = set.reanchor(e.text);
      if (rep.orphaned.length) this.host.log(`${fileName(st.uri)}: ${rep.orphaned.length} annotation(s) could not be placed after the text was replaced.`);
    }
    // The sidecar's content hash follows the text, so an unchanged span list is still rewritten.
    if (st.onDisk || set.all().length || set.rejected().length) this.markDirty(st);
    if (hadOrphans || set.orphans().length) this.publish(st);
    if (wasDone && set.reviewStatus !== 'done') this.reopenedByText(st, 'its text was edited');
  }

  /** A done article's words changed: say so once, and let the Review view follow. */
  private reopenedByText(st: ArticleState, why: string): void {
    this.markDirty(st);
    this.host.showMessage(
      MessageType.Warning,
      `Hindi News: ${fileName(st.uri)} was marked done, but ${why}, so it is in progress again: the new words were never reviewed, and an export of done articles leaves it out. Review it and mark it done again (ctrl+alt+m).`,
    );
    this.host.reviewChanged?.(st.uri);
    this.fire(st.uri);
  }

  /** The article was saved: write its sidecar now, so both files agree (an article blocked for its encoding is read again). */
  async saved(uri: string): Promise<void> {
    const st = this.states.get(uri);
    if (!st) return;
    if (st.badEncoding && st.path && (await this.encodingProblem(st.path)) === undefined) {
      const text = this.host.text(uri);
      if (text === undefined || this.states.get(uri) !== st) return;
      this.states.delete(uri);
      this.host.publishDiagnostics(uri, []);
      this.open(uri, text);
      await this.states.get(uri)?.loading;
      this.host.showMessage(MessageType.Info, `Hindi News: ${fileName(uri)} is UTF-8 text now; it can be annotated.`);
      return;
    }
    await this.flush(st);
  }

  /**
   * The article has no annotations file: when the one annotations file of its
   * folder whose article is missing was saved with exactly this text, the
   * article was renamed outside the editor; move the annotations to it and
   * say so. Returns whether they were moved.
   */
  private async adoptStray(path: string, text: string): Promise<boolean> {
    const dir = dirname(path);
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    const have = new Set(names);
    const hash = contentHash(text);
    const matches: string[] = [];
    for (const n of names) {
      if (!n.endsWith('.txt' + SIDECAR_SUFFIX) || n.startsWith('.') || have.has(n.slice(0, -SIDECAR_SUFFIX.length))) continue;
      const d = await readSidecar(join(dir, n));
      if (d.ok && d.data.contentHash === hash) matches.push(join(dir, n));
    }
    if (matches.length !== 1) return false;
    const from = articleForSidecar(matches[0]!)!;
    const r = await moveSidecar(from, path);
    if (!r.ok || !r.moved) return false;
    this.host.showMessage(
      MessageType.Info,
      `Hindi News: ${basename(path)} had no annotations file, and ${basename(matches[0]!)} (whose article ${basename(from)} is gone) was saved with exactly its text: the article was renamed outside the editor, so its annotations were moved to ${basename(sidecarPath(path))}.`,
    );
    return true;
  }

  /** Why the article's file is not UTF-8 text, or undefined (also when it cannot be read: not saved yet). */
  private async encodingProblem(path: string): Promise<string | undefined> {
    const bytes = await fsp.readFile(path).catch(() => undefined);
    return bytes ? encodingProblem(path, bytes) : undefined;
  }

  /** The article was closed: write pending changes and forget it (a write that fails is kept and retried). */
  async close(uri: string): Promise<void> {
    this.opening.delete(uri);
    const st = this.states.get(uri);
    if (!st) return;
    this.states.delete(uri);
    const done = (async () => {
      await st.loading;
      this.host.publishDiagnostics(uri, []);
      await this.flush(st);
      // Kept and retried; an article opened again meanwhile takes it over when it loads.
      if (st.dirty && !st.gone) this.unsaved.set(uri, st);
    })();
    this.closing.set(uri, done);
    await done;
    if (this.closing.get(uri) === done) this.closing.delete(uri);
  }

  /** Write every pending change, of open articles and of closed ones whose writes failed (shutdown, before an export). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.states.values(), ...this.unsaved.values()].map(async (st) => {
      await st.loading;
      await this.flush(st);
    }));
  }

  /** The server is shutting down: write everything, and say what could not be written. */
  async shutdown(): Promise<void> {
    await this.flushAll();
    for (const p of this.pending()) {
      const message = `Hindi News: the annotations of ${fileName(p.uri)} could not be saved before the server stopped${p.error ? `: ${p.error}` : ''}.`;
      this.host.log(message);
      this.host.showMessage(MessageType.Error, message);
    }
  }

  /**
   * The process is exiting without a shutdown (the editor went away, so its
   * input ended): write what is pending now, synchronously, since an `exit`
   * handler cannot wait for the debounced writes. Another program's changes
   * to a sidecar are merged first, as {@link flush} does. Never throws.
   */
  flushSync(): void {
    for (const st of [...this.states.values(), ...this.unsaved.values()]) {
      if ((!st.dirty && !st.writesInFlight) || !st.set || !st.path || st.blocked || st.gone) continue;
      const path = sidecarPath(st.path);
      try {
        if (st.lastSeen !== undefined) {
          const disk = readSidecarSync(path);
          if (disk.ok && serializeSidecar(disk.data) !== st.lastSeen) this.merge(st, disk.data);
        }
        if (writeSidecarSync(path, toSidecar(st.set, st.path, st.base)).ok) st.dirty = false;
      } catch {
        // Exiting: nothing else can be done for this article; the others are still written.
      }
    }
  }

  /** Annotations not on disk yet, by article: what a shutdown now would lose. */
  pending(): Array<{ uri: string; error?: string }> {
    return [...this.states.values(), ...this.unsaved.values()].filter((st) => st.dirty && st.path && !st.blocked && !st.gone).map((st) => ({ uri: st.uri, ...(st.failing ? { error: st.failing } : {}) }));
  }

  /**
   * The article `oldUri` was renamed or moved to `newUri` in the editor:
   * write what is pending, move the sidecar, and load the article again under
   * its new name if it is open there. Annotations that could not be written
   * under the old name follow the article and are written under the new one.
   */
  async renamed(oldUri: string, newUri: string): Promise<void> {
    const oldPath = safePath(oldUri);
    const newPath = safePath(newUri);
    if (!oldPath || !newPath) return;
    await this.closing.get(oldUri);
    const st = this.states.get(oldUri) ?? this.unsaved.get(oldUri);
    let carried: ArticleState | undefined;
    if (st) {
      await st.loading;
      await this.flush(st);
      st.gone = true;
      this.stopTimers(st);
      if (this.states.get(oldUri) === st) this.states.delete(oldUri);
      this.unsaved.delete(oldUri);
      this.host.publishDiagnostics(oldUri, []);
      if (st.dirty && st.set) carried = st;
    }
    const r = await moveSidecar(oldPath, newPath);
    if (!r.ok) this.host.showMessage(MessageType.Error, `Hindi News: ${r.error}`);
    const reopened = this.states.get(newUri);
    if (carried) {
      // The write under the old name failed: these annotations are the newest there are.
      const next: ArticleState = { ...carried, uri: newUri, path: newPath, gone: false, timer: undefined, retryTimer: undefined, saving: Promise.resolve(), loading: undefined, queue: [], failing: undefined, retryDelay: RETRY_FIRST_MS, blocked: undefined, writesInFlight: 0 };
      if (reopened) {
        await reopened.loading;
        const text = this.host.text(newUri);
        if (text !== undefined && next.set!.text !== text) next.set!.reanchor(text);
        this.stopTimers(reopened);
        this.states.set(newUri, next);
      } else this.unsaved.set(newUri, next);
      this.markDirty(next);
      await this.flush(next);
      if (!next.dirty) this.unsaved.delete(newUri);
      this.publish(next);
      this.fire(newUri);
      return;
    }
    if (!r.ok) return;
    // The editor may have opened the new name before the sidecar arrived: load it again.
    if (r.moved && reopened && !reopened.dirty) {
      await reopened.loading;
      const text = this.host.text(newUri);
      if (text === undefined || reopened.dirty) return;
      this.states.delete(newUri);
      this.open(newUri, text);
      await this.states.get(newUri)?.loading;
    }
  }

  /**
   * A sidecar changed on disk: an article blocked by it is loaded again. For
   * an open article, a change that is not this server's own write (another
   * editor or server, a checkout) is merged into its annotations, and a
   * sidecar deleted while they are open is written again.
   */
  async sidecarChanged(articleUri: string): Promise<void> {
    const st = this.states.get(articleUri);
    if (!st) return;
    if (!st.blocked) {
      await st.loading;
      if (!st.set || !st.path || st.lastSeen === undefined) return;
      const disk = await readSidecar(sidecarPath(st.path));
      const now = disk.ok ? serializeSidecar(disk.data) : disk.kind === 'missing' ? '' : undefined;
      if (now === undefined || now === st.lastSeen) return;
      if (now === '' && !st.set.all().length && !st.set.rejected().length) return;
      this.markDirty(st);
      return;
    }
    const text = this.host.text(articleUri);
    if (text === undefined) return;
    this.states.delete(articleUri);
    this.open(articleUri, text);
    await this.states.get(articleUri)?.loading;
  }

  // ---- changes by commands ----------------------------------------------------

  /** After a command changed the set of `uri`: save (debounced), republish diagnostics, refresh the editors. */
  changed(uri: string): void {
    const st = this.states.get(uri);
    if (!st) return;
    this.markDirty(st);
    this.publish(st);
    this.fire(uri);
  }

  /** URIs of every article with state (open articles). */
  uris(): string[] {
    return [...this.states.keys()];
  }

  // ---- saving -----------------------------------------------------------------

  /** Something changed that is not on disk: write it once changes pause, and within {@link SAVE_MAX_WAIT_MS} at most. */
  private markDirty(st: ArticleState): void {
    if (!st.dirty || st.dirtySince === undefined) st.dirtySince = Date.now();
    st.dirty = true;
    this.schedule(st);
  }

  private schedule(st: ArticleState): void {
    if (!st.path || st.gone || st.blocked) return;
    if (st.timer) clearTimeout(st.timer);
    const since = st.dirtySince ?? Date.now();
    const wait = Math.max(0, Math.min(SAVE_DEBOUNCE_MS, since + SAVE_MAX_WAIT_MS - Date.now()));
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.flush(st);
    }, wait);
  }

  private stopTimers(st: ArticleState): void {
    if (st.timer) clearTimeout(st.timer);
    if (st.retryTimer) clearTimeout(st.retryTimer);
    st.timer = st.retryTimer = undefined;
  }

  private flush(st: ArticleState): Promise<void> {
    if (st.timer) {
      clearTimeout(st.timer);
      st.timer = undefined;
    }
    if (!st.dirty || !st.set || !st.path || st.blocked || st.gone) return st.saving;
    st.dirty = false;
    st.dirtySince = undefined;
    const path = st.path;
    let data = toSidecar(st.set, path, st.base);
    let count = st.set.all().length;
    st.writesInFlight++;
    const write = async () => {
      if (st.gone) {
        st.dirty = true;
        return;
      }
      // Someone else wrote or removed the sidecar since this server last did: keep their work too.
      if (st.lastSeen !== undefined) {
        const disk = await readSidecar(sidecarPath(path));
        if (disk.ok && serializeSidecar(disk.data) !== st.lastSeen) {
          const merged = this.merge(st, disk.data);
          data = toSidecar(st.set!, path, st.base);
          count = st.set!.all().length;
          this.host.showMessage(
            MessageType.Warning,
            `Hindi News: ${basename(sidecarPath(path))} was changed by another program while ${fileName(st.uri)} was open; ${merged} annotation(s) from it were added to yours, and nothing of either was dropped.`,
          );
          this.publish(st);
          this.fire(st.uri);
        } else if (!disk.ok && disk.kind === 'missing' && st.lastSeen !== '') {
          this.host.showMessage(
            MessageType.Warning,
            `Hindi News: ${basename(sidecarPath(path))} was deleted while ${fileName(st.uri)} was open; it was written again with the ${count} annotation(s) the editor holds. To drop annotations, remove them in the editor.`,
          );
        }
      }
      const w = await writeSidecar(sidecarPath(path), data);
      if (w.ok) {
        st.onDisk = true;
        st.base = data;
        st.lastSeen = serializeSidecar(data);
        if (st.retryTimer) clearTimeout(st.retryTimer);
        st.retryTimer = undefined;
        st.retryDelay = RETRY_FIRST_MS;
        if (st.failing) {
          st.failing = undefined;
          this.host.showMessage(MessageType.Info, `Hindi News: the annotations of ${fileName(st.uri)} are saved now (${count} in ${basename(sidecarPath(path))}).`);
        }
        if (!st.dirty && this.unsaved.get(st.uri) === st) this.unsaved.delete(st.uri);
        return;
      }
      // Not on disk: still pending, tried again on the next change, save, close, shutdown or timer.
      if (!st.dirty) {
        st.dirty = true;
        st.dirtySince ??= Date.now();
      }
      // Said once per distinct problem, not after every keystroke.
      if (w.error !== st.failing) {
        this.host.showMessage(
          MessageType.Error,
          `Hindi News: ${w.error} The ${count} annotation(s) of ${fileName(st.uri)} are kept and saved as soon as this is fixed (tried again on every change, on save, on close and every few seconds); you will be told when they are.`,
        );
      }
      st.failing = w.error;
      this.host.log(w.error);
      this.retryLater(st);
    };
    st.saving = st.saving.then(write).finally(() => {
      st.writesInFlight--;
    });
    return st.saving;
  }

  /**
   * Add to `st`'s annotations those of another writer's sidecar that it does
   * not have (same range and label counts as the same): live ones where they
   * fit, the rest as orphans; their rejections too. Returns how many were added.
   */
  private merge(st: ArticleState, disk: SidecarData): number {
    const ours = st.set!;
    let theirs: AnnotationSet;
    try {
      theirs = fromSidecar(disk, ours.text).set;
    } catch (e) {
      this.host.log(`${fileName(st.uri)}: the sidecar written by another program does not fit the article and was not merged: ${(e as Error).message}`);
      return 0;
    }
    let added = 0;
    const has = (a: Annotation) => ours.all().some((b) => b.label === a.label && (a.status === 'orphaned' ? b.text === a.text && b.contextBefore === a.contextBefore : b.start === a.start && b.end === a.end));
    const freshId = (id: string) => {
      let n = 2;
      while (ours.get(`${id}.${n}`)) n++;
      return ours.get(id) ? `${id}.${n}` : id;
    };
    for (const a of theirs.all()) {
      if (has(a)) continue;
      const copy: Annotation = { ...a, id: freshId(a.id) };
      if (ours.insert(copy) || ours.insert({ ...copy, status: 'orphaned' })) added++;
    }
    for (const r of theirs.rejected()) if (!ours.isRejected(r) && ours.text.slice(r.start, r.end) === r.text) ours.reject(r);
    return added;
  }

  private retryLater(st: ArticleState): void {
    if (st.retryTimer || st.gone) return;
    const delay = st.retryDelay;
    st.retryDelay = Math.min(RETRY_MAX_MS, delay * 2);
    st.retryTimer = setTimeout(() => {
      st.retryTimer = undefined;
      void this.flush(st);
    }, delay);
    st.retryTimer.unref?.();
  }

  // ---- diagnostics ------------------------------------------------------------

  private publish(st: ArticleState): void {
    if (this.states.get(st.uri) !== st) return;
    const diagnostics: Diagnostic[] = [];
    if (st.blocked) {
      diagnostics.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'hindi-news', message: st.blocked });
    }
    const set = st.set;
    if (set && set.orphans().length) {
      const lines = new LineIndex(set.text);
      const len = set.text.length;
      for (const o of set.orphans()) {
        const s = Math.min(o.start, len);
        diagnostics.push({
          range: toRange(lines, s, Math.max(s, Math.min(o.end, len))),
          severity: DiagnosticSeverity.Warning,
          source: 'hindi-news',
          code: 'orphaned-annotation',
          message: `Orphaned ${o.label} annotation “${o.text}”: the text it covered was changed or removed, so it has no place in the article. It is kept in the annotations file; tag the text again and remove this one (quick fix), or restore the text.`,
          data: { orphanId: o.id },
        });
      }
    }
    this.host.publishDiagnostics(st.uri, diagnostics);
  }
}

function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
