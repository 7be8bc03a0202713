import * as vscode from 'vscode';
import type { DocumentSelector } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from '../../server/src/protocol';

/**
 * Articles in the contributed language, plus plain-text files matching
 * `hindiNews.files`. The server still checks that a plain-text file contains
 * Devanagari before it analyses it, so English notes in the same folder stay
 * untouched.
 */
export function documentSelector(): DocumentSelector {
  const selector: DocumentSelector = [
    { language: LANGUAGE_ID, scheme: 'file' },
    { language: LANGUAGE_ID, scheme: 'untitled' },
  ];
  for (const pattern of filePatterns()) selector.push({ language: 'plaintext', pattern });
  return selector;
}

/** `hindiNews.files` as a list; the setting accepts one glob or several. */
export function filePatterns(): string[] {
  const raw = vscode.workspace.getConfiguration('hindiNews').get<unknown>('files');
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
}
