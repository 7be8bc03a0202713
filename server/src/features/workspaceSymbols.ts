/**
 * Workspace symbols: one symbol per entity and article, found by a query in
 * Latin or Devanagari (knowledge-base names and spellings, transliterations).
 */
import type { CancellationToken, SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver';
import { normalizeKey } from '../core/normalize';
import { transliterate } from '../core/transliterate';
import { LABEL_KIND } from './documentSymbols';
import type { KbLookup } from './entities';
import type { ArticleMentions } from './references';
import type { IndexedMention } from './workspaceIndex';
import { allArticles } from './articles';
import type { ServerContext } from './context';
import { shownLabels } from './openDocuments';
import { cancelled } from './spanUnder';

const DEVANAGARI = /[\u0900-\u097F]/;

/** Lower-case Latin without diacritics or punctuation: `Kharge`, `kharge ` and `Khargé` meet. */
function foldLatin(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Everything a query may match for one entity. */
function searchTerms(m: IndexedMention, kb: KbLookup, spellings: Iterable<string>): { latin: string[]; deva: string[]; display: string } {
  const latin: string[] = [];
  const deva: string[] = [];
  const add = (s: string | undefined) => {
    if (!s) return;
    if (DEVANAGARI.test(s)) {
      deva.push(normalizeKey(s));
      latin.push(foldLatin(transliterate(s)));
    } else latin.push(foldLatin(s));
  };
  let display = '';
  const person = m.entityId && m.label === 'PERSON' ? kb.personById.get(m.entityId) : undefined;
  const party = m.entityId && m.label === 'PARTY' ? kb.partyById.get(m.entityId) : undefined;
  const entry = person ?? party;
  if (entry) {
    display = `${entry.latin} — ${entry.name}`;
    [entry.name, entry.latin, ...(entry.variants ?? [])].forEach(add);
    if (person) (person.short ?? []).forEach(add);
    if (party) party.abbreviations.forEach(add);
  } else {
    const text = m.text.replace(/\s+/g, ' ');
    display = DEVANAGARI.test(text) ? `${transliterate(text)} — ${text}` : text;
  }
  for (const s of spellings) add(s);
  return { latin, deva, display };
}

/** One entity's mentions across articles: its first mention, every spelling, the first mention and count per article. */
interface EntityMentions {
  first: IndexedMention;
  spellings: Set<string>;
  perArticle: Map<string, { mention: IndexedMention; count: number }>;
}

export function workspaceSymbols(query: string, articles: Iterable<ArticleMentions>, kb: KbLookup, limit = 500): SymbolInformation[] {
  const q = query.trim();
  const qDeva = DEVANAGARI.test(q) ? normalizeKey(q) : '';
  const qLatin = qDeva ? '' : foldLatin(q);
  // Group mentions by entity, keeping the first mention per article and every spelling.
  const entities = new Map<string, EntityMentions>();
  for (const a of articles) {
    for (const m of a.mentions) {
      let e = entities.get(m.key);
      if (!e) entities.set(m.key, (e = { first: m, spellings: new Set(), perArticle: new Map() }));
      e.spellings.add(m.text.replace(/\s+/g, ' '));
      const pa = e.perArticle.get(a.uri);
      if (pa) pa.count++;
      else e.perArticle.set(a.uri, { mention: m, count: 1 });
    }
  }
  // A sensible order: names that start with the query first, then by label (persons,
  // parties, dates, custom labels), the most mentioned entities first, then by name.
  const hits: Array<{ e: EntityMentions; display: string; prefix: boolean; total: number }> = [];
  for (const e of entities.values()) {
    const t = searchTerms(e.first, kb, e.spellings);
    const hit = q === '' || (qDeva ? t.deva.some((d) => d.includes(qDeva)) : qLatin !== '' && t.latin.some((l) => l.includes(qLatin)));
    if (!hit) continue;
    const prefix = q !== '' && (qDeva ? t.deva.some((d) => d.startsWith(qDeva)) : t.latin.some((l) => l.startsWith(qLatin)));
    let total = 0;
    for (const pa of e.perArticle.values()) total += pa.count;
    hits.push({ e, display: t.display, prefix, total });
  }
  const rank = (label: string) => {
    const i = LABEL_ORDER.indexOf(label);
    return i < 0 ? LABEL_ORDER.length : i;
  };
  hits.sort((x, y) => Number(y.prefix) - Number(x.prefix) || rank(x.e.first.label) - rank(y.e.first.label) || y.total - x.total || x.display.localeCompare(y.display));
  const out: SymbolInformation[] = [];
  for (const { e, display } of hits) {
    const spellings = [...e.spellings].join(', ');
    for (const [uri, { mention, count }] of e.perArticle) {
      const file = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      out.push({
        name: display,
        kind: LABEL_KIND[mention.label] ?? LABEL_KIND.PERSON!,
        location: { uri, range: mention.range },
        containerName: `${file} · ${count}× · ${spellings}`,
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

const LABEL_ORDER = ['PERSON', 'PARTY', 'DATE'];

/** `workspace/symbol`. */
export async function onWorkspaceSymbol(ctx: ServerContext, p: WorkspaceSymbolParams, token: CancellationToken) {
  const s = await ctx.docs.workspaceSettings();
  const articles = await allArticles(ctx, shownLabels(s), token);
  if (!articles) return cancelled();
  return workspaceSymbols(p.query, articles, ctx.kb.kb);
}
