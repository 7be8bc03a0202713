/**
 * A small LSP client for tests that need their own server process: spawned
 * from the bundle over stdio (as another user when asked), with documents
 * kept in step on the client side, and SIGKILL.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CommandResult } from '../src/protocol';

const serverJs = join(resolve(__dirname, '../..'), 'server/out/server.js');

/** uid/gid of `nobody`: a root test runs the server as it, so permissions apply. */
export const NOBODY = 65534;
export const runningAsRoot = process.getuid?.() === 0;

export interface ClientOptions {
  /** Workspace folder (a path). */
  folder: string;
  /** Run the server as `nobody` (only when the test runs as root). */
  asNobody?: boolean;
  /** Delay the answer to `workspace/configuration` until this resolves (edits sent meanwhile are queued by the server). */
  holdConfiguration?: () => Promise<void>;
}

export class LspClient {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly messages: Array<{ type: number; message: string }> = [];
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  readonly docs = new Map<string, TextDocument>();
  private exited: Promise<void>;

  constructor(readonly options: ClientOptions) {
    assert.ok(existsSync(serverJs), `${serverJs} is missing: run \`node scripts/build.mjs\` first (npm test does)`);
    const asUser = options.asNobody && runningAsRoot ? { uid: NOBODY, gid: NOBODY } : {};
    this.proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...asUser });
    this.proc.stderr!.on('data', (b: Buffer) => this.logs.push(b.toString()));
    this.exited = new Promise((r) => this.proc.once('exit', () => r()));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', async (p: { items: unknown[] }) => {
      await options.holdConfiguration?.();
      return p.items.map(() => ({ files: ['**/*.txt'], labels: { show: ['PERSON', 'PARTY', 'DATE'] }, knowledgeBase: { files: ['**/*.hnkb.json'] } }));
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/semanticTokens/refresh', () => null);
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
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    await this.conn.sendNotification('initialized', {});
    return this;
  }

  uriOf(name: string): string {
    return pathToFileURL(join(this.options.folder, name)).toString();
  }

  doc(name: string): TextDocument {
    const d = this.docs.get(this.uriOf(name));
    assert.ok(d, `${name} is not open`);
    return d;
  }

  open(name: string, text: string): TextDocument {
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
    const doc = this.doc(name);
    const s = doc.getText().indexOf(text, from);
    assert.ok(s >= 0, `${text} not in ${name}`);
    return { start: doc.positionAt(s), end: doc.positionAt(s + text.length) };
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

/** Poll `f` until it gives a value (never asserts a duration: `ms` only bounds a hang). */
export async function until<T>(what: string, f: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    let v: T | undefined | false;
    try {
      v = f();
    } catch {
      v = undefined;
    }
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
