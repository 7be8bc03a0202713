/**
 * Hover cards (Markdown) for persons, parties and dates: who or what the
 * mention is, where the knowledge came from, and how it shows up in this
 * article.
 */
import { MarkupKind, ResponseError, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver';
import { transliterate } from '../core/transliterate';
import type { Span } from '../core/types';
import { entityKey, type KbLookup, type ShownSpan } from './entities';
import { toRange, type OffsetMapper } from './positions';
import type { ServerContext } from './context';
import { spanUnder } from './spanUnder';

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_HI = ['रविवार', 'सोमवार', 'मंगलवार', 'बुधवार', 'गुरुवार', 'शुक्रवार', 'शनिवार'];

/** Weekday of a full ISO date (`2023-12-19`), in English and Hindi. */
export function weekday(iso: string): { en: string; hi: string } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== +m[3]!) return undefined;
  return { en: WEEKDAYS_EN[d.getUTCDay()]!, hi: WEEKDAYS_HI[d.getUTCDay()]! };
}

function md(s: string): string {
  return s.replace(/[\\`*_[\]<>#|]/g, (c) => '\\' + c);
}

function foundBy(span: Pick<Span, 'source' | 'reason'>): string {
  const how = span.source === 'kb' ? 'knowledge base' : span.source === 'date-grammar' ? 'date grammar' : span.source;
  if (!span.reason || span.reason === how) return how;
  return span.reason.startsWith(how) ? md(span.reason) : `${how} (${md(span.reason)})`;
}

/**
 * Where a shown span came from, true after review: a suggestion says what
 * found it; an accepted one says so and who had suggested it; a tag says the
 * annotator made it (and whether a suggestion agreed).
 */
export function provenance(span: ShownSpan): string {
  if (!span.confirmed) return `suggestion, found by ${foundBy(span)}${span.confidence === undefined ? '' : `, confidence ${span.confidence.toFixed(2)}`}`;
  const by = span.suggestedBy ? foundBy(span.suggestedBy) : undefined;
  if (span.reason === 'accepted suggestion') return by ? `accepted · suggested by ${by}` : 'accepted suggestion';
  return by ? `tagged by the annotator · also suggested by ${by}` : 'tagged by the annotator';
}

/** The hover card for `spans[index]`; `spans` are all shown spans of the document, sorted. */
export function hoverFor(doc: OffsetMapper, spans: readonly ShownSpan[], index: number, kb: KbLookup): Hover {
  const span = spans[index]!;
  const lines: string[] = [];
  const key = entityKey(span);
  const same = spans.filter((s) => entityKey(s) === key);
  const spellings = [...new Set(same.map((s) => s.text.replace(/\s+/g, ' ')))];

  if (span.label === 'PERSON') {
    const p = span.entityId ? kb.personById.get(span.entityId) : undefined;
    if (p) {
      lines.push(`**${md(p.name)}** — ${md(p.latin)}`, '');
      const facts = ['Person'];
      if (p.role) facts.push(md(p.role));
      const party = p.party ? kb.partyById.get(p.party) : undefined;
      if (party) facts.push(`${md(party.latin)} (${md(party.name)})`);
      else if (p.party) facts.push(md(p.party));
      lines.push(facts.join(' · '), '');
      if (p.qid) lines.push(`Wikidata: [${p.qid}](https://www.wikidata.org/wiki/${encodeURIComponent(p.qid)})`, '');
    } else {
      const text = span.text.replace(/\s+/g, ' ');
      lines.push(`**${md(text)}** — ${md(transliterate(text))}`, '');
      lines.push('Person · not in the knowledge base', '');
    }
  } else if (span.label === 'PARTY') {
    const p = span.entityId ? kb.partyById.get(span.entityId) : undefined;
    if (p) {
      lines.push(`**${md(p.name)}** — ${md(p.latin)}`, '');
      lines.push(p.kind === 'alliance' ? 'Alliance' : `Party${p.scope ? ' · ' + md(p.scope) : ''}`, '');
      if (p.abbreviations.length) lines.push(`Abbreviations: ${p.abbreviations.map(md).join(', ')}`, '');
      const names = (ids: readonly string[] | undefined) => (ids ?? []).map((id) => md(kb.partyById.get(id)?.latin ?? id));
      if (p.alliances?.length) lines.push(`Alliances: ${names(p.alliances).join(', ')}`, '');
      if (p.members?.length) lines.push(`Members: ${names(p.members).join(', ')}`, '');
      if (p.qid) lines.push(`Wikidata: [${p.qid}](https://www.wikidata.org/wiki/${encodeURIComponent(p.qid)})`, '');
    } else {
      const text = span.text.replace(/\s+/g, ' ');
      lines.push(`**${md(text)}** — ${md(transliterate(text))}`, '');
      lines.push('Party · not in the knowledge base', '');
    }
  } else if (span.label === 'DATE') {
    lines.push(`**${md(span.text.replace(/\s+/g, ' '))}** — Date`, '');
    const d = span.date;
    if (d?.iso) {
      const w = weekday(d.iso);
      lines.push(`ISO: \`${d.iso}\`${w ? ` · ${w.en} (${w.hi})` : ''}`, '');
    } else lines.push('ISO: unknown (no anchor to resolve against)', '');
    if (d?.relative) lines.push(`Relative: \`${d.relative}\``, '');
    if (d?.resolution) lines.push(`Resolved: ${md(d.resolution)}`, '');
  } else {
    lines.push(`**${md(span.text)}** — ${md(span.label)}`, '');
  }

  if (span.label !== 'DATE') {
    if (spellings.length > 1 || (span.label === 'PERSON' && span.entityId)) lines.push(`Spellings in this article: ${spellings.map(md).join(', ')}`, '');
    lines.push(`Mentions in this article: ${same.length}`, '');
  }
  lines.push(`*${provenance(span)}*`);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(doc, span.start, span.end) };
}

/** `textDocument/hover`. */
export async function onHover(ctx: ServerContext, p: HoverParams, token: CancellationToken) {
  const u = await spanUnder(ctx, p, token);
  return !u || u instanceof ResponseError ? u : hoverFor(u.doc, u.spans, u.i, ctx.kb.kb);
}
