/**
 * Data for the client's Entities view: mentions grouped by label, then by
 * entity (the same key as references and the outline), each mention with
 * its location.
 */
import type { EntityGroup, EntityMention } from '../protocol';
import { canonicalName, latinName, type KbLookup } from './entities';
import type { ArticleMentions } from './references';

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
