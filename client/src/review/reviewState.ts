/**
 * The workspace's review state as the server reports it
 * (`hindiNews/reviewSummary`): every article with its status and counts,
 * corpus totals, the next article to review, and the rejected suggestions of
 * the active article. One copy shared by the Review view, the Rejected
 * suggestions view and the Explorer badges; asked again (coalesced) when the
 * server says an article changed (`hindiNews/reviewChanged`) and when the
 * active editor changes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReviewSummaryRequest, type ReviewSummary } from '../../../server/src/protocol';
import type { ClientAttached, ServerEvents } from '../serverManager';

/** JSON-RPC "method not found": a server older than the review protocol. */
const METHOD_NOT_FOUND = -32601;

export class ReviewState implements ClientAttached, vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly session: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every new summary (or error). */
  readonly onDidChange = this.changed.event;
  private current: ReviewSummary | undefined;
  /** The article whose rejected suggestions `current` holds. */
  private currentUri: string | undefined;
  private problem: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private inFlight: Promise<void> | undefined;

  attach(client: LanguageClient, events: ServerEvents): void {
    this.detach();
    this.client = client;
    this.session.push(
      events.onDidChangeReview(() => this.schedule()),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && e.document.uri.toString() !== this.currentUri) this.schedule(50);
      }),
      // A rejection or a restore changes the active article's list even when the server coalesces its review notifications.
      events.onDidChangeStats((s) => {
        if (s.uri !== this.currentUri || s.rejected === undefined) return;
        if (s.rejected !== (this.current?.rejections?.length ?? 0) || s.status !== this.article(s.uri)?.status) this.schedule();
      }),
    );
    void this.refresh();
  }

  detach(): void {
    for (const d of this.session.splice(0)) d.dispose();
    this.client = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.detach();
    this.changed.dispose();
  }

  /** The last summary, undefined before the first answer or when the server cannot give one. */
  get summary(): ReviewSummary | undefined {
    return this.current;
  }

  /** Why there is no summary (the server is older, or failed), for the views' message. */
  get error(): string | undefined {
    return this.problem;
  }

  /** The URI whose rejected suggestions the summary holds (the active article when it was asked). */
  get rejectionsUri(): string | undefined {
    return this.currentUri;
  }

  article(uri: string): ReviewSummary['articles'][number] | undefined {
    const key = vscode.Uri.parse(uri).toString();
    return this.current?.articles.find((a) => a.uri === uri || vscode.Uri.parse(a.uri).toString() === key);
  }

  /** Ask again soon; bursts (accept all, a workspace-wide reject) collapse into one request. */
  schedule(delayMs = 200): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Ask the server now; resolves once the answer (or failure) is in. */
  async refresh(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const generation = ++this.generation;
    const uri = activeArticleUri();
    const run = (async () => {
      try {
        const summary = await client.sendRequest(ReviewSummaryRequest.type, uri ? { uri } : {});
        // No answer (the server gave up, for example while the workspace is still being indexed): keep what is shown.
        if (generation !== this.generation || !summary) return;
        this.current = summary;
        this.currentUri = uri;
        this.problem = undefined;
      } catch (e) {
        if (generation !== this.generation || this.client !== client) return;
        const code = (e as { code?: unknown }).code;
        this.current = undefined;
        this.problem =
          code === METHOD_NOT_FOUND
            ? 'This version of the language server does not report review state (hindiNews/reviewSummary).'
            : `The review state could not be read: ${e instanceof Error ? e.message : String(e)}`;
      }
      this.changed.fire();
    })();
    this.inFlight = run;
    await run;
  }

  /** Settles when no request is on its way, for tests and commands that need the fresh state. */
  async settled(): Promise<void> {
    while (this.timer || this.inFlight) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        await this.refresh();
      }
      const f = this.inFlight;
      await f;
      if (this.inFlight === f) this.inFlight = undefined;
    }
  }
}

/** The active editor's document, when it is a file or an untitled article. */
export function activeArticleUri(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') ? doc.uri.toString() : undefined;
}
