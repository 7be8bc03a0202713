/**
 * The mentions of every article of the workspace, for the features that
 * look across articles (references, workspace symbols, the Entities view):
 * open documents as edited, the rest from the workspace index.
 */
import type { CancellationToken } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { entityKey } from './entities';
import { uriPath } from './files';
import { isLarge } from './openDocuments';
import { toRange } from './positions';
import type { ArticleMentions } from './references';
import type { IndexedMention } from './workspaceIndex';

/** Mentions of every article with a label in `labels`; undefined when cancelled. */
export async function allArticles(ctx: ServerContext, labels: ReadonlySet<string>, token: CancellationToken): Promise<ArticleMentions[] | undefined> {
  const out: ArticleMentions[] = [];
  const openPaths = new Set<string>();
  for (const d of ctx.docs.all()) {
    const h = await ctx.docs.handled(d.uri);
    if (!h) continue;
    openPaths.add(uriPath(d.uri));
    const spans = isLarge(h.doc, h.s) ? [] : await ctx.shown.shown(h.doc, h.s, token);
    if (!spans) return undefined;
    out.push({ uri: d.uri, mentions: spans.map((s): IndexedMention => ({ key: entityKey(s), label: s.label, text: s.text, entityId: s.entityId, range: toRange(h.doc, s.start, s.end) })) });
  }
  const files = await ctx.index.articles(token);
  if (!files) return undefined;
  for (const f of files) {
    if (openPaths.has(uriPath(f.uri))) continue;
    out.push({ uri: f.uri, mentions: f.mentions.filter((m) => labels.has(m.label)) });
  }
  return out;
}
