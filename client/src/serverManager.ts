/**
 * Owns the LanguageClient: starts the bundled server, restarts it on request
 * or when the set of handled files changes, and tells the user when it keeps
 * crashing instead of failing silently. It is also the one subscriber to the
 * server's notifications: the client keeps a single handler per method, so
 * the status bar, decorations and views listen to this manager's events.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type MessageSignature,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { documentSelector } from './documentSelector';
import { RESTART_SERVER, SHOW_OUTPUT } from './commands';
import {
  DocumentStatsNotification,
  ReviewChangedNotification,
  ServerStatusNotification,
  type DocumentStats,
  type ReviewStatus,
  type InitializationOptions,
  type ServerStatusParams,
} from '../../server/src/protocol';

/** What the server pushes, as editor events (one subscription per notification, shared by every listener). */
export interface ServerEvents {
  /** Fresh counts for an article: after each analysis and each change to its annotations. */
  readonly onDidChangeStats: vscode.Event<DocumentStats>;
  readonly onDidChangeStatus: vscode.Event<ServerStatusParams>;
  /** An article's review status or counts changed (any article of the workspace, open or not). */
  readonly onDidChangeReview: vscode.Event<{ uri: string; status: ReviewStatus }>;
}

/**
 * A client-side piece that talks to the server while it runs (status bar,
 * decorations, views). Attached once the client has started, that is after
 * the server has been told about the open documents, so a first request for
 * the active article finds it.
 */
export interface ClientAttached {
  attach(client: LanguageClient, events: ServerEvents): void;
  detach(): void;
}

/**
 * The LanguageClient, quiet while it stops: requests still in flight when the
 * extension host shuts down (code actions, tokens for the visible editor) fail
 * with a closed connection; their providers answer nothing instead of logging
 * "provider FAILED" into an output channel that may already be closed.
 */
class HindiNewsClient extends LanguageClient {
  stopping = false;

  override handleFailedRequest<T>(type: MessageSignature, token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean): T {
    if (this.stopping || this.state !== State.Running) return defaultValue;
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification);
  }
}

/** A crash within this window of the previous ones counts towards the limit. */
const CRASH_WINDOW_MS = 3 * 60 * 1000;
/** Automatic restarts allowed inside the window before the user is asked. */
const MAX_AUTO_RESTARTS = 2;

export class ServerManager implements vscode.Disposable, ServerEvents {
  private client: HindiNewsClient | undefined;
  private readonly stats = new vscode.EventEmitter<DocumentStats>();
  private readonly status = new vscode.EventEmitter<ServerStatusParams>();
  private readonly review = new vscode.EventEmitter<{ uri: string; status: ReviewStatus }>();
  readonly onDidChangeStats = this.stats.event;
  readonly onDidChangeStatus = this.status.event;
  readonly onDidChangeReview = this.review.event;
  private crashes: number[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly clientDisposables: vscode.Disposable[] = [];
  private starting: Promise<void> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
    private readonly attached: readonly ClientAttached[],
  ) {
    this.disposables.push(
      this.stats,
      this.status,
      this.review,
      vscode.workspace.onDidChangeConfiguration((e) => {
        // The document selector is fixed when a client starts.
        if (e.affectsConfiguration('hindiNews.files')) void this.restart();
      }),
    );
  }

  async start(): Promise<void> {
    if (this.client) return;
    const client = this.createClient();
    this.client = client;
    // Registered before start, so kept by the client across automatic restarts.
    this.clientDisposables.push(
      client.onNotification(DocumentStatsNotification.type, (s) => this.stats.fire(s)),
      client.onNotification(ServerStatusNotification.type, (s) => this.status.fire(s)),
      client.onNotification(ReviewChangedNotification.type, (r) => this.review.fire(r)),
      // Also fires after an automatic restart, which re-creates the connection.
      client.onDidChangeState((e) => {
        if (e.newState !== State.Running) {
          for (const a of this.attached) a.detach();
          return;
        }
        // Running is entered before `initialized` and the didOpen of the open
        // documents are sent; start() settles after them.
        void client.start().then(
          () => {
            if (this.client !== client || client.state !== State.Running) return;
            for (const a of this.attached) a.attach(client, this);
          },
          () => undefined,
        );
      }),
    );
    this.starting = client.start().catch(
      (err: unknown) => {
        this.output.appendLine(`The Hindi News language server failed to start: ${String(err)}`);
        void this.offerRestart('The Hindi News language server failed to start.');
      },
    );
    await this.starting;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) client.stopping = true;
    for (const a of this.attached) a.detach();
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (!client) return;
    await this.starting?.catch(() => undefined);
    if (client.state === State.Running) await client.stop().catch(() => undefined);
    await client.dispose().catch(() => undefined);
  }

  /** The running client, for commands; undefined while the server is stopped or starting. */
  running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  async restart(): Promise<void> {
    this.crashes = [];
    this.output.appendLine('Restarting the Hindi News language server.');
    await this.stop();
    await this.start();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.stop();
  }

  private createClient(): HindiNewsClient {
    const module = this.context.asAbsolutePath('server/out/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      synchronize: { configurationSection: 'hindiNews' },
      outputChannel: this.output,
      errorHandler: this.errorHandler(),
      // Command refusals come back as results and are shown by the commands, not as a second message.
      initializationOptions: { showsCommandMessages: true } satisfies InitializationOptions,
    };
    // The id makes the client read `hindiNews.trace.server`.
    return new HindiNewsClient('hindiNews', 'Hindi News', serverOptions, clientOptions);
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (error, _message, count): ErrorHandlerResult => {
        this.output.appendLine(`Connection error: ${error.message}`);
        // A few write errors can be transient; more mean the pipe is gone.
        return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
        this.crashes.push(now);
        if (this.crashes.length <= MAX_AUTO_RESTARTS) {
          this.output.appendLine(`The language server stopped unexpectedly; restarting it (${this.crashes.length}/${MAX_AUTO_RESTARTS}).`);
          return { action: CloseAction.Restart, handled: true };
        }
        void this.offerRestart(
          `The Hindi News language server crashed ${this.crashes.length} times in the last 3 minutes and was stopped. ` +
            'Highlighting and hovers are off until it runs again; the output channel has the details.',
        );
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }

  private async offerRestart(message: string): Promise<void> {
    const restart = 'Restart server';
    const show = 'Show output';
    const choice = await vscode.window.showErrorMessage(message, restart, show);
    if (choice === restart) await vscode.commands.executeCommand(RESTART_SERVER);
    else if (choice === show) await vscode.commands.executeCommand(SHOW_OUTPUT);
  }
}
