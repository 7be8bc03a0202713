/** Registers the annotation commands (one file each in this folder). */
import type * as vscode from 'vscode';
import { registerAcceptAllSuggestions } from './acceptAllSuggestions';
import { registerAcceptSuggestion } from './acceptSuggestion';
import { registerAddToKnowledgeBase } from './addToKnowledgeBase';
import { registerExportAnnotations } from './exportAnnotations';
import { registerLinkEntity } from './linkEntity';
import { registerNavigateUnreviewed } from './navigateUnreviewed';
import { registerRejectSuggestion } from './rejectSuggestion';
import { registerRemoveTag } from './removeTag';
import type { ClientGetter } from './run';
import { registerTag } from './tag';
import { registerTagAs } from './tagAs';

export function registerAnnotationCommands(getClient: ClientGetter): vscode.Disposable[] {
  return [
    ...registerTag(getClient),
    registerTagAs(getClient),
    registerRemoveTag(getClient),
    registerAcceptSuggestion(getClient),
    registerAcceptAllSuggestions(getClient),
    registerRejectSuggestion(getClient),
    ...registerNavigateUnreviewed(getClient),
    registerLinkEntity(getClient),
    registerAddToKnowledgeBase(getClient),
    registerExportAnnotations(getClient),
  ];
}
