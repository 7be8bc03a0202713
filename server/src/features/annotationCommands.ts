/**
 * The annotation commands (`workspace/executeCommand`): tag, remove, accept,
 * reject, relabel, navigate, link. Each looks up the article, waits for its
 * sidecar, converts LSP positions to offsets here and nowhere else, and
 * delegates to the core's {@link AnnotationSet}; every change is one step of
 * the article's undo history.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { historyOf } from '../core/annotations/history';
import type { AnnotationSet } from '../core/annotations/model';
import { snapToWords } from '../core/annotations/snap';
import type { KnowledgeBase } from '../core/kb/load';
import { normalizeKey } from '../core/normalize';
import { findSkipRegions } from '../core/skip';
import type { Span } from '../core/types';
import type { AddToKbArgs, CommandResult, KbCandidate, LinkEntityArgs, PositionArgs, TagArgs } from '../protocol';
import { appendKbEntry, newEntry, WORKSPACE_KB_FILE } from './addToKnowledgeBase';
import type { AnnotationStore } from './annotations';
import { spanAt, type ShownSpan } from './entities';
import { uriPath } from './files';
import { rangeToOffsets, toOffset, toRange } from './positions';
import { pathToFileURL } from 'node:url';

export interface CommandContext {
  store: AnnotationStore;
  /** The open document if the server handles it. */
  document(uri: string): Promise<TextDocument | undefined>;
  /** Shown spans (suggestions merged with annotations) of the whole document; undefined when cancelled or too large. */
  shown(doc: TextDocument): Promise<ShownSpan[] | undefined>;
  kb(): KnowledgeBase;
  /** An article's annotations or status changed (the Review view refreshes). */
  reviewChanged?(uri: string): void;
  /** True when next/previous unreviewed visit the least confident suggestions first (`hindiNews.review.leastConfidentFirst`). */
  leastConfidentFirst?(doc: TextDocument): Promise<boolean>;
  /** The next article after `uri` (in workspace order, wrapping) with unreviewed suggestions, for navigation. */
  nextArticleToReview?(uri: string, dir: 1 | -1): Promise<string | undefined>;
}

export const fail = (message: string): CommandResult => ({ ok: false, message });

/** A command changed the article: save, republish, refresh the views. */
export function changed(ctx: CommandContext, uri: string): void {
  ctx.store.changed(uri);
  ctx.reviewChanged?.(uri);
}

/** Run `action` as one undoable step of the article's history. */
export function step<T>(set: AnnotationSet, label: string, action: () => T): T {
  return historyOf(set).record(label, action);
}

const NOT_OPEN = 'Open a Hindi news article (a .hindi.txt file, or a .txt file in Devanagari) to annotate it.';

/** A label the annotator may use: letters, digits, `_` and `-`, upper-cased. */
export function normalizeLabel(label: unknown): string | undefined {
  if (typeof label !== 'string') return undefined;
  const l = label.trim().toUpperCase();
  return /^[\p{L}\p{N}_-]+$/u.test(l) ? l : undefined;
}

export interface Target {
  doc: TextDocument;
  set: AnnotationSet;
  offset: number;
  /** The document's version when the position was read (see {@link changedMeanwhile}). */
  version: number;
}

/**
 * True when the document changed since `t` was taken: the command's offsets
 * (its position, or suggestions analysed for the text then) belong to an
 * older text, and acting on them would tag other characters. An edit can
 * arrive while a command waits for the analysis of a long article.
 */
export function changedMeanwhile(t: Target): boolean {
  return t.doc.version !== t.version;
}

/** The refusal when {@link changedMeanwhile}. */
export const CHANGED_MEANWHILE: CommandResult = {
  ok: false,
  message: 'The article changed while the command was running, so it did nothing (its positions belonged to the text before). Run the command again.',
};

/**
 * The version of the article when a command's message arrived, by the
 * command's argument object (see {@link noteArrival}): its positions belong
 * to that text, and an edit may arrive while the command waits (for the
 * article's annotations to load, for its analysis).
 */
const arrivedAt = new WeakMap<object, number>();

/** Remember the version of `arg.uri`'s document as the command arrives (call before any await). */
export function noteArrival(arg: unknown, version: (uri: string) => number | undefined): void {
  if (!arg || typeof arg !== 'object') return;
  const uri = (arg as { uri?: unknown }).uri;
  const v = typeof uri === 'string' ? version(uri) : undefined;
  if (v !== undefined) arrivedAt.set(arg, v);
}

export async function target(ctx: CommandContext, args: { uri?: unknown; position?: unknown }): Promise<Target | CommandResult> {
  if (typeof args?.uri !== 'string') return fail('The command needs the article\'s "uri".');
  const doc = await ctx.document(args.uri);
  if (!doc) return fail(NOT_OPEN);
  const st = await ctx.store.ready(args.uri);
  if (!st) return fail(NOT_OPEN);
  if (st.blocked || !st.set) return fail(st.blocked ?? 'The annotations of this article are not loaded.');
  const sent = arrivedAt.get(args);
  const positioned = args.position !== undefined || (args as { range?: unknown }).range !== undefined;
  if (positioned && sent !== undefined && doc.version !== sent) return CHANGED_MEANWHILE;
  const p = args.position as { line?: unknown; character?: unknown } | undefined;
  const offset = p && typeof p.line === 'number' && typeof p.character === 'number' ? toOffset(doc, { line: p.line, character: p.character }) : 0;
  return { doc, set: st.set, offset, version: doc.version };
}

export const isResult = (x: Target | CommandResult): x is CommandResult => 'ok' in x;

/** The unreviewed suggestion at `offset` (end inclusive), if any. */
export async function suggestionAt(ctx: CommandContext, t: Target): Promise<ShownSpan | undefined> {
  const spans = await ctx.shown(t.doc);
  if (!spans) return undefined;
  const unreviewed = spans.filter((s) => !s.confirmed);
  const i = spanAt(unreviewed, t.offset);
  return i < 0 ? undefined : unreviewed[i];
}

export async function tag(ctx: CommandContext, args: TagArgs): Promise<CommandResult> {
  const label = normalizeLabel(args?.label);
  if (!label) return fail(`"${String(args?.label)}" is not a label: use PERSON, PARTY, DATE or a label from hindiNews.labels.custom.`);
  if (!args?.range?.start || !args.range.end) return fail('The command needs the selection as "range".');
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const text = t.doc.getText();
  let [s, e] = rangeToOffsets(t.doc, args.range);
  const unreviewed = (await ctx.shown(t.doc))?.filter((x) => !x.confirmed) ?? [];
  // Whole words are tagged as selected, a part of a word takes its word; a suggestion around them is offered, never forced.
  let around: ShownSpan | undefined;
  if (!args.exact) {
    [s, e] = snapToWords(text, s, e);
    if (s === e) return fail('Nothing to tag: the selection holds no word. Select a name or a date (or put the cursor on it).');
    around = unreviewed.find((x) => x.start <= s && e <= x.end && !(x.start === s && x.end === e));
  }
  // Tagging exactly a suggestion keeps its knowledge-base link.
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  const same = unreviewed.find((x) => x.label === label && x.start === s && x.end === e);
  const replaced = unreviewed.filter((x) => x !== around && x.start < e && s < x.end && !(x.start === s && x.end === e));
  const r = step(t.set, `tag “${text.slice(s, e)}” as ${label}`, () =>
    t.set.add(s, e, label, { skipped: findSkipRegions(text), ...(args.exact ? {} : { exact: true }), ...(same?.entityId ? { entityId: same.entityId } : {}) }),
  );
  if (!r.ok) return fail(r.message);
  changed(ctx, t.doc.uri);
  const range = toRange(t.doc, r.annotation.start, r.annotation.end);
  const offer: Partial<Extract<CommandResult, { ok: true }>> = around
    ? { suggestionRange: toRange(t.doc, around.start, around.end), suggestion: { text: around.text, label: around.label } }
    : {};
  const inside = around ? ` It lies inside the suggestion “${around.text}” (${around.label}), which can be tagged instead.` : '';
  if (!replaced.length) return { ok: true, range, ...offer, message: `Tagged “${r.annotation.text}” as ${label}.${inside}` };
  const list = replaced.map((x) => `“${x.text}” (${x.label})`).join(', ');
  return {
    ok: true,
    range,
    ...offer,
    replaced: replaced.map((x) => x.text),
    message: `Tagged “${r.annotation.text}” as ${label}; it replaces the suggestion${replaced.length === 1 ? '' : 's'} ${list}.${inside}`,
  };
}

export async function removeTag(ctx: CommandContext, args: PositionArgs): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  if (typeof args.id === 'string') {
    const id = args.id;
    const a = step(t.set, `remove “${t.set.get(id)?.text ?? id}”`, () => t.set.remove(id));
    if (!a) return fail(`No annotation with id ${args.id} in this article.`);
    changed(ctx, t.doc.uri);
    return { ok: true, message: `Removed the ${a.label} annotation “${a.text}”.` };
  }
  const a = step(t.set, `remove the tag “${t.set.at(t.offset)?.text}”`, () => t.set.removeAt(t.offset));
  if (!a) {
    const s = await suggestionAt(ctx, t);
    return fail(s ? `“${s.text}” is a suggestion, not a tag: reject it instead.` : 'There is no tag under the cursor.');
  }
  changed(ctx, t.doc.uri);
  return { ok: true, message: `Removed the ${a.label} tag on “${a.text}”.` };
}

export async function accept(ctx: CommandContext, args: PositionArgs): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const s = await suggestionAt(ctx, t);
  if (!s) return fail(t.set.at(t.offset) ? 'This is already tagged.' : 'There is no suggestion under the cursor.');
  const label = args.label === undefined ? s.label : normalizeLabel(args.label);
  if (!label) return fail(`"${String(args.label)}" is not a label.`);
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  const r = step(t.set, `accept “${s.text}” as ${label}`, () =>
    t.set.accept({ start: s.start, end: s.end, label: label as Span['label'], ...(label === s.label && s.entityId ? { entityId: s.entityId } : {}) }, { skipped: findSkipRegions(t.doc.getText()) }),
  );
  if (!r.ok) return fail(r.message);
  changed(ctx, t.doc.uri);
  return { ok: true, range: toRange(t.doc, s.start, s.end), message: `Accepted “${s.text}” as ${label}.` };
}

export async function acceptAll(ctx: CommandContext, args: { uri: string }): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const spans = await ctx.shown(t.doc);
  if (!spans) return fail('The article is too large to review as a whole (hindiNews.maxFullDocumentSize).');
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  const skipped = findSkipRegions(t.doc.getText());
  let count = 0;
  const failed: Array<{ span: ShownSpan; message: string }> = [];
  step(t.set, 'accept all suggestions', () => {
    for (const s of spans) {
      if (s.confirmed) continue;
      const r = t.set.accept(s, { skipped });
      if (r.ok) count++;
      else failed.push({ span: s, message: r.message });
    }
  });
  if (count) changed(ctx, t.doc.uri);
  // A suggestion that lost to an overlapping one just accepted is gone; one inside a URL stays unreviewed: say so.
  const left = failed.filter((f) => t.set.filterSuggestions([f.span]).length > 0);
  const accepted = count ? `Accepted ${count} suggestion${count === 1 ? '' : 's'}.` : left.length ? 'No suggestion was accepted.' : 'No unreviewed suggestions in this article.';
  const notAccepted = left.length ? ` ${left.length} could not be accepted (“${left[0]!.span.text}”: ${left[0]!.message}); reject ${left.length === 1 ? 'it' : 'them'} or tag the text yourself.` : '';
  return { ok: true, count, message: accepted + notAccepted };
}

export async function reject(ctx: CommandContext, args: PositionArgs): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const s = await suggestionAt(ctx, t);
  if (!s) return fail(t.set.at(t.offset) ? 'This is a tag, not a suggestion: remove it instead.' : 'There is no suggestion under the cursor.');
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  step(t.set, `reject “${s.text}” (${s.label})`, () => t.set.reject(s));
  changed(ctx, t.doc.uri);
  return { ok: true, message: `Rejected the suggestion “${s.text}” (${s.label}).` };
}

export async function relabel(ctx: CommandContext, args: PositionArgs): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const label = normalizeLabel(args.label);
  if (!label) return fail(`"${String(args.label)}" is not a label.`);
  const a = t.set.at(t.offset);
  if (!a) return accept(ctx, args);
  if (a.label !== label) {
    step(t.set, `relabel “${a.text}” as ${label}`, () => {
      t.set.relabel(a.id, label);
      // A person's knowledge-base id means nothing for a party.
      t.set.linkEntity(a.id, undefined);
    });
    changed(ctx, t.doc.uri);
  }
  return { ok: true, message: `“${a.text}” is now ${label}.` };
}

/**
 * Next (`dir` 1) or previous (-1) unreviewed suggestion from the position,
 * wrapping around; when the article has none left, the next article that
 * has some (`uri`).
 *
 * One strict order whatever the cursor: next is the first suggestion that
 * starts at or after the cursor, previous the last that ends before it. The
 * client selects what it goes to with the cursor at its end, so next from
 * there moves on, previous from there goes back past it, and a cursor at the
 * start of a suggestion finds that suggestion.
 */
export async function navigate(ctx: CommandContext, args: PositionArgs, dir: 1 | -1): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  let spans = await ctx.shown(t.doc);
  // Edited meanwhile: the suggestions of the text now (the cursor's offset is near enough to move from).
  if (spans && changedMeanwhile(t)) {
    t.version = t.doc.version;
    spans = await ctx.shown(t.doc);
  }
  if (!spans) return fail('The article is too large to review as a whole (hindiNews.maxFullDocumentSize).');
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  const list = spans.filter((s) => !s.confirmed);
  if (list.length === 0) {
    const next = await ctx.nextArticleToReview?.(t.doc.uri, dir);
    if (next) return { ok: true, uri: next, message: `No unreviewed suggestions left in this article; next: ${decodeURIComponent(next.slice(next.lastIndexOf('/') + 1))}.` };
    return fail('No unreviewed suggestions left in this article or the workspace.');
  }
  let found: ShownSpan | undefined;
  let wrapped = false;
  if (await ctx.leastConfidentFirst?.(t.doc)) {
    // Least confident first (position breaks ties): from the suggestion under the cursor to the next in that order.
    const order = [...list].sort((a, b) => (a.confidence ?? 1) - (b.confidence ?? 1) || a.start - b.start);
    const here = order.findIndex((s) => s.start <= t.offset && t.offset <= s.end);
    let i = here < 0 ? (dir === 1 ? 0 : order.length - 1) : here + dir;
    if (i >= order.length || i < 0) [i, wrapped] = [dir === 1 ? 0 : order.length - 1, true];
    found = order[i];
  } else if (dir === 1) {
    found = list.find((s) => s.start >= t.offset);
    if (!found) [found, wrapped] = [list[0], true];
  } else {
    // From the very end of the text (where a client starts going back), a suggestion ending there counts.
    const end = t.offset >= t.doc.getText().length;
    found = [...list].reverse().find((s) => s.end < t.offset || (end && s.end === t.offset));
    if (!found) [found, wrapped] = [list[list.length - 1], true];
  }
  return { ok: true, range: toRange(t.doc, found!.start, found!.end), wrapped, message: `${found!.label} “${found!.text}”` };
}

export async function linkEntity(ctx: CommandContext, args: LinkEntityArgs): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  const tagged = t.set.at(t.offset);
  const s = tagged ? undefined : await suggestionAt(ctx, t);
  if (!tagged && !s) return fail('Put the cursor on a tagged person or party to link it.');
  const label = (tagged ?? s)!.label;
  const id = args.entityId ?? undefined;
  if (id !== undefined) {
    const kb = ctx.kb();
    const ok = label === 'PERSON' ? kb.personById.has(id) : label === 'PARTY' ? kb.partyById.has(id) : false;
    if (!ok) return fail(`“${id}” is not a ${label === 'PARTY' ? 'party' : 'person'} in the knowledge base.`);
  }
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  const r = step(t.set, `link “${(tagged ?? s)!.text}”`, () => {
    let a = tagged;
    if (!a) {
      const acc = t.set.accept(s!, { skipped: findSkipRegions(t.doc.getText()) });
      if (!acc.ok) return acc;
      a = acc.annotation;
    }
    t.set.linkEntity(a.id, id);
    return { ok: true as const, annotation: a };
  });
  if (!r.ok) return fail(r.message);
  const a = r.annotation;
  changed(ctx, t.doc.uri);
  return { ok: true, ...(id ? { entityId: id } : {}), message: id ? `Linked “${a.text}” to ${id}.` : `Unlinked “${a.text}”.` };
}

/** Knowledge-base entities for the tag or suggestion at the position, best first. */
export async function kbCandidates(ctx: CommandContext, args: PositionArgs): Promise<{ text: string; label: string; entityId?: string; candidates: KbCandidate[] } | null> {
  const t = await target(ctx, args);
  if (isResult(t)) return null;
  const span: { text: string; label: string; entityId?: string } | undefined = t.set.at(t.offset) ?? (await suggestionAt(ctx, t));
  if (!span || (span.label !== 'PERSON' && span.label !== 'PARTY')) return null;
  return { text: span.text, label: span.label, ...(span.entityId ? { entityId: span.entityId } : {}), candidates: rankCandidates(ctx.kb(), span.label, span.text) };
}

/** Entities of `label` ranked by how well their names match `text` (exact, shared words, the rest by name); at most `limit`. */
export function rankCandidates(kb: KnowledgeBase, label: 'PERSON' | 'PARTY', text: string, limit = 300): KbCandidate[] {
  const key = normalizeKey(text);
  const words = new Set(key.split(/\s+/).filter(Boolean));
  const scored: Array<{ c: KbCandidate; score: number }> = [];
  const score = (forms: readonly string[]) => {
    let best = 0;
    for (const f of forms) {
      const k = normalizeKey(f);
      if (k === key) return 100;
      const shared = k.split(/\s+/).filter((w) => words.has(w)).length;
      best = Math.max(best, shared);
    }
    return best;
  };
  if (label === 'PERSON') {
    for (const p of kb.persons) {
      const s = score([p.name, p.latin, ...(p.variants ?? []), ...(p.short ?? [])]);
      const detail = [p.role, p.party ? kb.partyById.get(p.party)?.latin ?? p.party : undefined].filter(Boolean).join(' · ');
      scored.push({ c: { id: p.id, label, name: p.name, latin: p.latin, ...(detail ? { detail } : {}), exact: s === 100 }, score: s });
    }
  } else {
    for (const p of kb.parties) {
      const s = score([p.name, p.latin, ...p.abbreviations, ...(p.variants ?? [])]);
      scored.push({ c: { id: p.id, label, name: p.name, latin: p.latin, detail: [p.kind, ...p.abbreviations.slice(0, 3)].join(' · '), exact: s === 100 }, score: s });
    }
  }
  scored.sort((x, y) => y.score - x.score || x.c.latin.localeCompare(y.c.latin));
  return scored.slice(0, limit).map((x) => x.c);
}

/**
 * Add the tagged person or party under the cursor (a suggestion is accepted
 * first) to the workspace knowledge base at `kbPath`, and link the tag to the
 * new entry. `onWritten` gets the file's URI and new text so the server can
 * load it at once instead of waiting for the file watcher.
 */
export async function addToKnowledgeBase(ctx: CommandContext, args: AddToKbArgs, kbPath: string | undefined, onWritten: (uri: string, text: string) => void): Promise<CommandResult> {
  const t = await target(ctx, args);
  if (isResult(t)) return t;
  if (!kbPath) return fail(`Open a folder first: the name is added to ${WORKSPACE_KB_FILE} at the root of the workspace.`);
  let a = t.set.at(t.offset);
  const s = a ? undefined : await suggestionAt(ctx, t);
  const span = a ?? s;
  if (!span) return fail('Put the cursor on a tagged person or party to add it to the knowledge base.');
  if (span.label !== 'PERSON' && span.label !== 'PARTY') return fail(`Only persons and parties go into the knowledge base, not ${span.label}.`);
  if (!/[\u0904-\u0939\u0958-\u0961\u0972-\u097F]/.test(span.text)) return fail(`“${span.text}” has no Devanagari letters; knowledge-base names are written in Devanagari.`);
  if (changedMeanwhile(t)) return CHANGED_MEANWHILE;
  const r = await appendKbEntry(kbPath, newEntry(span.label, span.text, ctx.kb(), args.latin));
  if (!r.ok) return fail(r.message);
  const uri = pathToFileURL(kbPath).toString();
  onWritten(uri, r.text);
  // The entry is written; only the link waits for an article that did not change meanwhile.
  if (changedMeanwhile(t)) return { ok: true, entityId: r.id, message: `Added “${span.text}” to ${uriPath(uri)} as ${r.id}, but the article changed meanwhile, so it was not linked: link it with "Link to Knowledge Base".` };
  step(t.set, `link “${span.text}” to ${r.id}`, () => {
    if (!a) {
      const acc = t.set.accept(s!, { skipped: findSkipRegions(t.doc.getText()) });
      if (acc.ok) a = acc.annotation;
    }
    if (a) t.set.linkEntity(a.id, r.id);
  });
  changed(ctx, t.doc.uri);
  return { ok: true, entityId: r.id, message: `Added “${span.text}” to ${uriPath(uri)} as ${r.id}; it is suggested in every article from now on.` };
}
