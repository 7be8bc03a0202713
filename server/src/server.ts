/**
 * The language server: capabilities, document and settings state, and one
 * thin handler per feature (the features live in ./features, the language
 * logic in ./core). Run as `node server/out/server.js --stdio`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  CodeActionKind,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeResult,
  type TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import { articleForSidecar } from './core/annotations/sidecar';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { KnowledgeBase } from './core/kb/load';
import { Recognizer } from './core/recognizer';
import { ENTITY_LABELS } from './core/types';
import * as annotationCommands from './features/annotationCommands';
import { annotationActions } from './features/annotationActions';
import { AnnotationStore } from './features/annotations';
import { highlightsFor } from './features/documentHighlight';
import { documentSymbols } from './features/documentSymbols';
import { entityGroups, type TreeArticle } from './features/entityTree';
import { exportCommand } from './features/exportCommand';
import { DocumentAnalyzer } from './features/documents';
import { kbDiagnostics } from './features/diagnostics';
import { entityKey, mergeSpans, spanAt, type AnnotationSource, type ShownSpan } from './features/entities';
import { globMatcher, isHandled, matchPath, uriPath } from './features/files';
import { hoverFor } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { KnowledgeBaseStore } from './features/knowledgeBase';
import { rangeToOffsets, toOffset, toRange } from './features/positions';
import { referencesFor, type ArticleMentions } from './features/references';
import { pushTokens, SemanticTokensCache } from './features/semanticTokens';
import { SettingsStore, type HindiNewsSettings } from './features/settings';
import { findFiles, WorkspaceIndex, type IndexedMention } from './features/workspaceIndex';
import { warmUpEditorPath } from './features/warmUp';
import { workspaceSymbols } from './features/workspaceSymbols';
import {
  AnnotationRangesRequest,
  Commands,
  DocumentStatsNotification,
  DocumentStatsRequest,
  EntitiesRequest,
  KbCandidatesRequest,
  SEMANTIC_TOKENS_LEGEND,
  ServerStatusNotification,
  type CommandResult,
  type DocumentStats,
  type InitializationOptions,
} from './protocol';

/** Hooks for other parts of the extension (the annotation feature) that run inside the server. */
export interface ServerOptions {
  annotations?: AnnotationSource;
}

/** How long a document must be quiet before background analysis (status-bar counts). */
const DEBOUNCE_MS = 250;
/** Cap on extra knowledge-base files read from the workspace. */
const MAX_KB_FILES = 50;
/** Documents at least this long (UTF-16 units) get provisional tokens right after an edit. */
const PROVISIONAL_MIN_LENGTH = 100_000;

function makeRecognizer(kb: KnowledgeBase): Recognizer {
  return new Recognizer({ kb });
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const store = new AnnotationStore({
    text: (uri) => documents.get(uri)?.getText(),
    publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    showMessage: (type, message) => void connection.sendNotification(ShowMessageNotification.type, { type, message }),
    log: (m) => connection.console.info(m),
  });
  // Annotations follow each content change in order, before the document applies it.
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      store.applyChanges(doc.uri, changes);
      return TextDocument.update(doc, changes, version);
    },
  });
  const caps = { configuration: false, workspaceFolders: false, tokensRefresh: false, inlayRefresh: false, watchedFiles: false, showsCommandMessages: false };
  let folders: string[] = [];
  let settings = new SettingsStore(connection, false);
  const kbStore = new KnowledgeBaseStore();
  let kb = kbStore.current();
  let currentRecognizer = makeRecognizer(kb);
  const analyzer = new DocumentAnalyzer(currentRecognizer);
  const tokens = new SemanticTokensCache();
  const annotations = options.annotations ?? store;
  /** Per article: bumped when its annotations change, so a shown-spans computation begun before the change is not cached. */
  const annotationsGeneration = new Map<string, number>();
  /** Articles whose shown spans may include annotations (confirmed or rejected). */
  const annotated = new Set<string>();
  const shownCache = new Map<string, { version: number; key: string; spans: ShownSpan[] }>();
  const largeWarned = new Set<string>();

  const index = new WorkspaceIndex({
    folders: () => folders,
    settings: (folder) => settings.get(folder),
    recognizer: () => currentRecognizer,
    log: (m) => connection.console.info(m),
  });

  // One article's annotations change only that article's spans. Loading an article without
  // annotations changes nothing shown: with a thousand articles open, re-analysing every
  // open article after each load was quadratic (and most of the server's memory was its garbage).
  annotations.onDidChange?.((uri) => {
    const a = annotations.annotations(uri);
    const any = !!a && (a.confirmed.length > 0 || a.rejected.length > 0);
    if (!any && !annotated.delete(uri)) return;
    if (any) annotated.add(uri);
    annotationsGeneration.set(uri, (annotationsGeneration.get(uri) ?? 0) + 1);
    shownCache.delete(uri);
    if (caps.tokensRefresh) void connection.languages.semanticTokens.refresh();
    if (caps.inlayRefresh) void connection.languages.inlayHint.refresh();
    const doc = documents.get(uri);
    if (doc) scheduleAnalysis(doc, 0);
  });

  const cancelled = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'cancelled');

  // ---- document state -------------------------------------------------------

  /** The open document if the server handles it (hindi-news, or matching plain text with Devanagari). */
  async function handledDoc(uri: string): Promise<{ doc: TextDocument; s: HindiNewsSettings } | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const s = await settings.get(uri);
    if (!isHandled(doc.languageId, uri, doc.getText(), s.files, folders)) return undefined;
    return { doc, s };
  }

  const isLarge = (doc: TextDocument, s: HindiNewsSettings) => doc.getText().length > s.maxFullDocumentSize;
  /** Labels shown: the built-in ones chosen in `hindiNews.labels.show` plus every custom label. */
  const shownLabels = (s: HindiNewsSettings) => new Set([...s.labels.show, ...s.labels.custom.map((c) => c.name)]);
  const labelsKey = (s: HindiNewsSettings) => [...shownLabels(s)].join(',');

  /** Shown spans of the whole document (suggestions merged with annotations, filtered by label). */
  async function shownSpans(doc: TextDocument, s: HindiNewsSettings, token?: CancellationToken): Promise<ShownSpan[] | undefined> {
    const key = `${labelsKey(s)}|${annotationsGeneration.get(doc.uri) ?? 0}`;
    const c = shownCache.get(doc.uri);
    if (c && c.version === doc.version && c.key === key) return c.spans;
    const a = await analyzer.analyze(doc, token);
    if (!a) return undefined;
    const spans = mergeSpans(a.spans, annotations.annotations(doc.uri), shownLabels(s));
    if (documents.get(doc.uri)?.version === doc.version) shownCache.set(doc.uri, { version: doc.version, key, spans });
    return spans;
  }

  /** Provisional token spans served per document (version and a signature), to refresh once the exact analysis differs. */
  const provisionalServed = new Map<string, { version: number; signature: string }>();
  const signature = (spans: readonly ShownSpan[]) => spans.map((x) => `${x.start},${x.end},${x.label},${x.confirmed ? 1 : 0}`).join(';');

  /**
   * Spans for full/delta semantic tokens. Right after an edit to a long
   * document the exact analysis costs a document pass over the whole text;
   * tokens then come from the provisional analysis (only the edited
   * paragraphs re-analysed) and the exact one follows in the background,
   * refreshing the editor if it differs.
   */
  async function tokenSpans(doc: TextDocument, s: HindiNewsSettings, token: CancellationToken): Promise<ShownSpan[] | undefined> {
    const c = shownCache.get(doc.uri);
    const key = `${labelsKey(s)}|${annotationsGeneration.get(doc.uri) ?? 0}`;
    if (c && c.version === doc.version && c.key === key) return c.spans;
    if (doc.getText().length >= PROVISIONAL_MIN_LENGTH && !analyzer.peek(doc)) {
      const a = analyzer.provisional(doc);
      if (a) {
        const spans = mergeSpans(a.spans, annotations.annotations(doc.uri), shownLabels(s));
        provisionalServed.set(doc.uri, { version: doc.version, signature: signature(spans) });
        scheduleAnalysis(doc, DEBOUNCE_MS);
        return spans;
      }
    }
    return shownSpans(doc, s, token);
  }

  /** Shown spans around [start, end): the whole document when small, a window of lines when above the size limit. */
  async function spansAround(doc: TextDocument, s: HindiNewsSettings, start: number, end: number, token?: CancellationToken): Promise<ShownSpan[] | undefined> {
    if (!isLarge(doc, s)) return shownSpans(doc, s, token);
    return mergeSpans(analyzer.analyzeWindow(doc, start, end).spans, annotations.annotations(doc.uri), shownLabels(s));
  }

  function warnLarge(doc: TextDocument, s: HindiNewsSettings): void {
    if (largeWarned.has(doc.uri)) return;
    largeWarned.add(doc.uri);
    const name = decodeURIComponent(doc.uri.slice(doc.uri.lastIndexOf('/') + 1));
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Info,
      message: `Hindi News: ${name} is longer than ${s.maxFullDocumentSize.toLocaleString('en')} characters (hindiNews.maxFullDocumentSize), so names, parties and dates are highlighted only in the visible part, and the outline and counts are off for it. Raise the setting to analyse it whole.`,
    });
  }

  function stats(doc: TextDocument, spans: readonly ShownSpan[] | undefined, limited: boolean, labels: ReadonlySet<string>): DocumentStats {
    const counts = { PERSON: 0, PARTY: 0, DATE: 0 };
    const keys = { PERSON: new Set<string>(), PARTY: new Set<string>(), DATE: new Set<string>() };
    for (const sp of spans ?? []) {
      if (!(sp.label in counts)) continue;
      counts[sp.label]++;
      keys[sp.label].add(entityKey(sp));
    }
    let confirmed = 0;
    for (const sp of spans ?? []) if (sp.confirmed) confirmed++;
    const suggested = limited ? 0 : (analyzer.peek(doc)?.spans ?? []).filter((sp) => labels.has(sp.label)).length;
    return {
      uri: doc.uri,
      version: doc.version,
      counts,
      entities: { PERSON: keys.PERSON.size, PARTY: keys.PARTY.size, DATE: keys.DATE.size },
      limited,
      confirmed,
      suggested,
      unreviewed: (spans?.length ?? 0) - confirmed,
    };
  }

  /** Background analysis after edits: warms the cache and pushes the status-bar counts. */
  function scheduleAnalysis(doc: TextDocument, delay: number): void {
    analyzer.debounce(doc.uri, delay, () => {
      void (async () => {
        const h = await handledDoc(doc.uri);
        if (!h) return;
        const version = h.doc.version;
        if (isLarge(h.doc, h.s)) {
          warnLarge(h.doc, h.s);
          void connection.sendNotification(DocumentStatsNotification.type, stats(h.doc, [], true, shownLabels(h.s)));
          return;
        }
        const stale = { get isCancellationRequested() { return documents.get(doc.uri)?.version !== version; } } as CancellationToken;
        const spans = await shownSpans(h.doc, h.s, stale);
        if (!spans) return;
        void connection.sendNotification(DocumentStatsNotification.type, stats(h.doc, spans, false, shownLabels(h.s)));
        const served = provisionalServed.get(doc.uri);
        if (served?.version === version) {
          provisionalServed.delete(doc.uri);
          if (served.signature !== signature(spans) && caps.tokensRefresh) void connection.languages.semanticTokens.refresh();
        }
      })().catch((e) => connection.console.error(`Analysis of ${doc.uri} failed: ${e instanceof Error ? e.stack : e}`));
    });
  }

  function refreshEditors(): void {
    if (caps.tokensRefresh) void connection.languages.semanticTokens.refresh();
    if (caps.inlayRefresh) void connection.languages.inlayHint.refresh();
    for (const d of documents.all()) scheduleAnalysis(d, 0);
  }

  // ---- knowledge base ---------------------------------------------------------

  async function isKbFile(uri: string): Promise<boolean> {
    const s = await settings.get(uri);
    return globMatcher(s.knowledgeBase.files)(matchPath(uri, folders));
  }

  function knowledgeBaseChanged(): void {
    kb = kbStore.current();
    currentRecognizer = makeRecognizer(kb);
    analyzer.setRecognizer(currentRecognizer);
    shownCache.clear();
    index.invalidate();
    for (const uri of kbStore.uris()) publishKbDiagnostics(uri);
    const failure = kbStore.failure;
    const withErrors = kbStore.uris().filter((u) => kbStore.errorsFor(u).length > 0);
    if (failure) {
      connection.console.error(failure);
      void connection.sendNotification(ServerStatusNotification.type, { state: 'error', message: 'The built-in knowledge base failed to load; see the output.' });
    } else if (withErrors.length) {
      void connection.sendNotification(ServerStatusNotification.type, { state: 'warning', message: `${withErrors.length} knowledge-base file(s) have errors; see Problems.` });
    } else void connection.sendNotification(ServerStatusNotification.type, { state: 'ok' });
    refreshEditors();
  }

  function publishKbDiagnostics(uri: string): void {
    const open = documents.get(uri);
    const text = open?.getText() ?? kbTexts.get(uri) ?? '';
    void connection.sendDiagnostics({ uri, diagnostics: kbDiagnostics(kbStore.errorsFor(uri), text) });
  }

  /** Texts of extra KB files as last read (from disk or the editor), for diagnostic positions. */
  const kbTexts = new Map<string, string>();

  function setKbText(uri: string, text: string): boolean {
    kbTexts.set(uri, text);
    return kbStore.set(uri, text);
  }

  async function reloadKbFromDisk(uri: string): Promise<boolean> {
    const text = await readFile(uriPath(uri), 'utf8').catch(() => undefined);
    if (text === undefined) {
      kbTexts.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return kbStore.remove(uri);
    }
    return setKbText(uri, text);
  }

  async function scanKbFiles(): Promise<void> {
    const found = new Set<string>();
    for (const folder of folders) {
      if (!folder.startsWith('file:')) continue;
      const s = await settings.get(folder);
      for (const path of await findFiles(uriPath(folder), globMatcher(s.knowledgeBase.files), MAX_KB_FILES)) found.add(pathToFileURL(path).toString());
    }
    let changed = false;
    for (const uri of kbStore.uris()) {
      if (found.has(uri) || documents.get(uri)) continue;
      kbTexts.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      changed = kbStore.remove(uri) || changed;
    }
    for (const uri of found) if (!documents.get(uri)) changed = (await reloadKbFromDisk(uri)) || changed;
    if (changed || kbStore.failure) knowledgeBaseChanged();
  }

  // ---- lifecycle ------------------------------------------------------------

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const c = params.capabilities;
    caps.configuration = !!c.workspace?.configuration;
    caps.workspaceFolders = !!c.workspace?.workspaceFolders;
    caps.tokensRefresh = !!c.workspace?.semanticTokens?.refreshSupport;
    caps.inlayRefresh = !!c.workspace?.inlayHint?.refreshSupport;
    caps.watchedFiles = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    caps.showsCommandMessages = !!(params.initializationOptions as InitializationOptions | undefined)?.showsCommandMessages;
    settings = new SettingsStore(connection, caps.configuration);
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    // Compile the recogniser's and the editor path's hot code and load the lexicons and weights
    // before the first document arrives (a few hundred milliseconds, while the client waits for
    // this answer anyway), so the first article is not analysed by a cold interpreter.
    await warmUpEditorPath(currentRecognizer);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
        hoverProvider: true,
        documentHighlightProvider: true,
        referencesProvider: true,
        workspaceSymbolProvider: true,
        documentSymbolProvider: { label: 'Hindi News' },
        inlayHintProvider: true,
        executeCommandProvider: { commands: Commands.all },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          // Sidecars follow their articles when the editor renames or moves them.
          fileOperations: { didRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*', matches: 'file' } }] } },
        },
      },
      serverInfo: { name: 'hindi-news-annotator' },
    };
  });

  connection.onInitialized(() => {
    if (caps.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hindiNews' });
    if (caps.watchedFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.txt' }, { globPattern: '**/*.json' }] });
    }
    if (caps.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
        index.invalidate();
        void scanKbFiles();
      });
    }
    if (kbStore.failure) knowledgeBaseChanged();
    void scanKbFiles().catch((e) => connection.console.error(`Reading knowledge-base files failed: ${e}`));
  });

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    shownCache.clear();
    index.invalidate();
    void scanKbFiles();
    refreshEditors();
  });

  connection.onDidChangeWatchedFiles(async (e) => {
    let kbChanged = false;
    for (const ch of e.changes) {
      const article = articleForSidecar(ch.uri);
      if (article) {
        await store.sidecarChanged(article);
        continue;
      }
      if (await isKbFile(ch.uri)) {
        if (documents.get(ch.uri)) continue; // the editor's text wins while open
        kbChanged = (await reloadKbFromDisk(ch.uri)) || kbChanged;
        if (ch.type === FileChangeType.Deleted) kbChanged = kbStore.remove(ch.uri) || kbChanged;
      } else index.invalidate(ch.uri);
    }
    if (kbChanged) knowledgeBaseChanged();
  });

  documents.onDidOpen(async (e) => {
    if (await isKbFile(e.document.uri)) {
      if (setKbText(e.document.uri, e.document.getText())) knowledgeBaseChanged();
      else publishKbDiagnostics(e.document.uri);
      return;
    }
    const h = await handledDoc(e.document.uri);
    if (h) store.open(h.doc.uri, h.doc.getText());
    // Start at once, long articles too: the analysis yields between time slices, so the
    // editor's viewport request (range tokens) still gets in, and the full tokens that
    // follow it find the work under way.
    scheduleAnalysis(e.document, 0);
  });

  documents.onDidChangeContent(async (e) => {
    if (kbStore.has(e.document.uri) || (await isKbFile(e.document.uri))) {
      analyzer.debounce(e.document.uri, DEBOUNCE_MS, () => {
        const d = documents.get(e.document.uri);
        if (d && setKbText(d.uri, d.getText())) knowledgeBaseChanged();
      });
      return;
    }
    scheduleAnalysis(e.document, DEBOUNCE_MS);
  });

  documents.onDidSave((e) => void store.saved(e.document.uri));

  connection.onShutdown(() => store.flushAll());

  connection.workspace.onDidRenameFiles(async (e) => {
    for (const f of e.files) await store.renamed(f.oldUri, f.newUri);
  });

  documents.onDidClose(async (e) => {
    const uri = e.document.uri;
    void store.close(uri);
    analyzer.forget(uri);
    tokens.forget(uri);
    shownCache.delete(uri);
    provisionalServed.delete(uri);
    largeWarned.delete(uri);
    annotationsGeneration.delete(uri);
    annotated.delete(uri);
    if (kbStore.has(uri) && (await reloadKbFromDisk(uri))) knowledgeBaseChanged();
    settings.drop(uri);
  });

  // ---- annotation commands ----------------------------------------------------

  const commandContext: annotationCommands.CommandContext = {
    store,
    document: async (uri) => {
      const doc = (await handledDoc(uri))?.doc;
      // A command can overtake the didOpen handler (which waits for settings); open() is idempotent.
      if (doc) store.open(doc.uri, doc.getText());
      return doc;
    },
    shown: async (doc) => {
      const s = await settings.get(doc.uri);
      return isLarge(doc, s) ? undefined : shownSpans(doc, s);
    },
    kb: () => kb,
  };

  /** Refusals reach Neovim and other clients as a message; the VS Code client shows them itself. */
  const answer = (r: CommandResult): CommandResult => {
    if (!r.ok && !caps.showsCommandMessages) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Hindi News: ${r.message}` });
    return r;
  };

  /** Commands that act on one article's annotations: each is a function of the command context and its argument. */
  const annotationCommandTable: Record<string, (arg: never) => Promise<CommandResult>> = {
    [Commands.tag]: (a) => annotationCommands.tag(commandContext, a),
    [Commands.removeTag]: (a) => annotationCommands.removeTag(commandContext, a),
    [Commands.accept]: (a) => annotationCommands.accept(commandContext, a),
    [Commands.acceptAll]: (a) => annotationCommands.acceptAll(commandContext, a),
    [Commands.reject]: (a) => annotationCommands.reject(commandContext, a),
    [Commands.relabel]: (a) => annotationCommands.relabel(commandContext, a),
    [Commands.nextUnreviewed]: (a) => annotationCommands.navigate(commandContext, a, 1),
    [Commands.previousUnreviewed]: (a) => annotationCommands.navigate(commandContext, a, -1),
    [Commands.linkEntity]: (a) => annotationCommands.linkEntity(commandContext, a),
  };

  connection.onExecuteCommand(async (p, token, workDone) => {
    const arg = p.arguments?.[0];
    const annotationCommand = Object.hasOwn(annotationCommandTable, p.command) ? annotationCommandTable[p.command] : undefined;
    if (annotationCommand) return answer(await annotationCommand(arg as never));
    switch (p.command) {
      case Commands.reanalyze:
        for (const d of documents.all()) analyzer.forget(d.uri);
        index.invalidate();
        await scanKbFiles();
        knowledgeBaseChanged();
        return null;
      case Commands.addToKnowledgeBase: {
        const folder = folders.find((f) => f.startsWith('file:') && typeof arg?.uri === 'string' && (arg.uri as string).startsWith(f.replace(/\/?$/, '/'))) ?? folders.find((f) => f.startsWith('file:'));
        const r = await annotationCommands.addToKnowledgeBase(commandContext, arg, folder ? join(uriPath(folder), 'hindi-news.hnkb.json') : undefined, (uri, text) => {
          if (!documents.get(uri) && setKbText(uri, text)) knowledgeBaseChanged();
        });
        return answer(r);
      }
      case Commands.exportAnnotations: {
        const progress = p.workDoneToken !== undefined ? workDone : await connection.window.createWorkDoneProgress().catch(() => workDone);
        const exportFolder = async (f: string) => (await settings.get(f)).exportFolder;
        return answer(await exportCommand(arg, { folders, exportFolder, kb, flush: () => store.flushAll(), progress, token, log: (m) => connection.console.info(m) }));
      }
      default:
        return answer({ ok: false, message: `Unknown command ${p.command}.` });
    }
  });

  connection.onCodeAction(async (p) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return null;
    store.open(h.doc.uri, h.doc.getText());
    const st = await store.ready(h.doc.uri);
    if (!st?.set) return null;
    const position = p.range.start;
    const offset = toOffset(h.doc, position);
    const tag = st.set.at(offset);
    let suggestion: ShownSpan | undefined;
    if (!tag && !isLarge(h.doc, h.s)) {
      const unreviewed = (await shownSpans(h.doc, h.s))?.filter((x) => !x.confirmed) ?? [];
      const i = spanAt(unreviewed, offset);
      suggestion = i < 0 ? undefined : unreviewed[i];
    }
    return annotationActions(h.doc.uri, position, suggestion, tag, p.context.diagnostics, h.s.labels.custom.map((c) => c.name));
  });

  connection.onRequest(KbCandidatesRequest.type, (p) => annotationCommands.kbCandidates(commandContext, p));

  connection.onRequest(AnnotationRangesRequest.type, async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h || isLarge(h.doc, h.s)) return null;
    const spans = await shownSpans(h.doc, h.s, token);
    if (!spans) return cancelled();
    const pick = (confirmed: boolean) => spans.filter((x) => x.confirmed === confirmed).map((x) => ({ range: toRange(h.doc, x.start, x.end), label: x.label }));
    return { uri: h.doc.uri, version: h.doc.version, confirmed: pick(true), suggestions: pick(false) };
  });

  connection.onRequest(EntitiesRequest.type, async (p, token) => {
    const s = await settings.get(p.uri ?? folders[0]);
    const labels = [...shownLabels(s)];
    if (p.scope === 'workspace') {
      const articles = await allArticles(shownLabels(s), token);
      if (!articles) return cancelled();
      return { groups: entityGroups(articles, labels, kb) };
    }
    const h = p.uri ? await handledDoc(p.uri) : undefined;
    if (!h) return null;
    if (isLarge(h.doc, h.s)) return { groups: [] };
    const spans = await shownSpans(h.doc, h.s, token);
    if (!spans) return cancelled();
    const article: TreeArticle = {
      uri: h.doc.uri,
      mentions: spans.map((x): IndexedMention => ({ key: entityKey(x), label: x.label, text: x.text, ...(x.entityId ? { entityId: x.entityId } : {}), range: toRange(h.doc, x.start, x.end) })),
      confirmed: spans.map((x) => x.confirmed),
    };
    return { groups: entityGroups([article], labels, kb) };
  });

  // ---- features ---------------------------------------------------------------

  connection.languages.semanticTokens.on(async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return { data: [] };
    if (isLarge(h.doc, h.s)) {
      warnLarge(h.doc, h.s);
      // Refusing (rather than answering empty) keeps the client's range tokens on screen.
      return new ResponseError<void>(LSPErrorCodes.ServerCancelled, 'document above hindiNews.maxFullDocumentSize: range tokens only');
    }
    const spans = await tokenSpans(h.doc, h.s, token);
    if (!spans) return cancelled();
    const text = h.doc.getText();
    return tokens.full(h.doc.uri, (b) => pushTokens(b, h.doc, text, spans));
  });

  connection.languages.semanticTokens.onDelta(async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return { data: [] };
    if (isLarge(h.doc, h.s)) return new ResponseError<void>(LSPErrorCodes.ServerCancelled, 'document above hindiNews.maxFullDocumentSize: range tokens only');
    const spans = await tokenSpans(h.doc, h.s, token);
    if (!spans) return cancelled();
    const text = h.doc.getText();
    return tokens.delta(h.doc.uri, p.previousResultId, (b) => pushTokens(b, h.doc, text, spans));
  });

  connection.languages.semanticTokens.onRange(async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return { data: [] };
    const [from, to] = rangeToOffsets(h.doc, p.range);
    const text = h.doc.getText();
    // A long document not analysed yet: colour the visible lines now, analyse the whole in the
    // background (at once when just opened; after an edit, once typing pauses).
    const spans =
      text.length >= PROVISIONAL_MIN_LENGTH && !analyzer.peek(h.doc) && !isLarge(h.doc, h.s)
        ? (scheduleAnalysis(h.doc, analyzer.analyzedBefore(h.doc.uri) ? DEBOUNCE_MS : 0), mergeSpans(analyzer.analyzeWindow(h.doc, from, to, 5).spans, annotations.annotations(h.doc.uri), shownLabels(h.s)))
        : await spansAround(h.doc, h.s, from, to, token);
    if (!spans) return cancelled();
    return tokens.range((b) => pushTokens(b, h.doc, text, spans, from, to));
  });

  /**
   * The shown span under a position (hover, highlights, references): the document,
   * its shown spans and the span's index; null when the document is not handled or
   * no span is there, a cancellation error when cancelled.
   */
  async function spanUnder(p: TextDocumentPositionParams, token: CancellationToken) {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return null;
    const offset = toOffset(h.doc, p.position);
    const spans = await spansAround(h.doc, h.s, offset, offset, token);
    if (!spans) return cancelled();
    const i = spanAt(spans, offset);
    return i < 0 ? null : { ...h, spans, i };
  }

  connection.onHover(async (p, token) => {
    const u = await spanUnder(p, token);
    return !u || u instanceof ResponseError ? u : hoverFor(u.doc, u.spans, u.i, kb);
  });

  connection.onDocumentHighlight(async (p, token) => {
    const u = await spanUnder(p, token);
    return !u || u instanceof ResponseError ? u : highlightsFor(u.doc, u.spans, u.i);
  });

  /** Mentions of every article: open documents as edited, the rest from the workspace index. */
  async function allArticles(labels: ReadonlySet<string>, token: CancellationToken): Promise<ArticleMentions[] | undefined> {
    const out: ArticleMentions[] = [];
    const openPaths = new Set<string>();
    for (const d of documents.all()) {
      const h = await handledDoc(d.uri);
      if (!h) continue;
      openPaths.add(uriPath(d.uri));
      const spans = isLarge(h.doc, h.s) ? [] : await shownSpans(h.doc, h.s, token);
      if (!spans) return undefined;
      out.push({ uri: d.uri, mentions: spans.map((s): IndexedMention => ({ key: entityKey(s), label: s.label, text: s.text, entityId: s.entityId, range: toRange(h.doc, s.start, s.end) })) });
    }
    const files = await index.articles(token);
    if (!files) return undefined;
    for (const f of files) {
      if (openPaths.has(uriPath(f.uri))) continue;
      out.push({ uri: f.uri, mentions: f.mentions.filter((m) => labels.has(m.label)) });
    }
    return out;
  }

  connection.onReferences(async (p, token) => {
    const u = await spanUnder(p, token);
    if (!u || u instanceof ResponseError) return u;
    const articles = await allArticles(shownLabels(u.s), token);
    if (!articles) return cancelled();
    return referencesFor(entityKey(u.spans[u.i]!), articles);
  });

  connection.onWorkspaceSymbol(async (p, token) => {
    const s = await settings.get(folders[0]);
    const articles = await allArticles(shownLabels(s), token);
    if (!articles) return cancelled();
    return workspaceSymbols(p.query, articles, kb);
  });

  connection.onDocumentSymbol(async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return null;
    if (isLarge(h.doc, h.s)) return [];
    const spans = await shownSpans(h.doc, h.s, token);
    if (!spans) return cancelled();
    const labels = [...ENTITY_LABELS.filter((l) => h.s.labels.show.includes(l)), ...h.s.labels.show.filter((l) => !(ENTITY_LABELS as readonly string[]).includes(l))];
    return documentSymbols(h.doc, spans, kb, labels);
  });

  connection.languages.inlayHint.on(async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h || !h.s.inlayHints.enabled) return [];
    const [from, to] = rangeToOffsets(h.doc, p.range);
    const spans = await spansAround(h.doc, h.s, from, to, token);
    if (!spans) return cancelled();
    return inlayHints(h.doc, spans, kb, from, to);
  });

  connection.onRequest(DocumentStatsRequest.type, async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return null;
    if (isLarge(h.doc, h.s)) return stats(h.doc, [], true, shownLabels(h.s));
    const spans = await shownSpans(h.doc, h.s, token);
    if (!spans) return cancelled();
    return stats(h.doc, spans, false, shownLabels(h.s));
  });

  documents.listen(connection);
  connection.listen();
}

// Started as a program (the bundle), not imported by a test.
// Export worker threads load this bundle too; they must not start a server.
if (require.main === module && isMainThread) {
  const connection = createConnection(ProposedFeatures.all);
  // A failed notification or background task must not take the server down.
  process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`));
  startServer(connection);
}
