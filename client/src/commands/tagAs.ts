/** "Tag as…": a quick pick of every label, the built-in ones and those configured in `hindiNews.labels.custom`. */
import * as vscode from 'vscode';
import { labelItems } from '../labels';
import type { ClientGetter } from './run';
import { tagSelection } from './tag';

export function registerTagAs(getClient: ClientGetter): vscode.Disposable[] {
  const ask = async (title: string) => (await vscode.window.showQuickPick(labelItems(), { title, placeHolder: 'Add labels with the setting hindiNews.labels.custom' }))?.name;
  return [
    vscode.commands.registerCommand('hindiNews.tagAs', async (label?: unknown) => {
      const name = typeof label === 'string' ? label : await ask('Tag the selection as…');
      return name ? tagSelection(getClient, name) : false;
    }),
    vscode.commands.registerCommand('hindiNews.tagExactly', async (label?: unknown) => {
      const name = typeof label === 'string' ? label : await ask('Tag exactly the selection (part of a word) as…');
      return name ? tagSelection(getClient, name, { exact: true }) : false;
    }),
  ];
}
