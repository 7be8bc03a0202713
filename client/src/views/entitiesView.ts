/**
 * The "Entities" view: entities of the active article (or, switched, of the
 * whole workspace) grouped by label with mention counts; a mention opens its
 * article with the mention selected. Data from `hindiNews/entities`,
 * refreshed when the active editor changes and when the server pushes new
 * counts for the active article.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EntitiesRequest, type EntityGroup, type EntityMention } from '../../../server/src/protocol';
import { vsRange } from '../commands/run';
import type { ClientAttached, ServerEvents } from '../serverManager';

export const ENTITIES_VIEW = 'hindiNews.entities';
const REVEAL = 'hindiNews.entities.reveal';
const SCOPE_CONTEXT = 'hindiNews.entitiesScope';

type Entity = EntityGroup['entities'][number];
type Node = { kind: 'label'; group: EntityGroup } | { kind: 'entity'; label: string; entity: Entity } | { kind: 'mention'; mention: EntityMention };

const LABEL_ICONS: Record<string, string> = { PERSON: 'person', PARTY: 'organization', DATE: 'calendar' };

export class EntitiesView implements vscode.TreeDataProvider<Node>, ClientAttached, vscode.Disposable {
  private client: LanguageClient | undefined;
  private scope: 'document' | 'workspace' = 'document';
  private groups: EntityGroup[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly session: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly view: vscode.TreeView<Node>;
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.view = vscode.window.createTreeView(ENTITIES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      vscode.commands.registerCommand('hindiNews.entities.showWorkspace', () => this.setScope('workspace')),
      vscode.commands.registerCommand('hindiNews.entities.showArticle', () => this.setScope('document')),
      vscode.commands.registerCommand('hindiNews.entities.refresh', () => this.load()),
      vscode.commands.registerCommand(REVEAL, (m: EntityMention) => reveal(m)),
      this.view.onDidChangeVisibility((e) => e.visible && this.load()),
    );
    void vscode.commands.executeCommand('setContext', SCOPE_CONTEXT, this.scope);
  }

  attach(client: LanguageClient, events: ServerEvents): void {
    this.detach();
    this.client = client;
    this.session.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.scope === 'document' && this.schedule()),
      events.onDidChangeStats((stats) => {
        if (this.scope === 'workspace' || stats.uri === vscode.window.activeTextEditor?.document.uri.toString()) this.schedule();
      }),
    );
    void this.load();
  }

  detach(): void {
    for (const d of this.session.splice(0)) d.dispose();
    this.client = undefined;
  }

  dispose(): void {
    this.detach();
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private setScope(scope: 'document' | 'workspace'): void {
    this.scope = scope;
    void vscode.commands.executeCommand('setContext', SCOPE_CONTEXT, scope);
    void this.load();
  }

  /** Coalesce bursts of notifications (every analysis pushes one). */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), this.scope === 'workspace' ? 1000 : 150);
  }

  private async load(): Promise<void> {
    const client = this.client;
    const generation = ++this.generation;
    if (!client || !this.view.visible) return;
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    let groups: EntityGroup[] = [];
    try {
      const r = this.scope === 'workspace' || uri ? await client.sendRequest(EntitiesRequest.type, { scope: this.scope, ...(uri ? { uri } : {}) }) : null;
      groups = r?.groups ?? [];
    } catch {
      return; // the server may be restarting
    }
    if (generation !== this.generation) return;
    this.groups = groups;
    const n = groups.reduce((k, g) => k + g.entities.length, 0);
    this.view.description = this.scope === 'workspace' ? 'workspace' : vscode.window.activeTextEditor ? vscode.workspace.asRelativePath(vscode.window.activeTextEditor.document.uri) : undefined;
    this.view.message = n === 0 ? (this.scope === 'workspace' ? 'No entities found in the workspace.' : 'No entities in the active editor (open a Hindi news article).') : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups.map((group) => ({ kind: 'label', group }));
    if (node.kind === 'label') return node.group.entities.map((entity) => ({ kind: 'entity', label: node.group.label, entity }));
    if (node.kind === 'entity') return node.entity.mentions.map((mention) => ({ kind: 'mention', mention }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'label') {
      const mentions = node.group.entities.reduce((k, e) => k + e.mentions.length, 0);
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.group.entities.length} entit${node.group.entities.length === 1 ? 'y' : 'ies'}, ${mentions} mention${mentions === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon(LABEL_ICONS[node.group.label] ?? 'tag');
      return item;
    }
    if (node.kind === 'entity') {
      const e = node.entity;
      const confirmed = e.mentions.filter((m) => m.confirmed).length;
      const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = [e.latin, `${e.mentions.length}×`, confirmed ? `${confirmed} confirmed` : undefined].filter(Boolean).join(' · ');
      item.tooltip = [e.name, e.latin, e.entityId ? `knowledge base: ${e.entityId}` : 'not linked to the knowledge base'].filter(Boolean).join('\n');
      return item;
    }
    const m = node.mention;
    const item = new vscode.TreeItem(m.text, vscode.TreeItemCollapsibleState.None);
    const where = `${this.scope === 'workspace' ? vscode.workspace.asRelativePath(vscode.Uri.parse(m.uri)) + ':' : 'line '}${m.range.start.line + 1}`;
    item.description = m.confirmed === undefined ? where : `${where} · ${m.confirmed ? 'confirmed' : 'suggestion'}`;
    item.iconPath = new vscode.ThemeIcon(m.confirmed ? 'pass-filled' : m.confirmed === false ? 'circle-outline' : 'location');
    item.command = { title: 'Reveal', command: REVEAL, arguments: [m] };
    return item;
  }
}

async function reveal(m: EntityMention): Promise<void> {
  const range = vsRange(m.range);
  await vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { selection: range, preserveFocus: false });
}
