/**
 * "Export annotations": scope, format, suggestions, split and output folder
 * from quick picks (or all of them from one argument, as tests and other
 * extensions call it), then the server's export with a cancellable progress
 * notification (server-created work-done progress), then a summary.
 */
import * as vscode from 'vscode';
import { Commands, type ExportArgs } from '../../../server/src/protocol';
import { runServerCommand, type ClientGetter } from './run';

type Pick<T> = vscode.QuickPickItem & { value: T };

async function pick<T>(title: string, items: Array<Pick<T>>): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true }))?.value;
}

async function askArgs(): Promise<ExportArgs | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const scope = await pick<'workspace' | 'folder'>('Export annotations: which articles?', [
    ...(folders.length ? [{ label: '$(root-folder) Whole workspace', value: 'workspace' as const }] : []),
    { label: '$(folder) Choose a folder…', value: 'folder' },
  ]);
  if (!scope) return undefined;
  let uris: string[] | undefined;
  if (scope === 'folder') {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export this folder', ...(folders[0] ? { defaultUri: folders[0].uri } : {}) });
    if (!chosen?.length) return undefined;
    uris = [chosen[0]!.toString()];
  }
  const format = await pick<ExportArgs['format']>('Format', [
    { label: 'JSONL', description: 'Prodigy, doccano, spaCy: {"id","text","spans","meta"}', value: 'jsonl' },
    { label: 'CoNLL-2003 BIO', description: 'one token per line', value: 'conll' },
    { label: 'brat standoff', description: '.txt + .ann pairs', value: 'brat' },
    { label: 'Label Studio', description: 'tasks JSON with predictions', value: 'labelstudio' },
  ]);
  if (!format) return undefined;
  const withSuggestions = await pick<boolean>('Which spans?', [
    { label: 'Confirmed annotations only', description: 'tagged or accepted by an annotator', value: false },
    { label: 'With unreviewed suggestions', description: 'also what the recogniser found and nobody reviewed', value: true },
  ]);
  if (withSuggestions === undefined) return undefined;
  let split = await pick<ExportArgs['split'] | null | 'custom'>('Split by document?', [
    { label: 'No split', value: null },
    { label: 'Train / dev / test 80 / 10 / 10', value: { ratios: [80, 10, 10], seed: 0 } },
    { label: 'Other shares…', value: 'custom' },
  ]);
  if (split === undefined) return undefined;
  if (split === 'custom') {
    const text = await vscode.window.showInputBox({
      title: 'Train / dev / test shares',
      value: '70/15/15',
      validateInput: (v) => (/^\s*\d+(\.\d+)?\s*\/\s*\d+(\.\d+)?\s*(\/\s*\d+(\.\d+)?\s*)?$/.test(v) ? undefined : 'Three shares such as 80/10/10'),
    });
    if (!text) return undefined;
    split = { ratios: text.split('/').map(Number), seed: 0 };
  }
  const out = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here', title: 'Output folder', ...(folders[0] ? { defaultUri: folders[0].uri } : {}) });
  if (!out?.length) return undefined;
  return { format, out: out[0]!.fsPath, withSuggestions, ...(uris ? { uris } : {}), ...(split ? { split } : {}) };
}

export function registerExportAnnotations(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.exportAnnotations', async (given?: ExportArgs) => {
    const client = getClient();
    if (!client) {
      void vscode.window.showWarningMessage('Hindi News: the language server is not running; restart it with "Hindi News: Restart Language Server".');
      return undefined;
    }
    const args = given && typeof given === 'object' && 'format' in given ? given : await askArgs();
    if (!args) return undefined;
    // Unsaved articles: the export reads files, so say which edits it will not see.
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && /\.txt$/.test(d.uri.path)).length;
    const r = await runServerCommand(client, Commands.exportAnnotations, args);
    const s = r?.summary;
    if (!s) return undefined;
    const first = s.text.split('\n')[0]!;
    const details = [first, ...s.text.split('\n').slice(1)].join(' — ');
    const note = dirty ? ` (${dirty} article(s) have unsaved edits; the export used the saved files)` : '';
    const open = 'Open folder';
    const show = s.errors || s.problems.length ? 'Show problems' : undefined;
    const showFn = s.cancelled || s.errors ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void showFn(`Hindi News: ${details}${note}`, ...(show ? [open, show] : [open])).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(args.out.startsWith('file:') ? vscode.Uri.parse(args.out).fsPath : args.out));
      else if (choice === show) void vscode.window.showQuickPick(s.problems, { title: 'Export problems' });
    });
    return s;
  });
}
