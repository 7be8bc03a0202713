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
import { DiagnosticSeverity, MessageType, type Diagnostic, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { AnnotationSet, type Annotation } from '../core/annotations/model';
import { fromSidecar, moveSidecar, readSidecar, sidecarPath, toSidecar, writeSidecar } from '../core/annotations/sidecar';
import type { EntityLabel, Span } from '../core/types';
import type { AnnotationSource, RejectedSpan } from './entities';
import { LineIndex, toRange } from './positions';

/** Quiet time after the last change before the sidecar is written. */
export const SAVE_DEBOUNCE_MS = 300;

export interface AnnotationStoreHost {
  /** Current text of an open document (the store's sets follow it). */
  text(uri: string): string | undefined;
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  showMessage(type: MessageType, message: string): void;
  log(message: string): void;
}

interface ArticleState {
  uri: string;
  /** File-system path for `file:` URIs; other schemes are annotated in memory only. */
  path: string | undefined;
  set?: AnnotationSet;
  /** Why the sidecar could not be read; tagging is refused while set. */
  blocked?: string;
  /** Set while the sidecar is being read; edits arriving meanwhile are queued. */
  loading?: Promise<void>;
  queue: TextDocumentContentChangeEvent[];
  dirty: boolean;
  timer?: NodeJS.Timeout;
  /** Writes of this article's sidecar, in order. */
  saving: Promise<void>;
  /** The article was renamed: nothing more is written for this URI. */
  gone?: boolean;
  lastWriteError?: string;
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

export class AnnotationStore implements AnnotationSource {
  private readonly states = new Map<string, ArticleState>();
  private readonly listeners: Array<(uri: string) => void> = [];
  /** Final writes of closed articles, which a rename that follows must wait for. */
  private readonly closing = new Map<string, Promise<void>>();

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

  /** An article was opened: read its sidecar (edits arriving meanwhile are queued). Does nothing when it is already open. */
  open(uri: string, text: string): void {
    const old = this.states.get(uri);
    if (old && !old.gone) return;
    const st: ArticleState = { uri, path: uri.startsWith('file:') ? safePath(uri) : undefined, queue: [], dirty: false, saving: Promise.resolve() };
    this.states.set(uri, st);
    st.loading = this.load(st, text).finally(() => {
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
    if (!st.path) st.set = new AnnotationSet(text);
    else {
      const r = await readSidecar(sidecarPath(st.path));
      if (this.states.get(st.uri) !== st) return;
      if (r.ok) {
        const loaded = fromSidecar(r.data, text);
        st.set = loaded.set;
        const rep = loaded.report;
        if (loaded.stale && rep) {
          st.dirty = true;
          const parts = [`${rep.unchanged} in place`, `${rep.moved.length} moved`];
          if (rep.restored.length) parts.push(`${rep.restored.length} restored`);
          if (rep.orphaned.length) parts.push(`${rep.orphaned.length} could not be placed (see Problems)`);
          notice = `Hindi News: ${fileName(st.uri)} changed outside the editor since it was annotated; its annotations were re-anchored by their text and context: ${parts.join(', ')}.`;
        }
      } else if (r.kind === 'missing') st.set = new AnnotationSet(text);
      else {
        st.blocked = `${r.error} Tagging is off for this article until then; suggestions are still shown.`;
        this.host.showMessage(MessageType.Error, `Hindi News: ${st.blocked}`);
      }
    }
    if (st.set && st.queue.length) this.applyToSet(st, st.queue.splice(0));
    st.queue = [];
    if (notice) {
      this.host.log(notice);
      if (st.set?.orphans().length) this.host.showMessage(MessageType.Warning, notice);
    }
    if (st.dirty) this.schedule(st);
    this.publish(st);
    this.fire(st.uri);
  }

  /**
   * Content changes of one `didChange`, in order, before the document applies
   * them (each range is relative to the text after the previous change).
   */
  applyChanges(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    const st = this.states.get(uri);
    if (!st) return;
    if (st.loading) {
      st.queue.push(...changes);
      return;
    }
    if (st.set) this.applyToSet(st, changes);
  }

  private applyToSet(st: ArticleState, changes: readonly TextDocumentContentChangeEvent[]): void {
    const set = st.set!;
    let moved = false;
    let orphansChanged = false;
    for (const c of changes) {
      if ('range' in c && c.range) {
        const lines = new LineIndex(set.text);
        const r = set.applyEdit(lines.offsetAt(c.range.start), lines.offsetAt(c.range.end), c.text);
        if (r.changed.length || r.orphaned.length) moved = true;
        if (r.orphaned.length) orphansChanged = true;
      } else {
        const rep = set.reanchor(c.text);
        moved = true;
        orphansChanged = true;
        if (rep.orphaned.length) this.host.log(`${fileName(st.uri)}: ${rep.orphaned.length} annotation(s) could not be placed after the text was replaced.`);
      }
    }
    if (moved) {
      st.dirty = true;
      this.schedule(st);
    }
    if (orphansChanged || set.orphans().length) this.publish(st);
  }

  /** The article was saved: write its sidecar now, so both files agree. */
  async saved(uri: string): Promise<void> {
    const st = this.states.get(uri);
    if (st) await this.flush(st);
  }

  /** The article was closed: write pending changes and forget it. */
  async close(uri: string): Promise<void> {
    const st = this.states.get(uri);
    if (!st) return;
    this.states.delete(uri);
    const done = (async () => {
      await st.loading;
      this.host.publishDiagnostics(uri, []);
      await this.flush(st);
    })();
    this.closing.set(uri, done);
    await done;
    if (this.closing.get(uri) === done) this.closing.delete(uri);
  }

  /** Write every pending change (shutdown, before an export). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.states.values()].map(async (st) => {
      await st.loading;
      await this.flush(st);
    }));
  }

  /**
   * The article `oldUri` was renamed or moved to `newUri` in the editor:
   * write what is pending, move the sidecar, and load the article again under
   * its new name if it is open there.
   */
  async renamed(oldUri: string, newUri: string): Promise<void> {
    const oldPath = safePath(oldUri);
    const newPath = safePath(newUri);
    if (!oldPath || !newPath) return;
    await this.closing.get(oldUri);
    const st = this.states.get(oldUri);
    if (st) {
      await st.loading;
      await this.flush(st);
      st.gone = true;
      if (st.timer) clearTimeout(st.timer);
      this.states.delete(oldUri);
      this.host.publishDiagnostics(oldUri, []);
    }
    const r = await moveSidecar(oldPath, newPath);
    if (!r.ok) {
      this.host.showMessage(MessageType.Error, `Hindi News: ${r.error}`);
      return;
    }
    const reopened = this.states.get(newUri);
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

  /** A sidecar changed on disk: an article blocked by it is loaded again. */
  async sidecarChanged(articleUri: string): Promise<void> {
    const st = this.states.get(articleUri);
    if (!st || !st.blocked) return;
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
    st.dirty = true;
    this.schedule(st);
    this.publish(st);
    this.fire(uri);
  }

  /** URIs of every article with state (open articles). */
  uris(): string[] {
    return [...this.states.keys()];
  }

  // ---- saving -----------------------------------------------------------------

  private schedule(st: ArticleState): void {
    if (!st.path || st.gone) return;
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.flush(st);
    }, SAVE_DEBOUNCE_MS);
  }

  private flush(st: ArticleState): Promise<void> {
    if (st.timer) {
      clearTimeout(st.timer);
      st.timer = undefined;
    }
    if (!st.dirty || !st.set || !st.path || st.blocked || st.gone) return st.saving;
    st.dirty = false;
    const path = st.path;
    const data = toSidecar(st.set, path);
    st.saving = st.saving.then(async () => {
      const w = await writeSidecar(sidecarPath(path), data);
      if (w.ok) {
        st.lastWriteError = undefined;
        return;
      }
      // Say it once per distinct problem, not after every keystroke.
      if (w.error !== st.lastWriteError) this.host.showMessage(MessageType.Error, `Hindi News: ${w.error}`);
      st.lastWriteError = w.error;
      this.host.log(w.error);
    });
    return st.saving;
  }

  // ---- diagnostics ------------------------------------------------------------

  private publish(st: ArticleState): void {
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
