/**
 * Data for the client's Entities view: mentions grouped by label, then by
 * entity (the same key as references and the outline), each mention with
 * its location.
 */
import type { EntitiesParams, EntityGroup, EntityMention } from '../protocol';
import { canonicalName, entityKey, latinName, type KbLookup } from './entities';
import type { ArticleMentions } from './references';
import type { CancellationToken } from 'vscode-languageserver';
import { allArticles } from './articles';
import type { ServerContext } from './context';
import { isLarge, shownLabels } from './openDocuments';
import { toRange } from './positions';
import { cancelled } from './spanUnder';
import type { IndexedMention } from './workspaceIndex';

/** One article's mentions with the confirmed flag when known. */
export interface TreeArticle extends ArticleMentions {
  confirmed?: readonly boolean[];
}

export function entityGroups(articles: Iterable<TreeArticle>, labels: readonly string[], kb: KbLookup): EntityGroup[] {
  const byLabel = new Map<string, Map<string, EntityGroup['entities'][number]>>();
  for (const a of articles) {
    a.mentions.forEach((m, i) => {
      let entities = byLabel.get(m.label);
      if (!entities) byLabel.set(m.label, (entities = new Map()));
      let e = entities.get(m.key);
      if (!e) {
        e = { key: m.key, name: canonicalName(m, kb), mentions: [] };
        if (m.label !== 'DATE') e.latin = latinName(m, kb);
        if (m.entityId) e.entityId = m.entityId;
        entities.set(m.key, e);
      }
      const mention: EntityMention = { uri: a.uri, range: m.range, text: m.text };
      const c = a.confirmed?.[i];
      if (c !== undefined) mention.confirmed = c;
      e.mentions.push(mention);
    });
  }
  const order = [...labels, ...[...byLabel.keys()].filter((l) => !labels.includes(l)).sort()];
  const out: EntityGroup[] = [];
  for (const label of order) {
    const entities = byLabel.get(label);
    if (!entities) continue;
    out.push({ label, entities: [...entities.values()].sort((x, y) => y.mentions.length - x.mentions.length || x.name.localeCompare(y.name)) });
  }
  return out;
}

/** `hindiNews/entities`: the Entities view of the active article or the workspace. */
export async function onEntities(ctx: ServerContext, p: EntitiesParams, token: CancellationToken) {
  const s = await ctx.docs.settings.get(p.uri ?? ctx.docs.folders[0]);
  const labels = [...shownLabels(s)];
  if (p.scope === 'workspace') {
    const articles = await allArticles(ctx, shownLabels(s), token);
    if (!articles) return cancelled();
    return { groups: entityGroups(articles, labels, ctx.kb.kb) };
  }
  const h = p.uri ? await ctx.docs.handled(p.uri) : undefined;
  if (!h) return null;
  if (isLarge(h.doc, h.s)) return { groups: [] };
  const spans = await ctx.shown.shown(h.doc, h.s, token);
  if (!spans) return cancelled();
  const article: TreeArticle = {
    uri: h.doc.uri,
    mentions: spans.map((x): IndexedMention => ({ key: entityKey(x), label: x.label, text: x.text, ...(x.entityId ? { entityId: x.entityId } : {}), range: toRange(h.doc, x.start, x.end) })),
    confirmed: spans.map((x) => x.confirmed),
  };
  return { groups: entityGroups([article], labels, ctx.kb.kb) };
}
