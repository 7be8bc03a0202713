/**
 * Export annotations. One question: which articles (this article, the open
 * articles, files or folders chosen, or the whole workspace; the Explorer's
 * context menu passes its selection and asks nothing). Format, spans, whether
 * in-progress articles go in and where the output goes are remembered per
 * workspace and changed only when asked ("Change format and options…").
 * "Export Again" repeats the last export in one step. The server exports with
 * a cancellable progress notification; the notification afterwards says what
 * was written, what was left out and why.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, type ExportArgs, type ExportResultSummary } from '../../../server/src/protocol';
import {
  describeChoices,
  exportArgs,
  exportFolderName,
  exportNotice,
  FORMATS,
  outputFolder,
  readChoices,
  readLastExport,
  type ExportChoices,
  type ExportScope,
  type LastExport,
} from '../exportChoices';
import { sendServerCommand, uriOf, type ClientGetter } from './run';

const CHOICES_KEY = 'hindiNews.export.choices';
const LAST_KEY = 'hindiNews.export.last';

type Pick<T> = vscode.QuickPickItem & { value: T };

const exportFolderSetting = () => vscode.workspace.getConfiguration('hindiNews').get<string>('exportFolder');
const shown = (p: string) => vscode.workspace.asRelativePath(p, false);

/** Articles open in editor tabs (text files), in tab order. */
function openArticles(): vscode.Uri[] {
  const seen = new Set<string>();
  const out: vscode.Uri[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file' || !/\.txt$/i.test(input.uri.path)) continue;
      if (!seen.has(input.uri.toString())) {
        seen.add(input.uri.toString());
        out.push(input.uri);
      }
    }
  }
  return out;
}

function activeFileArticle(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.uri.scheme === 'file' ? doc.uri : undefined;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function scopeOfUris(uris: readonly vscode.Uri[], kind: ExportScope['kind']): ExportScope {
  const label = uris.length === 1 ? shown(uris[0]!.fsPath) : plural(uris.length, kind === 'openEditors' ? 'open article' : 'selected item');
  return { kind, uris: uris.map((u) => u.toString()), label };
}

/** The workspace folder time-stamped exports go under: the scope's own folder, else the first one, else the article's folder. */
function baseFor(scope: ExportScope): string | undefined {
  const first = scope.uris?.[0] ? vscode.Uri.parse(scope.uris[0]) : undefined;
  const folder = (first && vscode.workspace.getWorkspaceFolder(first)) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder) return folder.uri.fsPath;
  return first ? path.dirname(first.fsPath) : undefined;
}

async function pick<T>(title: string, items: Array<Pick<T>>, current?: T): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<Pick<T>>();
  qp.title = title;
  qp.items = items;
  qp.ignoreFocusOut = true;
  const active = items.find((i) => i.value === current);
  if (active) qp.activeItems = [active];
  return new Promise<T | undefined>((resolve) => {
    let value: T | undefined;
    qp.onDidAccept(() => {
      value = qp.selectedItems[0]?.value;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(value);
    });
    qp.show();
  });
}

/** The options wizard: format, spans, which articles, where. Undefined when cancelled. */
async function askOptions(current: ExportChoices, base: string | undefined): Promise<ExportChoices | undefined> {
  const mark = (yes: boolean) => (yes ? ' $(check)' : '');
  const format = await pick<ExportChoices['format']>(
    'Export options (1/4): format',
    FORMATS.map((f) => ({ label: `${f.label}${mark(f.value === current.format)}`, description: f.description, value: f.value })),
    current.format,
  );
  if (!format) return undefined;
  const withSuggestions = await pick<boolean>('Export options (2/4): which spans?', [
    { label: `Confirmed spans only${mark(!current.withSuggestions)}`, description: 'tagged or accepted by an annotator', value: false },
    { label: `Also unreviewed suggestions${mark(current.withSuggestions)}`, description: 'kept apart from confirmed spans, marked as suggestions', value: true },
  ], current.withSuggestions);
  if (withSuggestions === undefined) return undefined;
  type Which = 'done' | 'inProgress' | 'all';
  const currentWhich: Which = current.includeNew ? 'all' : current.includeInProgress ? 'inProgress' : 'done';
  const which = await pick<Which>('Export options (3/4): which articles?', [
    { label: `Done articles only${mark(currentWhich === 'done')}`, description: 'articles an annotator marked done', value: 'done' },
    { label: `Include articles in progress${mark(currentWhich === 'inProgress')}`, description: 'each record says so (meta.status); unreviewed suggestions kept apart', value: 'inProgress' },
    { label: `Every article${mark(currentWhich === 'all')}`, description: 'also those nobody has reviewed: marked new, with the recogniser’s suggestions apart and no confirmed span', value: 'all' },
  ], currentWhich);
  if (which === undefined) return undefined;
  const includeInProgress = which !== 'done';
  const includeNew = which === 'all';
  const folder = exportFolderName(exportFolderSetting()).folder;
  type Out = ExportChoices['output'] | 'choose';
  const outItems: Array<Pick<Out>> = [{ label: `$(new-folder) A new folder in ${folder}/ each time${mark(current.output.kind === 'new')}`, description: 'earlier exports are kept', value: { kind: 'new' } }];
  if (current.output.kind === 'folder') outItems.push({ label: `$(folder) ${shown(current.output.path)} $(check)`, description: 'the same folder every time', value: current.output });
  outItems.push({ label: '$(folder-opened) Choose a folder…', description: 'the same folder every time', value: 'choose' });
  let output = await pick<Out>('Export options (4/4): output folder', outItems, current.output);
  if (output === undefined) return undefined;
  if (output === 'choose') {
    const chosen = (
      await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here', title: 'Output folder', ...(base ? { defaultUri: vscode.Uri.file(base) } : {}) })
    )?.[0];
    if (!chosen) return undefined;
    output = { kind: 'folder', path: chosen.fsPath };
  }
  return { format, withSuggestions, includeInProgress, includeNew, output };
}

type ScopeChoice = ExportScope | 'options' | 'choose';

/** The one question: which articles. The title shows the remembered options; the gear changes them. */
async function askScope(choices: ExportChoices, last: LastExport | undefined): Promise<ScopeChoice | undefined> {
  const items: Array<Pick<ScopeChoice>> = [];
  const active = activeFileArticle();
  if (active) items.push({ label: '$(file) This article', description: shown(active.fsPath), value: scopeOfUris([active], 'article') });
  const open = openArticles();
  if (open.length) items.push({ label: '$(files) Open articles', description: plural(open.length, 'article'), detail: open.slice(0, 4).map((u) => path.basename(u.fsPath)).join(', ') + (open.length > 4 ? ', …' : ''), value: scopeOfUris(open, 'openEditors') });
  if (vscode.workspace.workspaceFolders?.length) items.push({ label: '$(root-folder) Whole workspace', description: 'every article', value: { kind: 'workspace', label: 'the whole workspace' } });
  items.push({ label: '$(folder) Choose files or folders…', value: 'choose' });
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, value: 'options' });
  items.push({ label: '$(gear) Change format and options…', description: 'asked once, then remembered', value: 'options' });
  const qp = vscode.window.createQuickPick<Pick<ScopeChoice>>();
  qp.title = 'Export annotations: which articles?';
  qp.placeholder = describeChoices(choices, exportFolderSetting(), shown);
  qp.items = items;
  qp.ignoreFocusOut = true;
  const gear: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('gear'), tooltip: 'Change format and options' };
  qp.buttons = [gear];
  // The scope used last time comes first, so Enter repeats the habit.
  const usual = items.find((i) => typeof i.value === 'object' && i.value.kind === last?.scope.kind);
  if (usual) qp.activeItems = [usual];
  return new Promise((resolve) => {
    let value: ScopeChoice | undefined;
    qp.onDidTriggerButton((b) => {
      if (b === gear) {
        value = 'options';
        qp.hide();
      }
    });
    qp.onDidAccept(() => {
      value = qp.selectedItems[0]?.value;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(value);
    });
    qp.show();
  });
}

class Exporter {
  constructor(
    private readonly getClient: ClientGetter,
    private readonly state: vscode.Memento,
  ) {}

  choices(): ExportChoices {
    return readChoices(this.state.get(CHOICES_KEY));
  }

  last(): LastExport | undefined {
    return readLastExport(this.state.get(LAST_KEY));
  }

  private client(): LanguageClient | undefined {
    const client = this.getClient();
    if (!client) void vscode.window.showWarningMessage('Hindi News: the language server is not running; restart it with "Hindi News: Restart Language Server".');
    return client;
  }

  /** "Export Annotations…": ask for the scope (unless given), export with the remembered options. */
  async interactive(given?: ExportScope): Promise<ExportResultSummary | undefined> {
    let choices = this.choices();
    let scope = given;
    while (!scope) {
      const answer = await askScope(choices, this.last());
      if (!answer) return undefined;
      if (answer === 'options') {
        const changed = await askOptions(choices, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
        if (changed) {
          choices = changed;
          await this.state.update(CHOICES_KEY, choices);
        }
        continue;
      }
      if (answer === 'choose') {
        const folders = vscode.workspace.workspaceFolders ?? [];
        const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: true, canSelectMany: true, openLabel: 'Export these', title: 'Articles or folders to export', ...(folders[0] ? { defaultUri: folders[0].uri } : {}) });
        if (!chosen?.length) continue;
        scope = scopeOfUris(chosen, chosen.length === 1 && !/\.txt$/i.test(chosen[0]!.path) ? 'folder' : 'selection');
        continue;
      }
      scope = answer;
    }
    return this.run(scope, choices);
  }

  /** "Export Again": the last scope with the remembered options, no question. */
  async again(): Promise<ExportResultSummary | undefined> {
    const last = this.last();
    if (!last) return this.interactive();
    return this.run(last.scope, last.choices, last.base);
  }

  /** An export given as the server's arguments (tests, other extensions); also remembered for "Export Again". */
  async direct(args: ExportArgs): Promise<ExportResultSummary | undefined> {
    const client = this.client();
    if (!client) return undefined;
    const scope: ExportScope = args.uris?.length ? scopeOfUris(args.uris.map((u) => vscode.Uri.parse(u)), 'selection') : { kind: 'workspace', label: 'the whole workspace' };
    const choices: ExportChoices = { format: args.format, withSuggestions: !!args.withSuggestions, includeInProgress: !!args.includeInProgress, includeNew: !!args.includeNew, output: { kind: 'folder', path: args.out.startsWith('file:') ? vscode.Uri.parse(args.out).fsPath : args.out } };
    return this.send(client, scope, choices, args, baseFor(scope) ?? path.dirname(choices.output.kind === 'folder' ? choices.output.path : ''));
  }

  private async run(scope: ExportScope, choices: ExportChoices, base = baseFor(scope)): Promise<ExportResultSummary | undefined> {
    const client = this.client();
    if (!client) return undefined;
    if (!base) {
      void vscode.window.showWarningMessage('Hindi News: open a folder (or an article) to export.');
      return undefined;
    }
    const setting = exportFolderSetting();
    if (choices.output.kind === 'new' && exportFolderName(setting).invalid) {
      void vscode.window.showWarningMessage(
        `Hindi News: hindiNews.exportFolder “${setting}” is not a folder inside the workspace (a relative path without ..), so the export goes into ${exportFolderName(setting).folder}/. To export anywhere else, choose a folder in Export Options….`,
      );
    }
    const planned = outputFolder(choices, base, setting, new Date());
    let out = planned;
    // Two exports in the same second get two folders, never one export over the other.
    if (choices.output.kind === 'new') for (let n = 2; existsSync(out); n++) out = `${planned}_${n}`;
    return this.send(client, scope, choices, exportArgs(scope, choices, out), base);
  }

  private async send(client: LanguageClient, scope: ExportScope, choices: ExportChoices, args: ExportArgs, base: string): Promise<ExportResultSummary | undefined> {
    // Unsaved articles: the export reads files, so say which edits it will not see.
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && /\.txt$/i.test(d.uri.path)).length;
    let r = await sendServerCommand(client, Commands.exportAnnotations, args);
    if (r && !r.ok && !args.force && /force|not empty|non-empty|overwrit|already/i.test(r.message)) {
      const anyway = 'Export anyway';
      const choice = await vscode.window.showWarningMessage(`Hindi News: ${r.message}`, { modal: true }, anyway);
      if (choice !== anyway) return undefined;
      args = { ...args, force: true };
      r = await sendServerCommand(client, Commands.exportAnnotations, args);
    }
    if (!r) return undefined;
    if (!r.ok) {
      void vscode.window.showWarningMessage(`Hindi News: ${r.message}`);
      return undefined;
    }
    const s = r.summary;
    if (!s) return undefined;
    await this.state.update(LAST_KEY, { scope, choices, base } satisfies LastExport);
    const notice = exportNotice(s, args, shown(args.out));
    const note = dirty ? ` ${plural(dirty, 'article')} had unsaved edits; the export used the saved files.` : '';
    const outUri = vscode.Uri.file(args.out.startsWith('file:') ? vscode.Uri.parse(args.out).fsPath : args.out);
    // Inside the workspace the Explorer shows it (and works in a browser, where the OS file manager is out of reach).
    const inWorkspace = !!vscode.workspace.getWorkspaceFolder(outUri);
    const open = inWorkspace ? 'Show in Explorer' : 'Open folder';
    const problems = s.problems.length ? 'Show problems' : undefined;
    // Articles in progress were left out: one click exports them too (to a new folder, or the same one with those added).
    const withInProgress = !choices.includeInProgress && (s.leftOut?.inProgress ?? 0) > 0 && !s.cancelled ? 'Include articles in progress' : undefined;
    const buttons = [open, ...(withInProgress ? [withInProgress] : []), ...(problems ? [problems] : [])];
    const showFn = notice.warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void showFn(`Hindi News: ${notice.text}${note}`, ...buttons).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', outUri);
      else if (choice === problems) void vscode.window.showQuickPick(s.problems, { title: 'Export problems' });
      else if (choice === withInProgress) void this.run(scope, { ...choices, includeInProgress: true }, base);
    });
    return s;
  }
}

export function registerExportAnnotations(getClient: ClientGetter, state: vscode.Memento): vscode.Disposable[] {
  const exporter = new Exporter(getClient, state);
  return [
    vscode.commands.registerCommand('hindiNews.exportAnnotations', (given?: unknown, selected?: unknown) => {
      // Arguments as in the server's ExportArgs: nothing is asked.
      if (given && typeof given === 'object' && 'format' in given && 'out' in given) return exporter.direct(given as ExportArgs);
      // The Explorer's context menu: the clicked item and the selection.
      const uris = (Array.isArray(selected) ? selected : [given]).map(uriOf).filter((u): u is vscode.Uri => !!u);
      if (uris.length) return exporter.interactive(scopeOfUris(uris, uris.length === 1 && !/\.txt$/i.test(uris[0]!.path) ? 'folder' : 'selection'));
      return exporter.interactive();
    }),
    vscode.commands.registerCommand('hindiNews.exportAgain', () => exporter.again()),
    vscode.commands.registerCommand('hindiNews.exportOptions', async () => {
      const changed = await askOptions(exporter.choices(), vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
      if (changed) await state.update(CHOICES_KEY, changed);
      return changed;
    }),
  ];
}
