/** "Tag as…": a quick pick of every label, the built-in ones and those configured in `hindiNews.labels.custom`. */
import * as vscode from 'vscode';
import { customLabels } from '../labels';
import type { ClientGetter } from './run';
import { tagSelection } from './tag';

export function registerTagAs(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand('hindiNews.tagAs', async (label?: unknown) => {
    if (typeof label === 'string') return tagSelection(getClient, label);
    const items: Array<vscode.QuickPickItem & { name: string }> = [
      { name: 'PERSON', label: '$(person) PERSON', description: 'a person' },
      { name: 'PARTY', label: '$(organization) PARTY', description: 'a political party or alliance' },
      { name: 'DATE', label: '$(calendar) DATE', description: 'a date or time expression' },
      ...customLabels().map((c) => ({ name: c.name, label: `$(tag) ${c.name}`, description: c.color ? `custom label · ${c.color}` : 'custom label' })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Tag the selection as…', placeHolder: 'Add labels with the setting hindiNews.labels.custom' });
    return pick ? tagSelection(getClient, pick.name) : false;
  });
}
