/** Diagnostics for extra knowledge-base files: each validation error at its entry's line. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { KbError } from '../core/kb/load';
import { LineIndex } from './positions';

export function kbDiagnostics(errors: readonly KbError[], text: string): Diagnostic[] {
  const lines = new LineIndex(text);
  return errors.map((e) => {
    const line = Math.min(Math.max(e.line ?? 0, 0), lines.lineCount - 1);
    const start = lines.offsetAt({ line, character: 0 });
    const end = lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
    const indent = /^\s*/.exec(text.slice(start, end))![0].length;
    return {
      range: { start: { line, character: indent }, end: { line, character: end - start } },
      severity: DiagnosticSeverity.Error,
      source: 'hindi-news',
      message: e.entry === undefined ? e.message : `${e.entry}: ${e.message}`,
    };
  });
}
