/**
 * The "Rejected Suggestions" view: what the annotator rejected in the active
 * article, each with its label and line; clicking one shows it in the text,
 * the inline action restores it (it becomes an unreviewed suggestion again).
 */
import * as vscode from 'vscode';
import type { RejectionItem } from '../../../server/src/protocol';
import { vsRange } from '../commands/run';
import type { ReviewState } from '../review/reviewState';
import { articleName } from './reviewView';

export const REJECTED_VIEW = 'hindiNews.rejected';
const REVEAL = 'hindiNews.rejected.reveal';

/** A rejected suggestion of one article: what the restore command receives from the view. */
export interface RejectedNode {
  uri: string;
  item: RejectionItem;
}

const LABEL_ICONS: Record<string, string> = { PERSON: 'person', PARTY: 'organization', DATE: 'calendar' };

export class RejectedView implements vscode.TreeDataProvider<RejectedNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RejectedNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<RejectedNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: ReviewState) {
    this.view = vscode.window.createTreeView(REJECTED_VIEW, { treeDataProvider: this });
    this.disposables.push(
      this.view,
      this.changed,
      state.onDidChange(() => this.render()),
      vscode.commands.registerCommand(REVEAL, (n: RejectedNode) => reveal(n)),
    );
    this.render();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The rejected suggestions on display, for the integration tests. */
  shown(): RejectedNode[] {
    return this.getChildren();
  }

  private render(): void {
    const uri = this.state.rejectionsUri;
    const n = this.state.summary?.rejections?.length ?? 0;
    this.view.description = uri ? articleName(uri) : undefined;
    this.view.message = !this.state.summary
      ? this.state.error
      : !uri
        ? 'Open an article to see the suggestions rejected in it.'
        : n === 0
          ? 'No rejected suggestions in this article.'
          : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: RejectedNode): RejectedNode[] {
    if (node) return [];
    const uri = this.state.rejectionsUri;
    if (!uri) return [];
    return (this.state.summary?.rejections ?? []).map((item) => ({ uri, item }));
  }

  getTreeItem(node: RejectedNode): vscode.TreeItem {
    const r = node.item;
    const item = new vscode.TreeItem(r.text, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.uri}#${r.id}`;
    item.description = `${r.label} · line ${r.range.start.line + 1}`;
    item.iconPath = new vscode.ThemeIcon(LABEL_ICONS[r.label] ?? 'tag');
    item.tooltip = `Rejected ${r.label} suggestion “${r.text}”. Restore it to review it again.`;
    item.contextValue = 'hindiNews.rejection';
    item.command = { title: 'Show', command: REVEAL, arguments: [node] };
    return item;
  }
}

async function reveal(n: RejectedNode): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.parse(n.uri), { selection: vsRange(n.item.range), preserveFocus: false });
}
