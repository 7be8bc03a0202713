/**
 * The LSP client every protocol test drives the bundled server with: spawned
 * from the bundle over stdio (as another user when asked), documents kept in
 * step on the client side the way a conforming editor keeps them, every push
 * the server sends recorded (counts, review changes, progress, token
 * refreshes, edits it asks for), sidecars read from disk as another tool
 * would read them, and SIGKILL. Checks poll ({@link until}); none sleeps.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type SemanticTokens,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codePointLength } from '../src/core/offsets';
import { decodeTokens } from '../src/features/semanticTokens';
import {
  DocumentStatsNotification,
  DocumentStatsRequest,
  ReviewChangedNotification,
  ReviewSummaryRequest,
  type CommandResult,
  type DocumentStats,
  type ReviewSummary,
} from '../src/protocol';

const serverJs = join(resolve(__dirname, '../..'), 'server/out/server.js');

/** uid/gid of `nobody`: a root test runs the server as it, so permissions apply. */
export const NOBODY = 65534;
export const runningAsRoot = process.getuid?.() === 0;

/** The settings a plain client sends (`workspace/configuration`), per workspace folder. */
export const DEFAULT_TEST_SETTINGS = { files: ['**/*.txt'], labels: { show: ['PERSON', 'PARTY', 'DATE'] }, knowledgeBase: { files: ['**/*.hnkb.json'] } };

/** {@link DEFAULT_TEST_SETTINGS} with a custom label, PLACE, that commands must accept and code actions offer. */
export const SETTINGS_WITH_PLACE = { ...DEFAULT_TEST_SETTINGS, labels: { show: ['PERSON', 'PARTY', 'DATE'], custom: [{ name: 'PLACE', color: '#0a0' }] } };

/** What VS Code announces beyond the basics: work-done progress, token refreshes, full/delta/range semantic tokens. */
export const EDITOR_CAPABILITIES = {
  window: { workDoneProgress: true },
  workspace: { configuration: true, workspaceFolders: true, semanticTokens: { refreshSupport: true } },
  textDocument: { semanticTokens: { requests: { full: { delta: true }, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] } },
};

export interface ClientOptions {
  /** Workspace folder (a path). */
  folder: string;
  /** Run the server as `nobody` (only when the test runs as root). */
  asNobody?: boolean;
  /** Delay the answer to `workspace/configuration` until this resolves (edits sent meanwhile are queued by the server). */
  holdConfiguration?: () => Promise<void>;
  /** The `hindiNews` settings answered for every folder, read at each request (default {@link DEFAULT_TEST_SETTINGS}). */
  settings?: () => object;
  /** Client capabilities (default: configuration and workspace folders only; {@link EDITOR_CAPABILITIES} for an editor's). */
  capabilities?: object;
  /** A command the server is started through, which then runs `node server.js --stdio` in the same process (`prlimit --fsize=…`). */
  launcher?: string[];
}

/** `[start, end)` of the first `text` at or after `from` in `doc`, as an LSP range. */
export function rangeIn(doc: TextDocument, text: string, from = 0): Range {
  const s = doc.getText().indexOf(text, from);
  assert.ok(s >= 0, `${text} not in ${doc.uri}`);
  return { start: doc.positionAt(s), end: doc.positionAt(s + text.length) };
}

/** Code-point offset of the first `text` at or after `from` in `article` (what the sidecar and exports store). */
export const cpOffset = (article: string, text: string, from = 0) => codePointLength(article.slice(0, article.indexOf(text, from)));

export class LspClient {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly messages: Array<{ type: number; message: string }> = [];
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  readonly docs = new Map<string, TextDocument>();
  /** Every `hindiNews/documentStatsChanged` push, in order. */
  readonly pushedStats: DocumentStats[] = [];
  /** Every `hindiNews/reviewChanged` push, in order. */
  readonly reviewChanges: Array<{ uri: string; status: string }> = [];
  /** Every `$/progress` notification. */
  readonly progress: unknown[] = [];
  /** Every edit the server asked the client to apply (refused): annotation actions must never send one. */
  readonly applyEdits: unknown[] = [];
  /** How many times the server asked the editor to refresh its semantic tokens. */
  tokenRefreshes = 0;
  private exited: Promise<void>;

  constructor(readonly options: ClientOptions) {
    assert.ok(existsSync(serverJs), `${serverJs} is missing: run \`node scripts/build.mjs\` first (npm test does)`);
    const asUser = options.asNobody && runningAsRoot ? { uid: NOBODY, gid: NOBODY } : {};
    const [cmd, ...args] = [...(options.launcher ?? []), process.execPath, serverJs, '--stdio'];
    this.proc = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'], ...asUser });
    this.proc.stderr!.on('data', (b: Buffer) => this.logs.push(b.toString()));
    this.exited = new Promise((r) => this.proc.once('exit', () => r()));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', async (p: { items: unknown[] }) => {
      await options.holdConfiguration?.();
      return p.items.map(() => options.settings?.() ?? DEFAULT_TEST_SETTINGS);
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/semanticTokens/refresh', () => {
      this.tokenRefreshes++;
      return null;
    });
    this.conn.onRequest('workspace/applyEdit', (p: unknown) => {
      this.applyEdits.push(p);
      return { applied: false };
    });
    this.conn.onNotification(DocumentStatsNotification.method, (p: DocumentStats) => this.pushedStats.push(p));
    this.conn.onNotification(ReviewChangedNotification.method, (p: { uri: string; status: string }) => this.reviewChanges.push(p));
    this.conn.onNotification('$/progress', (p: unknown) => this.progress.push(p));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.diagnostics.set(p.uri, p));
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => this.messages.push(p));
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  async initialize(): Promise<this> {
    const uri = pathToFileURL(this.options.folder).toString();
    await this.conn.sendRequest('initialize', {
      // A server running as another user cannot signal this process, and its parent watchdog would take that for death.
      processId: this.options.asNobody && runningAsRoot ? null : process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'ws' }],
      capabilities: this.options.capabilities ?? { workspace: { configuration: true, workspaceFolders: true } },
    });
    await this.conn.sendNotification('initialized', {});
    return this;
  }

  pathOf(name: string): string {
    return join(this.options.folder, name);
  }

  uriOf(name: string): string {
    return pathToFileURL(this.pathOf(name)).toString();
  }

  doc(name: string): TextDocument {
    const d = this.docs.get(this.uriOf(name));
    assert.ok(d, `${name} is not open`);
    return d;
  }

  /** Write an article on disk, as another program would (the server is not told). */
  write(name: string, text: string): void {
    writeFileSync(this.pathOf(name), text);
  }

  /** Write an article and tell the server, as an editor's file watcher would. */
  writeWatched(name: string, text: string): void {
    const existed = existsSync(this.pathOf(name));
    this.write(name, text);
    void this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uriOf(name), type: existed ? 2 : 1 }] });
  }

  /** Open an article with `text`, by default what is on disk. */
  open(name: string, text = readFileSync(this.pathOf(name), 'utf8')): TextDocument {
    const uri = this.uriOf(name);
    const doc = TextDocument.create(uri, 'plaintext', 1, text);
    this.docs.set(uri, doc);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
    return doc;
  }

  /** Send one `didChange`; the client's copy applies it the way a conforming client would. `version` overrides the next version. */
  change(name: string, changes: TextDocumentContentChangeEvent[], version?: number): void {
    const doc = this.doc(name);
    const v = version ?? doc.version + 1;
    TextDocument.update(doc, changes, Math.max(v, doc.version + 1));
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: v }, contentChanges: changes });
  }

  /** Replace `[start, end)` (UTF-16 offsets of the client's text) by `text`. */
  edit(name: string, start: number, end: number, text: string): void {
    const doc = this.doc(name);
    this.change(name, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text }]);
  }

  save(name: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didSave', { textDocument: { uri: this.uriOf(name) } });
  }

  close(name: string): Promise<void> {
    const uri = this.uriOf(name);
    this.docs.delete(uri);
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Run a server command; a server that never answers fails the test instead of hanging it. */
  run(command: string, arg: unknown, ms = 20_000): Promise<CommandResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${command} ${JSON.stringify(arg)} in ${ms} ms; server log:\n${this.logs.join('\n')}`)), ms);
    });
    return Promise.race([this.conn.sendRequest<CommandResult>('workspace/executeCommand', { command, arguments: [arg] }), timeout]).finally(() => clearTimeout(timer));
  }

  rangeOf(name: string, text: string, from = 0): Range {
    return rangeIn(this.doc(name), text, from);
  }

  /** The document's semantic tokens, decoded. */
  async tokens(uri: string) {
    return decodeTokens((await this.conn.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data);
  }

  stats(uri: string): Promise<DocumentStats> {
    return this.conn.sendRequest<DocumentStats>(DocumentStatsRequest.method, { textDocument: { uri } });
  }

  reviewSummary(uri?: string): Promise<ReviewSummary> {
    return this.conn.sendRequest<ReviewSummary>(ReviewSummaryRequest.method, uri ? { uri } : {});
  }

  /** The hover text at the start of `text` in `doc` ('' when none). */
  async hover(doc: TextDocument, text: string): Promise<string> {
    const r = await this.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: rangeIn(doc, text).start });
    return r?.contents.value ?? '';
  }

  sidecarOf(name: string): string {
    return this.pathOf(name) + '.hna.json';
  }

  /** The sidecar as on disk, or undefined when there is none. */
  readSidecar(name: string): any {
    return existsSync(this.sidecarOf(name)) ? JSON.parse(readFileSync(this.sidecarOf(name), 'utf8')) : undefined;
  }

  /** The sidecar once it satisfies `pred` (the server writes it after a short debounce). */
  sidecarWhen(name: string, pred: (d: any) => boolean): Promise<any> {
    return until(`sidecar of ${name}`, () => {
      const d = this.readSidecar(name);
      return d !== undefined && pred(d) ? d : undefined;
    });
  }

  /** Shutdown and exit, as an editor does when it quits. */
  async quit(): Promise<void> {
    await this.conn.sendRequest('shutdown').catch(() => undefined);
    await this.conn.sendNotification('exit').catch(() => undefined);
    await this.exited;
    this.conn.dispose();
  }

  async kill(): Promise<void> {
    this.proc.kill('SIGKILL');
    await this.exited;
    this.conn.dispose();
  }
}

/** Poll `f` until it gives a value (never asserts a duration: `ms` only bounds a hang). A throw counts as no value yet. */
export async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    let v: T | undefined | false;
    try {
      v = await f();
    } catch {
      v = undefined;
    }
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The client a test file shares: an editor's capabilities and settings with
 * the custom label PLACE, over a fresh temporary workspace (`prefix`); it is
 * initialised before the file's tests, and quits and the workspace goes after.
 */
export function editorClient(prefix: string): LspClient {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const client = new LspClient({ folder, settings: () => SETTINGS_WITH_PLACE, capabilities: EDITOR_CAPABILITIES });
  before(() => client.initialize());
  after(async () => {
    await client.quit();
    rmSync(folder, { recursive: true, force: true });
  });
  return client;
}
