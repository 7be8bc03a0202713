/**
 * Entity links in exchange formats: knowledge-base ids become Wikidata items
 * on export (brat normalisation lines) and come back as the same ids on
 * import, so a brat round trip keeps every link.
 */
import { wikidataResolver, type EntityResolver } from '../export/brat';
import type { KnowledgeBase } from '../kb/load';

/** Knowledge-base ids with a Wikidata item (`narendra-modi` → Q1058), then ids that already are items (`wikidata:Q42`). */
export function kbEntityResolver(kb: KnowledgeBase | undefined): EntityResolver {
  if (!kb) return wikidataResolver;
  return (id) => {
    const e = kb.personById.get(id) ?? kb.partyById.get(id);
    if (e?.qid) return { qid: e.qid.toUpperCase(), name: e.name };
    return wikidataResolver(id);
  };
}

/** Wikidata item → the knowledge-base id that carries it (when exactly one does), else `wikidata:Q…`. */
export function kbEntityFromWikidata(kb: KnowledgeBase | undefined): (qid: string) => string {
  const byQid = new Map<string, string | null>();
  for (const e of [...(kb?.persons ?? []), ...(kb?.parties ?? [])]) {
    if (!e.qid) continue;
    const q = e.qid.toUpperCase();
    byQid.set(q, byQid.has(q) ? null : e.id);
  }
  return (qid) => {
    const q = qid.toUpperCase();
    return byQid.get(q) ?? `wikidata:${q}`;
  };
}
