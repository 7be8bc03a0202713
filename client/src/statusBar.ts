/**
 * Status bar item with the active article's review state
 * (`confirmed · unreviewed · rejected` and its status; clicking opens the
 * Review view), fed by `hindiNews/documentStats` (asked when the client has started and when
 * the active editor changes) and `hindiNews/documentStatsChanged` (pushed by
 * the server after each analysis and each annotation change).
 * Hidden for documents the server does not handle.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentStatsRequest, type DocumentStats, type ServerStatusParams } from '../../server/src/protocol';
import { statusBarSummary, statusBarText } from './review/format';
import type { ClientAttached, ServerEvents } from './serverManager';

/** Context key with the active article's review status (`new`, `inProgress`, `done`), unset for other editors: menus offer "Mark done" or "Reopen" by it. */
export const ARTICLE_STATUS_CONTEXT = 'hindiNews.articleStatus';

export class StatusBar implements ClientAttached, vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('hindiNews.stats', vscode.StatusBarAlignment.Right, 100);
  private readonly session: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  private serverStatus: ServerStatusParams = { state: 'ok' };
  private current: DocumentStats | undefined;
  /** Increases on every request so a slow answer for a previous editor is dropped. */
  private generation = 0;
  /** Last value given to {@link ARTICLE_STATUS_CONTEXT} ('unset' before the first). */
  private statusContext: string | undefined = 'unset';

  constructor() {
    this.item.name = 'Hindi News review';
    this.item.command = { title: 'Open the Review view', command: 'hindiNews.review.focus' };
  }

  attach(client: LanguageClient, events: ServerEvents): void {
    this.detach();
    this.client = client;
    this.session.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      events.onDidChangeStats((stats) => {
        if (stats.uri !== this.activeUri()) return;
        // Newer than any answer still on its way.
        this.generation++;
        this.show(stats);
      }),
      // A status change (mark done, reopen, undo) may come without new counts.
      events.onDidChangeReview((r) => {
        if (r.uri === this.activeUri() && r.status !== this.current?.status) void this.refresh();
      }),
      events.onDidChangeStatus((status) => {
        this.serverStatus = status;
        void this.refresh();
      }),
    );
    void this.refresh();
  }

  detach(): void {
    for (const d of this.session.splice(0)) d.dispose();
    this.client = undefined;
    this.generation++;
    this.hide();
  }

  dispose(): void {
    this.detach();
    this.item.dispose();
  }

  private activeUri(): string | undefined {
    return vscode.window.activeTextEditor?.document.uri.toString();
  }

  private async refresh(): Promise<void> {
    const client = this.client;
    const uri = this.activeUri();
    const generation = ++this.generation;
    if (!client || !uri) {
      this.hide();
      return;
    }
    let stats: DocumentStats | null = null;
    try {
      stats = await client.sendRequest(DocumentStatsRequest.type, { textDocument: { uri } });
    } catch {
      stats = null; // the server may be restarting; the next notification fills the item in
    }
    if (generation !== this.generation) return;
    if (stats) this.show(stats);
    else this.hide();
  }

  private hide(): void {
    this.current = undefined;
    this.setStatusContext(undefined);
    this.item.hide();
  }

  private setStatusContext(status: string | undefined): void {
    if (status === this.statusContext) return;
    this.statusContext = status;
    void vscode.commands.executeCommand('setContext', ARTICLE_STATUS_CONTEXT, status);
  }

  /** The item's text while it is shown. */
  text(): string | undefined {
    return this.current ? this.item.text : undefined;
  }

  /** The counts on display (undefined while the item is hidden). */
  shown(): DocumentStats | undefined {
    return this.current;
  }

  private show(stats: DocumentStats): void {
    this.current = stats;
    const { counts, entities } = stats;
    const problem = this.serverStatus.state !== 'ok';
    this.setStatusContext(stats.status ?? 'new');
    this.item.text = statusBarText(stats);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Hindi News** — this article\n\n');
    if (stats.limited) {
      tooltip.appendMarkdown(
        'The file is larger than `hindiNews.maxFullDocumentSize`: only the visible part is highlighted and nothing is counted.\n\n',
      );
    } else {
      tooltip.appendMarkdown(`${statusBarSummary(stats)}\n\n`);
      tooltip.appendMarkdown('| | mentions | distinct |\n|:--|--:|--:|\n');
      tooltip.appendMarkdown(`| $(person) persons | ${counts.PERSON} | ${entities.PERSON} |\n`);
      tooltip.appendMarkdown(`| $(organization) parties | ${counts.PARTY} | ${entities.PARTY} |\n`);
      tooltip.appendMarkdown(`| $(calendar) dates | ${counts.DATE} | ${entities.DATE} |\n\n`);
    }
    if (problem && this.serverStatus.message) tooltip.appendMarkdown(`$(warning) ${this.serverStatus.message}\n\n`);
    tooltip.appendMarkdown('Click to open the Review view.');
    this.item.tooltip = tooltip;
    this.item.backgroundColor = problem
      ? new vscode.ThemeColor(this.serverStatus.state === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground')
      : undefined;
    this.item.show();
  }
}
