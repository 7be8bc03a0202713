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

export type LabelPick = vscode.QuickPickItem & { name: string };

/** Quick-pick items for every label: the built-in ones, then `hindiNews.labels.custom`. */
export function labelItems(current?: string): LabelPick[] {
  const items: LabelPick[] = [
    { name: 'PERSON', label: '$(person) PERSON', description: 'a person' },
    { name: 'PARTY', label: '$(organization) PARTY', description: 'a political party or alliance' },
    { name: 'DATE', label: '$(calendar) DATE', description: 'a date or time expression' },
    ...customLabels().map((c) => ({ name: c.name, label: `$(tag) ${c.name}`, description: c.color ? `custom label · ${c.color}` : 'custom label' })),
  ];
  return items.map((i) => (i.name === current ? { ...i, description: `${i.description} · current` } : i));
}
