/** `hindiNews.labels.custom`: extra labels annotators tag with, each with an optional colour. */
import * as vscode from 'vscode';

export interface CustomLabel {
  name: string;
  color?: string;
}

export function customLabels(): CustomLabel[] {
  const raw = vscode.workspace.getConfiguration('hindiNews').get<unknown>('labels.custom');
  if (!Array.isArray(raw)) return [];
  const out: CustomLabel[] = [];
  for (const x of raw) {
    const name = typeof x === 'string' ? x : (x as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !name.trim()) continue;
    const color = (x as { color?: unknown } | null)?.color;
    out.push(typeof color === 'string' ? { name: name.trim().toUpperCase(), color } : { name: name.trim().toUpperCase() });
  }
  return out;
}
