/**
 * Each article's review status as an Explorer file decoration: a ✓ badge for
 * done, ◐ for in progress (new articles stay undecorated, so an untouched
 * corpus is not a wall of badges). The same decoration shows on the Review
 * view's items, which carry the article's URI.
 */
import * as vscode from 'vscode';
import type { ReviewArticle } from '../../../server/src/protocol';
import { decorationTooltip, STATUS_BADGE } from './format';
import type { ReviewState } from './reviewState';

const COLORS = { inProgress: 'charts.yellow', done: 'charts.green' } as const;

export class ReviewFileDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  /** What is decorated now, by URI string: status and counts, to tell which decorations changed. */
  private shown = new Map<string, ReviewArticle>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: ReviewState) {
    this.disposables.push(this.changed, vscode.window.registerFileDecorationProvider(this), state.onDidChange(() => this.update()));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The decoration of `uri`, as drawn (for the integration tests). */
  decoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    return this.provideFileDecoration(uri);
  }

  private update(): void {
    const next = new Map<string, ReviewArticle>();
    // A server that cannot report review state keeps what was shown rather than blanking the Explorer on a transient error.
    if (!this.state.summary && this.state.error && this.shown.size) return;
    // The server writes file URIs its own way (pathToFileURL); key them as VS Code prints them.
    for (const a of this.state.summary?.articles ?? []) next.set(vscode.Uri.parse(a.uri).toString(), a);
    const dirty: vscode.Uri[] = [];
    for (const [uri, a] of next) {
      const old = this.shown.get(uri);
      if (!old || old.status !== a.status || old.confirmed !== a.confirmed || old.unreviewed !== a.unreviewed || old.rejected !== a.rejected) dirty.push(vscode.Uri.parse(uri));
    }
    for (const uri of this.shown.keys()) if (!next.has(uri)) dirty.push(vscode.Uri.parse(uri));
    this.shown = next;
    if (dirty.length) this.changed.fire(dirty);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const a = this.shown.get(uri.toString());
    if (!a || a.status === 'new') return undefined;
    const d = new vscode.FileDecoration(STATUS_BADGE[a.status], decorationTooltip(a), new vscode.ThemeColor(COLORS[a.status]));
    d.propagate = false;
    return d;
  }
}
