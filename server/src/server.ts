/**
 * The language server: capabilities, document and settings state, and one
 * thin handler per feature (the features live in ./features, the language
 * logic in ./core). Run as `node server/out/server.js --stdio`.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { KnowledgeBase } from './core/kb/load';
import { Recognizer } from './core/recognizer';
import { ENTITY_LABELS } from './core/types';
import { highlightsFor } from './features/documentHighlight';
import { documentSymbols } from './features/documentSymbols';
import { DocumentAnalyzer } from './features/documents';
import { kbDiagnostics } from './features/diagnostics';
import { entityKey, mergeSpans, NO_ANNOTATIONS, spanAt, type AnnotationSource, type ShownSpan } from './features/entities';
import { globMatcher, isHandled, matchPath, uriPath } from './features/files';
import { hoverFor } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { KnowledgeBaseStore } from './features/knowledgeBase';
import { rangeToOffsets, toOffset, toRange } from './features/positions';
import { referencesFor, type ArticleMentions } from './features/references';
import { pushTokens, SemanticTokensCache } from './features/semanticTokens';
import { SettingsStore, type HindiNewsSettings } from './features/settings';
import { findFiles, WorkspaceIndex, type IndexedMention } from './features/workspaceIndex';
import { workspaceSymbols } from './features/workspaceSymbols';
import { Commands, DocumentStatsNotification, DocumentStatsRequest, SEMANTIC_TOKENS_LEGEND, ServerStatusNotification, type DocumentStats } from './protocol';

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
  const documents = new TextDocuments(TextDocument);
  const caps = { configuration: false, workspaceFolders: false, tokensRefresh: false, inlayRefresh: false, watchedFiles: false };
  let folders: string[] = [];
  let settings = new SettingsStore(connection, false);
  const kbStore = new KnowledgeBaseStore();
  let kb = kbStore.current();
  let currentRecognizer = makeRecognizer(kb);
  const analyzer = new DocumentAnalyzer(currentRecognizer);
  const tokens = new SemanticTokensCache();
  const annotations = options.annotations ?? NO_ANNOTATIONS;
  let annotationsGeneration = 0;
  const shownCache = new Map<string, { version: number; key: string; spans: ShownSpan[] }>();
  const largeWarned = new Set<string>();

  const index = new WorkspaceIndex({
    folders: () => folders,
    settings: (folder) => settings.get(folder),
    recognizer: () => currentRecognizer,
    log: (m) => connection.console.info(m),
  });

  annotations.onDidChange?.((uri) => {
    annotationsGeneration++;
    shownCache.delete(uri);
    refreshEditors();
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

  /** Shown spans of the whole document (suggestions merged with annotations, filtered by label). */
  async function shownSpans(doc: TextDocument, s: HindiNewsSettings, token?: CancellationToken): Promise<ShownSpan[] | undefined> {
    const key = `${s.labels.show.join(',')}|${annotationsGeneration}`;
    const c = shownCache.get(doc.uri);
    if (c && c.version === doc.version && c.key === key) return c.spans;
    const a = await analyzer.analyze(doc, token);
    if (!a) return undefined;
    const spans = mergeSpans(a.spans, annotations.annotations(doc.uri), new Set(s.labels.show));
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
    const key = `${s.labels.show.join(',')}|${annotationsGeneration}`;
    if (c && c.version === doc.version && c.key === key) return c.spans;
    if (doc.getText().length >= PROVISIONAL_MIN_LENGTH && !analyzer.peek(doc)) {
      const a = analyzer.provisional(doc);
      if (a) {
        const spans = mergeSpans(a.spans, annotations.annotations(doc.uri), new Set(s.labels.show));
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
    return mergeSpans(analyzer.analyzeWindow(doc, start, end).spans, annotations.annotations(doc.uri), new Set(s.labels.show));
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

  function stats(doc: TextDocument, spans: readonly ShownSpan[] | undefined, limited: boolean): DocumentStats {
    const counts = { PERSON: 0, PARTY: 0, DATE: 0 };
    const keys = { PERSON: new Set<string>(), PARTY: new Set<string>(), DATE: new Set<string>() };
    for (const sp of spans ?? []) {
      if (!(sp.label in counts)) continue;
      counts[sp.label]++;
      keys[sp.label].add(entityKey(sp));
    }
    return { uri: doc.uri, version: doc.version, counts, entities: { PERSON: keys.PERSON.size, PARTY: keys.PARTY.size, DATE: keys.DATE.size }, limited };
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
          void connection.sendNotification(DocumentStatsNotification.type, stats(h.doc, [], true));
          return;
        }
        const stale = { get isCancellationRequested() { return documents.get(doc.uri)?.version !== version; } } as CancellationToken;
        const spans = await shownSpans(h.doc, h.s, stale);
        if (!spans) return;
        void connection.sendNotification(DocumentStatsNotification.type, stats(h.doc, spans, false));
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

  connection.onInitialize((params): InitializeResult => {
    const c = params.capabilities;
    caps.configuration = !!c.workspace?.configuration;
    caps.workspaceFolders = !!c.workspace?.workspaceFolders;
    caps.tokensRefresh = !!c.workspace?.semanticTokens?.refreshSupport;
    caps.inlayRefresh = !!c.workspace?.inlayHint?.refreshSupport;
    caps.watchedFiles = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    settings = new SettingsStore(connection, caps.configuration);
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
        hoverProvider: true,
        documentHighlightProvider: true,
        referencesProvider: true,
        workspaceSymbolProvider: true,
        documentSymbolProvider: { label: 'Hindi News' },
        inlayHintProvider: true,
        executeCommandProvider: { commands: [Commands.reanalyze] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
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
    // The recogniser loads its lexicons and tagger weights on first use: pay that now, not on the first hover.
    setImmediate(() => currentRecognizer.analyzeParagraph('कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने सोमवार, 19 दिसंबर 2023 को कहा'));
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
    // Long articles: leave the first moments to the editor's viewport request (range tokens).
    scheduleAnalysis(e.document, e.document.getText().length >= PROVISIONAL_MIN_LENGTH ? DEBOUNCE_MS : 0);
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

  documents.onDidClose(async (e) => {
    const uri = e.document.uri;
    analyzer.forget(uri);
    tokens.forget(uri);
    shownCache.delete(uri);
    provisionalServed.delete(uri);
    largeWarned.delete(uri);
    if (kbStore.has(uri) && (await reloadKbFromDisk(uri))) knowledgeBaseChanged();
    settings.drop(uri);
  });

  connection.onExecuteCommand(async (p) => {
    if (p.command !== Commands.reanalyze) return;
    for (const d of documents.all()) analyzer.forget(d.uri);
    index.invalidate();
    await scanKbFiles();
    knowledgeBaseChanged();
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
    // A long document not analysed yet: colour the visible lines now, analyse the whole in the background.
    const spans =
      text.length >= PROVISIONAL_MIN_LENGTH && !analyzer.peek(h.doc) && !isLarge(h.doc, h.s)
        ? (scheduleAnalysis(h.doc, DEBOUNCE_MS), mergeSpans(analyzer.analyzeWindow(h.doc, from, to, 5).spans, annotations.annotations(h.doc.uri), new Set(h.s.labels.show)))
        : await spansAround(h.doc, h.s, from, to, token);
    if (!spans) return cancelled();
    return tokens.range((b) => pushTokens(b, h.doc, text, spans, from, to));
  });

  connection.onHover(async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return null;
    const offset = toOffset(h.doc, p.position);
    const spans = await spansAround(h.doc, h.s, offset, offset, token);
    if (!spans) return cancelled();
    const i = spanAt(spans, offset);
    return i < 0 ? null : hoverFor(h.doc, spans, i, kb);
  });

  connection.onDocumentHighlight(async (p, token) => {
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return null;
    const offset = toOffset(h.doc, p.position);
    const spans = await spansAround(h.doc, h.s, offset, offset, token);
    if (!spans) return cancelled();
    const i = spanAt(spans, offset);
    return i < 0 ? null : highlightsFor(h.doc, spans, i);
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
    const h = await handledDoc(p.textDocument.uri);
    if (!h) return null;
    const offset = toOffset(h.doc, p.position);
    const spans = await spansAround(h.doc, h.s, offset, offset, token);
    if (!spans) return cancelled();
    const i = spanAt(spans, offset);
    if (i < 0) return null;
    const articles = await allArticles(new Set(h.s.labels.show), token);
    if (!articles) return cancelled();
    return referencesFor(entityKey(spans[i]!), articles);
  });

  connection.onWorkspaceSymbol(async (p, token) => {
    const s = await settings.get(folders[0]);
    const articles = await allArticles(new Set(s.labels.show), token);
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
    if (isLarge(h.doc, h.s)) return stats(h.doc, [], true);
    const spans = await shownSpans(h.doc, h.s, token);
    if (!spans) return cancelled();
    return stats(h.doc, spans, false);
  });

  documents.listen(connection);
  connection.listen();
}

// Started as a program (the bundle), not imported by a test.
if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  // A failed notification or background task must not take the server down.
  process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`));
  startServer(connection);
}
