/** References: every mention of an entity in every article of the workspace (open documents first). */
import { ResponseError, type CancellationToken, type Location, type ReferenceParams } from 'vscode-languageserver';
import type { IndexedMention } from './workspaceIndex';
import { allArticles } from './articles';
import type { ServerContext } from './context';
import { entityKey } from './entities';
import { shownLabels } from './openDocuments';
import { cancelled, spanUnder } from './spanUnder';

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

/** `textDocument/references`: every mention of the entity under the cursor in every article. */
export async function onReferences(ctx: ServerContext, p: ReferenceParams, token: CancellationToken) {
  const u = await spanUnder(ctx, p, token);
  if (!u || u instanceof ResponseError) return u;
  const articles = await allArticles(ctx, shownLabels(u.s), token);
  if (!articles) return cancelled();
  return referencesFor(entityKey(u.spans[u.i]!), articles);
}
