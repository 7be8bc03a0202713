/**
 * The "Review" view, in the extension's own activity-bar container: corpus
 * progress ("12 of 40 done", confirmed spans per label), the next article to
 * review, and every article grouped by status with its counts (confirmed,
 * unreviewed, rejected). Clicking an article opens it; its context menu marks
 * it done, reopens or exports it. Data from {@link ReviewState}.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReviewArticle, ReviewStatus, ReviewSummary } from '../../../server/src/protocol';
import { compactCounts, countsText, orderedLabels, progressText, remainingText, spansText, STATUS_ICON, STATUS_LABEL, STATUS_ORDER } from '../review/format';
import type { ReviewState } from '../review/reviewState';

export const REVIEW_VIEW = 'hindiNews.review';
export const OPEN_ARTICLE = 'hindiNews.review.openArticle';

export type ReviewNode =
  | { kind: 'progress'; summary: ReviewSummary }
  | { kind: 'label'; label: string; count: number }
  | { kind: 'next'; uri: string }
  | { kind: 'group'; status: ReviewStatus; articles: ReviewArticle[] }
  | { kind: 'article'; article: ReviewArticle };

const LABEL_ICONS: Record<string, string> = { PERSON: 'person', PARTY: 'organization', DATE: 'calendar' };

/** `001_a79564f461821e4f.txt`, or `folder/001.txt` below the workspace root. */
export function articleName(uri: string): string {
  const u = vscode.Uri.parse(uri);
  return u.scheme === 'file' ? vscode.workspace.asRelativePath(u, false) : path.posix.basename(u.path);
}

export class ReviewView implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ReviewNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: ReviewState) {
    this.view = vscode.window.createTreeView(REVIEW_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      state.onDidChange(() => this.render()),
      this.view.onDidChangeVisibility((e) => e.visible && state.schedule(0)),
      vscode.window.onDidChangeActiveTextEditor(() => this.revealActive()),
      vscode.commands.registerCommand('hindiNews.review.refresh', () => state.refresh()),
      vscode.commands.registerCommand(OPEN_ARTICLE, (uri: string) => openArticle(uri)),
      vscode.commands.registerCommand('hindiNews.review.openNext', async () => {
        await state.settled();
        const next = state.summary?.next;
        if (next) return openArticle(next);
        void vscode.window.showInformationMessage(state.summary ? 'Hindi News: every article is done.' : `Hindi News: ${state.error ?? 'the review state is not known yet.'}`);
        return undefined;
      }),
    );
    this.render();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** What the view shows at its top level, as text (for the integration tests and the e2e). */
  headline(): string | undefined {
    const s = this.state.summary;
    return s ? `${progressText(s.totals)}${remainingText(s.totals) ? ` · ${remainingText(s.totals)}` : ''}` : undefined;
  }

  private render(): void {
    const s = this.state.summary;
    this.view.description = s ? progressText(s.totals) : undefined;
    this.view.message = s ? (s.articles.length ? undefined : 'No Hindi news articles in this workspace.') : this.state.error;
    this.changed.fire(undefined);
    this.revealActive();
  }

  /** Select the active article's row (without taking the focus), so the view says where the annotator is. */
  private revealActive(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri || !this.view.visible) return;
    const article = this.state.article(uri);
    if (!article) return;
    const node: ReviewNode = { kind: 'article', article };
    if (this.view.selection[0]?.kind === 'article' && this.view.selection[0].article.uri === article.uri) return;
    void this.view.reveal(node, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  }

  getParent(node: ReviewNode): ReviewNode | undefined {
    const s = this.state.summary;
    if (!s) return undefined;
    if (node.kind === 'article') {
      const articles = s.articles.filter((a) => a.status === node.article.status);
      return { kind: 'group', status: node.article.status, articles };
    }
    if (node.kind === 'label') return { kind: 'progress', summary: s };
    return undefined;
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    const s = this.state.summary;
    if (!s) return [];
    if (!node) {
      const out: ReviewNode[] = [{ kind: 'progress', summary: s }];
      if (s.next) out.push({ kind: 'next', uri: s.next });
      for (const status of STATUS_ORDER) {
        const articles = s.articles.filter((a) => a.status === status);
        if (articles.length) out.push({ kind: 'group', status, articles });
      }
      return out;
    }
    if (node.kind === 'progress') return orderedLabels(node.summary.totals.spans).map((label) => ({ kind: 'label', label, count: node.summary.totals.spans[label] ?? 0 }));
    if (node.kind === 'group') return node.articles.map((article) => ({ kind: 'article', article }));
    return [];
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    switch (node.kind) {
      case 'progress': {
        const t = node.summary.totals;
        const item = new vscode.TreeItem(progressText(t), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'progress';
        item.description = remainingText(t);
        item.iconPath = new vscode.ThemeIcon('graph');
        item.tooltip = new vscode.MarkdownString(`**${progressText(t)}**${remainingText(t) ? ` · ${remainingText(t)}` : ''}\n\nConfirmed spans in the corpus: ${spansText(t.spans)}`);
        return item;
      }
      case 'label': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `label:${node.label}`;
        item.description = `${node.count} confirmed span${node.count === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon(LABEL_ICONS[node.label] ?? 'tag');
        return item;
      }
      case 'next': {
        const item = new vscode.TreeItem(`Next: ${articleName(node.uri)}`, vscode.TreeItemCollapsibleState.None);
        item.id = 'next';
        item.iconPath = new vscode.ThemeIcon('arrow-right');
        item.tooltip = 'The next article to review: the first one in progress, else the first new one.';
        item.command = { title: 'Open', command: OPEN_ARTICLE, arguments: [node.uri] };
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(STATUS_LABEL[node.status], node.status === 'done' && node.articles.length > 20 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.status}`;
        item.description = String(node.articles.length);
        item.iconPath = new vscode.ThemeIcon(STATUS_ICON[node.status]);
        return item;
      }
      case 'article': {
        const a = node.article;
        const uri = vscode.Uri.parse(a.uri);
        const item = new vscode.TreeItem(articleName(a.uri), vscode.TreeItemCollapsibleState.None);
        item.id = `article:${a.uri}`;
        // The Explorer's status badge shows here too.
        item.resourceUri = uri;
        item.description = compactCounts(a) + (a.orphaned ? ` · ${a.orphaned} orphaned` : '');
        item.iconPath = new vscode.ThemeIcon(a.orphaned ? 'warning' : STATUS_ICON[a.status]);
        item.tooltip = new vscode.MarkdownString(
          `**${articleName(a.uri)}** — ${STATUS_LABEL[a.status]}\n\n${countsText(a)}` +
            (a.orphaned ? `\n\n$(warning) ${a.orphaned} annotation${a.orphaned === 1 ? '' : 's'} lost ${a.orphaned === 1 ? 'its' : 'their'} text (orphaned): see the article's Problems.` : ''),
          true,
        );
        item.contextValue = `hindiNews.article.${a.status}`;
        item.command = { title: 'Open', command: OPEN_ARTICLE, arguments: [a.uri] };
        return item;
      }
    }
  }
}

async function openArticle(uri: string): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: false });
}
