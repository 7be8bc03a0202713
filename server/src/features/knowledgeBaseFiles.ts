/**
 * The knowledge base the server runs with and the recogniser built on it:
 * the built-in entries plus the workspace's extra files
 * (`hindiNews.knowledgeBase.files`), read from disk or taken from the editor
 * while open, with their diagnostics and the server's health status.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import type { KnowledgeBase } from '../core/kb/load';
import type { LearnedRecognition } from '../core/learning/recognition';
import { Recognizer } from '../core/recognizer';
import { ServerStatusNotification } from '../protocol';
import { kbDiagnostics } from './diagnostics';
import { globMatcher, matchPath, uriPath } from './files';
import { KnowledgeBaseStore } from './knowledgeBase';
import type { OpenDocuments } from './openDocuments';
import { findFiles } from './workspaceIndex';

/** Cap on extra knowledge-base files read from the workspace. */
const MAX_KB_FILES = 50;

export class KnowledgeBaseFiles {
  readonly store = new KnowledgeBaseStore();
  private _kb: KnowledgeBase = this.store.current();
  private _recognizer = new Recognizer({ kb: this._kb });
  /** What was learned from the annotator (`learning.ts`), put into every recogniser built here. */
  private learned: LearnedRecognition | undefined;
  /** Texts of extra files as last read (from disk or the editor), for diagnostic positions. */
  private readonly texts = new Map<string, string>();

  /** `onChanged` runs after the knowledge base and recogniser were replaced (caches drop, editors refresh). */
  constructor(
    private readonly connection: Connection,
    private readonly docs: OpenDocuments,
    private readonly onChanged: () => void,
  ) {}

  get kb(): KnowledgeBase {
    return this._kb;
  }

  get recognizer(): Recognizer {
    return this._recognizer;
  }

  /** The recogniser without learned state. */
  get baseRecognizer(): Recognizer {
    return this.learned ? this._recognizer.withLearned(undefined) : this._recognizer;
  }

  /** Put learned state into the recogniser (the knowledge-base index is shared); caches drop and editors refresh. */
  setLearned(learned: LearnedRecognition | undefined): void {
    if (!learned && !this.learned) return;
    this.learned = learned;
    this._recognizer = this._recognizer.withLearned(learned);
    this.onChanged();
  }

  has(uri: string): boolean {
    return this.store.has(uri);
  }

  async isKbFile(uri: string): Promise<boolean> {
    const s = await this.docs.settings.get(uri);
    return globMatcher(s.knowledgeBase.files)(matchPath(uri, this.docs.folders));
  }

  /** Rebuild the knowledge base and the recogniser, publish every file's problems and the server's health. */
  changed(): void {
    this._kb = this.store.current();
    this._recognizer = new Recognizer({ kb: this._kb }).withLearned(this.learned);
    for (const uri of this.store.uris()) this.publishDiagnostics(uri);
    const failure = this.store.failure;
    const withErrors = this.store.uris().filter((u) => this.store.errorsFor(u).length > 0);
    if (failure) {
      this.connection.console.error(failure);
      void this.connection.sendNotification(ServerStatusNotification.type, { state: 'error', message: 'The built-in knowledge base failed to load; see the output.' });
    } else if (withErrors.length) {
      void this.connection.sendNotification(ServerStatusNotification.type, { state: 'warning', message: `${withErrors.length} knowledge-base file(s) have errors; see Problems.` });
    } else void this.connection.sendNotification(ServerStatusNotification.type, { state: 'ok' });
    this.onChanged();
  }

  publishDiagnostics(uri: string): void {
    const open = this.docs.get(uri);
    const text = open?.getText() ?? this.texts.get(uri) ?? '';
    void this.connection.sendDiagnostics({ uri, diagnostics: kbDiagnostics(this.store.errorsFor(uri), text) });
  }

  /** Take a file's text; false when it did not change. */
  setText(uri: string, text: string): boolean {
    this.texts.set(uri, text);
    return this.store.set(uri, text);
  }

  /** Remove a file; false when it was not loaded. */
  remove(uri: string): boolean {
    return this.store.remove(uri);
  }

  /** Read a file again from disk (gone: removed, its diagnostics cleared); false when nothing changed. */
  async reloadFromDisk(uri: string): Promise<boolean> {
    const text = await readFile(uriPath(uri), 'utf8').catch(() => undefined);
    if (text === undefined) {
      this.texts.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return this.store.remove(uri);
    }
    return this.setText(uri, text);
  }

  /** Find the extra files in every workspace folder, load new and changed ones, drop vanished ones. */
  async scan(): Promise<void> {
    const found = new Set<string>();
    for (const folder of this.docs.folders) {
      if (!folder.startsWith('file:')) continue;
      const s = await this.docs.settings.get(folder);
      for (const path of await findFiles(uriPath(folder), globMatcher(s.knowledgeBase.files), MAX_KB_FILES)) found.add(pathToFileURL(path).toString());
    }
    let changed = false;
    for (const uri of this.store.uris()) {
      if (found.has(uri) || this.docs.get(uri)) continue;
      this.texts.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      changed = this.store.remove(uri) || changed;
    }
    for (const uri of found) if (!this.docs.get(uri)) changed = (await this.reloadFromDisk(uri)) || changed;
    if (changed || this.store.failure) this.changed();
  }
}
