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
import type { DocumentStats } from '../../server/src/protocol';

let manager: ServerManager | undefined;
let output: vscode.OutputChannel | undefined;

/** What the extension exports: what it shows, for the integration tests and other extensions. */
export interface HindiNewsApi {
  /** Counts in the status bar for the active article. */
  statusBar(): DocumentStats | undefined;
  /** Confirmed and suggestion underlines drawn in the editors of `uri`. */
  decorations(uri: vscode.Uri): { confirmed: number; suggestions: number } | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<HindiNewsApi> {
  // Not among the subscriptions: VS Code disposes those right after calling
  // deactivate(), while the client may still log as it stops.
  const channel = vscode.window.createOutputChannel('Hindi News');
  output = channel;
  const statusBar = new StatusBar();
  const decorations = new AnnotationDecorations();
  const entities = new EntitiesView();
  const m = new ServerManager(context, channel, [statusBar, decorations, entities]);
  manager = m;
  context.subscriptions.push(statusBar, decorations, entities, m, ...registerCommands(m, channel), ...registerAnnotationCommands(() => m.running()));
  await manager.start();
  return { statusBar: () => statusBar.shown(), decorations: (uri) => decorations.shown(uri.toString()) };
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
  output?.dispose();
  output = undefined;
}
