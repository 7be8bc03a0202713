/**
 * Entry point: starts the Hindi News language server and wires the thin
 * client-side pieces (status bar, commands). All language logic lives in the
 * server, so any LSP editor gets the same behaviour.
 */
import * as vscode from 'vscode';
import { ServerManager } from './serverManager';
import { StatusBar } from './statusBar';
import { registerCommands } from './commands';
import { registerAnnotationCommands } from './commands/index';
import { AnnotationDecorations } from './decorations';
import { EntitiesView } from './views/entitiesView';

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Hindi News');
  const statusBar = new StatusBar();
  const decorations = new AnnotationDecorations();
  const entities = new EntitiesView();
  const m = new ServerManager(context, output, [statusBar, decorations, entities]);
  manager = m;
  context.subscriptions.push(output, statusBar, decorations, entities, m, ...registerCommands(m, output), ...registerAnnotationCommands(() => m.running()));
  await manager.start();
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}
