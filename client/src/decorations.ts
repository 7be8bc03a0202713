/**
 * Editor decorations that tell confirmed annotations from suggestions in any
 * colour theme, on top of the semantic token modifiers: bold text and a solid
 * underline for confirmed spans (in the label's colour for custom labels, which have
 * no token type) and a dotted one under unreviewed suggestions. Ranges come
 * from `hindiNews/annotationRanges`, asked again whenever the server pushes
 * new counts for a visible article (after every analysis and every change to
 * its annotations).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnnotationRangesRequest, type AnnotationRanges } from '../../server/src/protocol';
import { customLabels } from './labels';
import type { ClientAttached, ServerEvents } from './serverManager';
import { vsRange } from './commands/run';

const BUILTIN_COLORS: Record<string, vscode.ThemeColor> = {
  PERSON: new vscode.ThemeColor('symbolIcon.functionForeground'),
  PARTY: new vscode.ThemeColor('symbolIcon.classForeground'),
  DATE: new vscode.ThemeColor('symbolIcon.numberForeground'),
};

const suggestionDecoration = () => vscode.window.createTextEditorDecorationType({ textDecoration: 'underline dotted' });

export class AnnotationDecorations implements ClientAttached, vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly session: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private confirmedTypes = new Map<string, vscode.TextEditorDecorationType>();
  private suggestionType = suggestionDecoration();
  private readonly generations = new Map<string, number>();
  /** Ranges on display per document URI: how many confirmed and suggestion underlines. */
  private readonly applied = new Map<string, { confirmed: number; suggestions: number }>();

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('hindiNews.labels')) return;
        this.disposeTypes();
        this.suggestionType = suggestionDecoration();
        this.refreshVisible();
      }),
    );
  }

  attach(client: LanguageClient, events: ServerEvents): void {
    this.detach();
    this.client = client;
    this.session.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshVisible()),
      events.onDidChangeStats((stats) => {
        for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === stats.uri) void this.refresh(e);
      }),
    );
    this.refreshVisible();
  }

  detach(): void {
    for (const d of this.session.splice(0)) d.dispose();
    this.client = undefined;
    for (const e of vscode.window.visibleTextEditors) this.clear(e);
  }

  dispose(): void {
    this.detach();
    this.disposeTypes();
    for (const d of this.disposables) d.dispose();
  }

  private disposeTypes(): void {
    for (const t of this.confirmedTypes.values()) t.dispose();
    this.confirmedTypes.clear();
    this.suggestionType.dispose();
  }

  private confirmedType(label: string): vscode.TextEditorDecorationType {
    let t = this.confirmedTypes.get(label);
    if (!t) {
      const custom = customLabels().find((c) => c.name === label)?.color;
      const color = custom ?? BUILTIN_COLORS[label] ?? new vscode.ThemeColor('editorInfo.foreground');
      t = vscode.window.createTextEditorDecorationType({
        // Bold as well as underlined, so a tag reads as done even in a theme that colours both alike.
        fontWeight: 'bold',
        borderStyle: 'none none solid none',
        borderWidth: '0 0 2px 0',
        borderColor: color,
        overviewRulerColor: color,
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        // Custom labels have no semantic token type: colour their text too.
        ...(custom ? { color: custom } : {}),
      });
      this.confirmedTypes.set(label, t);
    }
    return t;
  }

  private refreshVisible(): void {
    for (const e of vscode.window.visibleTextEditors) void this.refresh(e);
  }

  /** What is drawn in the editors of `uri` (undefined when nothing is). */
  shown(uri: string): { confirmed: number; suggestions: number } | undefined {
    return this.applied.get(uri);
  }

  private clear(editor: vscode.TextEditor): void {
    this.applied.delete(editor.document.uri.toString());
    editor.setDecorations(this.suggestionType, []);
    for (const t of this.confirmedTypes.values()) editor.setDecorations(t, []);
  }

  private async refresh(editor: vscode.TextEditor): Promise<void> {
    const client = this.client;
    if (!client) return;
    const uri = editor.document.uri.toString();
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    let r: AnnotationRanges | null = null;
    try {
      r = await client.sendRequest(AnnotationRangesRequest.type, { textDocument: { uri } });
    } catch {
      return; // cancelled by a newer edit, or the server is restarting; the next notification refreshes
    }
    if (this.generations.get(uri) !== generation || this.client !== client) return;
    if (!r || r.version !== editor.document.version) {
      if (!r) this.clear(editor);
      return;
    }
    const byLabel = new Map<string, vscode.Range[]>();
    for (const c of r.confirmed) {
      const list = byLabel.get(c.label) ?? [];
      list.push(vsRange(c.range));
      byLabel.set(c.label, list);
    }
    for (const label of byLabel.keys()) this.confirmedType(label);
    for (const [label, t] of this.confirmedTypes) editor.setDecorations(t, byLabel.get(label) ?? []);
    editor.setDecorations(this.suggestionType, r.suggestions.map((s) => vsRange(s.range)));
    this.applied.set(uri, { confirmed: r.confirmed.length, suggestions: r.suggestions.length });
  }
}
