/** Registers the annotation and review commands (one file each in this folder). */
import type * as vscode from 'vscode';
import type { ReviewState } from '../review/reviewState';
import { registerAcceptAllSuggestions } from './acceptAllSuggestions';
import { registerAcceptSuggestion } from './acceptSuggestion';
import { registerAddToKnowledgeBase } from './addToKnowledgeBase';
import { registerChangeLabel } from './changeLabel';
import { registerExportAnnotations } from './exportAnnotations';
import { registerLearned } from './learned';
import { registerLinkEntity } from './linkEntity';
import { registerMentions } from './mentions';
import { registerNavigateUnreviewed } from './navigateUnreviewed';
import { registerRejectSuggestion } from './rejectSuggestion';
import { registerRemoveTag } from './removeTag';
import { registerResize } from './resize';
import { registerRestoreRejected } from './restoreRejected';
import { registerReviewStatus } from './reviewStatus';
import type { ClientGetter } from './run';
import { registerTag } from './tag';
import { registerTagAs } from './tagAs';
import { registerUndoRedo } from './undoRedo';

export function registerAnnotationCommands(getClient: ClientGetter, review: ReviewState, workspaceState: vscode.Memento): vscode.Disposable[] {
  return [
    ...registerTag(getClient),
    ...registerTagAs(getClient),
    registerChangeLabel(getClient),
    registerRemoveTag(getClient),
    registerAcceptSuggestion(getClient),
    registerAcceptAllSuggestions(getClient),
    registerRejectSuggestion(getClient),
    ...registerMentions(getClient),
    registerRestoreRejected(getClient, review),
    ...registerNavigateUnreviewed(getClient),
    ...registerResize(getClient),
    ...registerUndoRedo(getClient),
    ...registerReviewStatus(getClient, review),
    registerLinkEntity(getClient),
    registerAddToKnowledgeBase(getClient),
    ...registerExportAnnotations(getClient, workspaceState),
    ...registerLearned(getClient),
  ];
}
