/**
 * "Export annotations": scope, format, which spans and output folder from
 * quick picks whose first item is the usual answer (or all of them from one
 * argument, as tests and other extensions call it; a train/dev/test split is
 * only asked for that way and on the command line), then the server's export
 * with a cancellable progress notification (server-created work-done
 * progress), then a summary.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, type ExportArgs } from '../../../server/src/protocol';
import { runServerCommand, type ClientGetter } from './run';

type Pick<T> = vscode.QuickPickItem & { value: T };

async function pick<T>(title: string, items: Array<Pick<T>>): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true }))?.value;
}

/** `exports/2026-11-21_20-19-05`: a new folder per export, so nothing lands among the articles or overwrites an earlier export. */
export function defaultExportFolder(base: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}_${p(now.getHours())}-${p(now.getMinutes())}-${p(now.getSeconds())}`;
  return path.join(base, 'exports', stamp);
}

async function askArgs(): Promise<ExportArgs | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const scope = await pick<'workspace' | 'folder'>('Export annotations (1/4): which articles?', [
    ...(folders.length ? [{ label: '$(root-folder) Whole workspace', value: 'workspace' as const }] : []),
    { label: '$(folder) Choose a folder…', value: 'folder' },
  ]);
  if (!scope) return undefined;
  let uris: string[] | undefined;
  let chosen: vscode.Uri | undefined;
  if (scope === 'folder') {
    chosen = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export this folder', ...(folders[0] ? { defaultUri: folders[0].uri } : {}) }))?.[0];
    if (!chosen) return undefined;
    uris = [chosen.toString()];
  }
  const format = await pick<ExportArgs['format']>('Export annotations (2/4): format', [
    { label: 'JSONL', description: 'Prodigy, doccano, spaCy: {"id","text","spans","meta"}', value: 'jsonl' },
    { label: 'CoNLL-2003 BIO', description: 'one token per line', value: 'conll' },
    { label: 'brat standoff', description: '.txt + .ann pairs', value: 'brat' },
    { label: 'Label Studio', description: 'tasks JSON with predictions', value: 'labelstudio' },
  ]);
  if (!format) return undefined;
  const withSuggestions = await pick<boolean>('Export annotations (3/4): which spans?', [
    { label: 'Confirmed annotations only', description: 'tagged or accepted by an annotator', value: false },
    { label: 'With unreviewed suggestions', description: 'also what the recogniser found and nobody reviewed', value: true },
  ]);
  if (withSuggestions === undefined) return undefined;
  const base = (chosen ? vscode.workspace.getWorkspaceFolder(chosen)?.uri : undefined) ?? folders[0]?.uri ?? chosen!;
  const suggested = defaultExportFolder(base.fsPath);
  let out = await pick<string | null>('Export annotations (4/4): output folder', [
    { label: `$(new-folder) ${vscode.workspace.asRelativePath(suggested, true)}`, description: 'a new folder for this export', value: suggested },
    { label: '$(folder-opened) Choose a folder…', value: null },
  ]);
  if (out === undefined) return undefined;
  if (out === null) {
    out = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here', title: 'Output folder', defaultUri: base }))?.[0]?.fsPath;
    if (!out) return undefined;
  }
  return { format, out, withSuggestions, ...(uris ? { uris } : {}) };
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
    const outUri = vscode.Uri.file(args.out.startsWith('file:') ? vscode.Uri.parse(args.out).fsPath : args.out);
    // Inside the workspace the Explorer shows it (and works in a browser, where the OS file manager is out of reach).
    const inWorkspace = !!vscode.workspace.getWorkspaceFolder(outUri);
    const open = inWorkspace ? 'Show in Explorer' : 'Open folder';
    const show = s.errors || s.problems.length ? 'Show problems' : undefined;
    const showFn = s.cancelled || s.errors ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void showFn(`Hindi News: ${details}${note}`, ...(show ? [open, show] : [open])).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', outUri);
      else if (choice === show) void vscode.window.showQuickPick(s.problems, { title: 'Export problems' });
    });
    return s;
  });
}
