/** References: every mention of an entity in every article of the workspace (open documents first). */
import type { Location } from 'vscode-languageserver';
import type { IndexedMention } from './workspaceIndex';

/** One article's mentions, with ranges already in LSP coordinates. */
export interface ArticleMentions {
  uri: string;
  mentions: readonly IndexedMention[];
}

export function referencesFor(key: string, articles: Iterable<ArticleMentions>): Location[] {
  const out: Location[] = [];
  for (const a of articles) for (const m of a.mentions) if (m.key === key) out.push({ uri: a.uri, range: m.range });
  return out;
}
