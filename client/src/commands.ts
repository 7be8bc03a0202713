import * as vscode from 'vscode';
import type { ServerManager } from './serverManager';

export const RESTART_SERVER = 'hindiNews.restartServer';
export const SHOW_OUTPUT = 'hindiNews.showOutput';

export function registerCommands(manager: ServerManager, output: vscode.OutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(RESTART_SERVER, () => manager.restart()),
    vscode.commands.registerCommand(SHOW_OUTPUT, () => output.show(true)),
  ];
}
