/**
 * Entry point: starts the Hindi News language server and wires the thin
 * client-side pieces (status bar, commands, views, decorations). All language
 * and review logic lives in the server, so any LSP editor gets the same
 * behaviour.
 */
import * as vscode from 'vscode';
import { ServerManager } from './serverManager';
import { StatusBar } from './statusBar';
import { registerCommands } from './commands';
import { registerAnnotationCommands } from './commands/index';
import { AnnotationDecorations } from './decorations';
import { EntitiesView } from './views/entitiesView';
import { ReviewState } from './review/reviewState';
import { ReviewView } from './views/reviewView';
import { RejectedView, type RejectedNode } from './views/rejectedView';
import { ReviewFileDecorations } from './review/fileDecorations';
import type { DocumentStats, ReviewSummary } from '../../server/src/protocol';

let manager: ServerManager | undefined;
let output: vscode.OutputChannel | undefined;

/** What the extension exports: what it shows, for the integration tests and other extensions. */
export interface HindiNewsApi {
  /** Counts in the status bar for the active article. */
  statusBar(): DocumentStats | undefined;
  /** The status bar item's text, as drawn. */
  statusBarText(): string | undefined;
  /** Confirmed and suggestion underlines drawn in the editors of `uri`. */
  decorations(uri: vscode.Uri): { confirmed: number; suggestions: number } | undefined;
  /** The review summary the Review view shows, once the server has answered; `refresh` asks again first. */
  review(refresh?: boolean): Promise<{ summary: ReviewSummary | undefined; headline: string | undefined; error: string | undefined }>;
  /** Rejected suggestions listed for the active article. */
  rejected(): RejectedNode[];
  /** The Explorer decoration of `uri` (badge and tooltip), if any. */
  fileDecoration(uri: vscode.Uri): { badge?: string; tooltip?: string } | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<HindiNewsApi> {
  // Not among the subscriptions: VS Code disposes those right after calling
  // deactivate(), while the client may still log as it stops.
  const channel = vscode.window.createOutputChannel('Hindi News');
  output = channel;
  const statusBar = new StatusBar();
  const decorations = new AnnotationDecorations();
  const entities = new EntitiesView();
  const review = new ReviewState();
  const reviewView = new ReviewView(review);
  const rejectedView = new RejectedView(review);
  const fileDecorations = new ReviewFileDecorations(review);
  const m = new ServerManager(context, channel, [statusBar, decorations, entities, review]);
  manager = m;
  context.subscriptions.push(
    statusBar,
    decorations,
    entities,
    reviewView,
    rejectedView,
    fileDecorations,
    review,
    m,
    ...registerCommands(m, channel),
    ...registerAnnotationCommands(() => m.running(), review, context.workspaceState),
  );
  await manager.start();
  return {
    statusBar: () => statusBar.shown(),
    statusBarText: () => statusBar.text(),
    decorations: (uri) => decorations.shown(uri.toString()),
    review: async (refresh) => {
      if (refresh) review.schedule(0);
      await review.settled();
      return { summary: review.summary, headline: reviewView.headline(), error: review.error };
    },
    rejected: () => rejectedView.shown(),
    fileDecoration: (uri) => {
      const d = fileDecorations.decoration(uri);
      return d && { ...(d.badge ? { badge: d.badge } : {}), ...(d.tooltip ? { tooltip: d.tooltip } : {}) };
    },
  };
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
  output?.dispose();
  output = undefined;
}
