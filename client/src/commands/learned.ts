/**
 * What the recogniser learned from the annotations of this workspace
 * (`.hindi-news/model.json`, kept by the server): show it, forget it, export
 * it for `hindi-news recognize --model`.
 */
import * as vscode from 'vscode';
import { Commands, type ExportLearnedArgs, type LearnedSummary } from '../../../server/src/protocol';
import { runServerCommand, type ClientGetter } from './run';

function running(getClient: ClientGetter) {
  const client = getClient();
  if (!client) void vscode.window.showWarningMessage('Hindi News: the language server is not running; restart it with "Hindi News: Restart Language Server".');
  return client;
}

/** The summary as Markdown, for a preview beside the article. */
export function learnedMarkdown(s: LearnedSummary): string {
  const spans = Object.entries(s.spans).map(([l, n]) => `${l} ${n}`).join(', ') || 'none';
  const lines = [
    '# What Hindi News learned in this workspace',
    '',
    `From ${s.documents} finished article(s) and confirmed spans (${spans}); ${s.rejections} rejection(s) remembered; ${s.updates} tagger update(s), ${s.weights} weight(s) adjusted, ${s.words} new word(s). Last change: ${s.updated || 'never'}. File: \`${s.file}\`.`,
    '',
  ];
  if (s.note) lines.push(`> ${s.note}`, '');
  const table = (title: string, head: string[], rows: string[][]): void => {
    if (!rows.length) return;
    lines.push(`## ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`), '');
  };
  table(
    `Names (${s.namesTotal})`,
    ['name', 'label', 'annotations', 'left untagged'],
    s.names.map((n) => [n.text, n.label, String(n.count), `${n.misses ?? 0}${n.suggested === false ? ' (no longer suggested)' : ''}`]),
  );
  table('Titles', ['title', 'times cut off'], s.titles.map((t) => [t.text, String(t.count)]));
  table('Rejected', ['text', 'label', 'context', 'times'], s.rejected.map((r) => [r.text, r.label, r.context === '*' ? 'everywhere' : r.context, String(r.count)]));
  table('Strongest tagger adjustments', ['feature', 'now favours'], s.features.map((f) => [f.feature, f.change]));
  return lines.join('\n');
}

export function registerLearned(getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hindiNews.showLearned', async () => {
      const client = running(getClient);
      if (!client) return;
      const r = await runServerCommand(client, Commands.showLearned, null);
      if (!r?.learned) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: learnedMarkdown(r.learned) });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand('hindiNews.resetLearned', async () => {
      const client = running(getClient);
      if (!client) return;
      const forget = 'Forget';
      const choice = await vscode.window.showWarningMessage(
        'Forget everything Hindi News learned from the annotations of this workspace? The annotations stay; suggestions become the shipped recogniser\'s again.',
        { modal: true },
        forget,
      );
      if (choice !== forget) return;
      const r = await runServerCommand(client, Commands.resetLearned, null);
      if (r?.message) void vscode.window.showInformationMessage(`Hindi News: ${r.message}`);
    }),
    vscode.commands.registerCommand('hindiNews.exportLearned', async () => {
      const client = running(getClient);
      if (!client) return;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        title: 'Export the learned model',
        filters: { 'Learned model': ['json'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'learned-model.json') } : {}),
      });
      if (!target) return;
      const r = await runServerCommand(client, Commands.exportLearned, { out: target.fsPath } satisfies ExportLearnedArgs);
      if (r?.message) void vscode.window.showInformationMessage(`Hindi News: ${r.message}`);
    }),
  ];
}
