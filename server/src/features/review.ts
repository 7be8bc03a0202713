/**
 * Review state of the workspace: every article with its review status and
 * counts (confirmed, unreviewed, rejected, orphaned), corpus totals, the
 * next article to review (`hindiNews/reviewSummary`), the
 * `hindiNews/reviewChanged` notification, and the workspace scope of
 * accepting or rejecting every mention.
 *
 * Open articles are counted from the annotation store and their shown
 * spans; closed ones from their sidecars and the workspace index's
 * suggestions (unreviewed = suggestions not covered by a confirmed span or
 * rejected), cached until either file changes.
 */
import { promises as fs } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CancellationToken } from 'vscode-languageserver';
import { historyOf } from '../core/annotations/history';
import { AnnotationSet } from '../core/annotations/model';
import { fromSidecar, InvalidSidecarError, readSidecar, sidecarPath, toSidecar, writeSidecar, type SidecarData } from '../core/annotations/sidecar';
import { decodeArticle } from '../core/corpus/articles';
import { findSkipRegions } from '../core/skip';
import type { ReviewArticle, ReviewStatus, ReviewSummary, RejectionItem } from '../protocol';
import { ReviewChangedNotification } from '../protocol';
import type { ServerContext } from './context';
import { uriPath } from './files';
import { isLarge } from './openDocuments';
import { LineIndex, toRange } from './positions';
import { cancelled } from './spanUnder';
import type { MentionsOutcome } from './reviewCommands';
import type { IndexedFile } from './workspaceIndex';

type Counts = Omit<ReviewArticle, 'uri'> & { spans: Record<string, number> };

interface Loaded {
  set: AnnotationSet;
  text: string;
  /** The sidecar as read (absent when there is none yet), whose unknown fields a rewrite passes on. */
  data?: SidecarData;
}

const statKey = async (path: string) => {
  const st = await fs.stat(path).catch(() => undefined);
  return st ? `${st.size}:${st.mtimeMs}` : '-';
};

/**
 * A closed article's text and annotation set (sidecar absent: a fresh set),
 * or a message naming the file when the article or its sidecar cannot be
 * used. The text is decoded as the editor and the export decode it (a byte
 * order mark dropped, binary and invalid UTF-8 refused), so the content hash
 * and offsets agree with theirs.
 */
async function loadClosed(path: string): Promise<Loaded | string> {
  const bytes = await fs.readFile(path).catch(() => undefined);
  if (bytes === undefined) return `${path} cannot be read`;
  const art = decodeArticle(path, bytes);
  if (!art.ok) return art.error;
  const text = art.doc.text;
  const r = await readSidecar(sidecarPath(path));
  if (r.ok) {
    try {
      return { set: fromSidecar(r.data, text).set, text, data: r.data };
    } catch (e) {
      if (e instanceof InvalidSidecarError) return `${sidecarPath(path)}: annotations file does not fit the article: ${e.message.slice(e.message.indexOf(': ') + 2)}. It was left untouched; open the article to see why.`;
      throw e;
    }
  }
  if (r.kind === 'missing') return { set: new AnnotationSet(text), text };
  return r.error;
}

function countsOf(set: AnnotationSet, unreviewed: number): Counts {
  const spans: Record<string, number> = {};
  for (const a of set.annotations()) spans[a.label] = (spans[a.label] ?? 0) + 1;
  return { status: set.reviewStatus, confirmed: set.annotations().length, unreviewed, rejected: set.rejected().length, orphaned: set.orphans().length, spans };
}

/** The index's suggestions of a closed article as offsets into its text. */
function suggestionsOf(file: IndexedFile | undefined, text: string): Array<{ start: number; end: number; label: string; text: string; entityId?: string }> {
  if (!file) return [];
  const lines = new LineIndex(text);
  return file.mentions.map((m) => ({ start: lines.offsetAt(m.range.start), end: lines.offsetAt(m.range.end), label: m.label, text: m.text, ...(m.entityId ? { entityId: m.entityId } : {}) }));
}

export class ReviewState {
  /** Closed articles' counts, kept while the article, its sidecar and the index's analysis of it are unchanged. */
  private readonly closed = new Map<string, { key: string; mentions: IndexedFile['mentions']; counts: Counts }>();
  /** Closed articles left out of the summary because they cannot be read, with the file state last reported. */
  private readonly unreadable = new Map<string, { key: string; error: string }>();

  constructor(private readonly ctx: ServerContext) {}

  /** Tell the client an article's status or counts changed. */
  async notify(uri: string): Promise<void> {
    let status: ReviewStatus | undefined = (await this.ctx.store.ready(uri))?.set?.reviewStatus;
    if (!status && uri.startsWith('file:')) {
      const l = await loadClosed(uriPath(uri));
      if (typeof l === 'string') return;
      status = l.set.reviewStatus;
    }
    void this.ctx.connection.sendNotification(ReviewChangedNotification.type, { uri, status: status ?? 'new' });
  }

  /** Counts of an open, handled article; undefined when it is not one. */
  private async openCounts(uri: string): Promise<Counts | undefined> {
    const h = await this.ctx.docs.handled(uri);
    if (!h) return undefined;
    this.ctx.store.open(h.doc.uri, h.doc.getText());
    const st = await this.ctx.store.ready(uri);
    const set = st?.set;
    if (!set) return { status: 'new', confirmed: 0, unreviewed: 0, rejected: 0, orphaned: 0, spans: {} };
    const spans = isLarge(h.doc, h.s) ? [] : ((await this.ctx.shown.shown(h.doc, h.s)) ?? []);
    return countsOf(set, spans.filter((s) => !s.confirmed).length);
  }

  private async closedCounts(file: IndexedFile): Promise<Counts | undefined> {
    const path = uriPath(file.uri);
    const key = `${await statKey(path)}|${await statKey(sidecarPath(path))}`;
    const c = this.closed.get(path);
    if (c?.key === key && c.mentions === file.mentions) return c.counts;
    const l = await loadClosed(path);
    if (typeof l === 'string') {
      // Said once per state of the files, not at every refresh of the view.
      if (this.unreadable.get(path)?.key !== key) this.ctx.connection.console.warn(`Review view: ${l}`);
      this.unreadable.set(path, { key, error: l });
      return undefined;
    }
    this.unreadable.delete(path);
    const all = [...suggestionsOf(file, l.text), ...l.set.suggestions()];
    const counts = countsOf(l.set, l.set.filterSuggestions(all).length);
    this.closed.set(path, { key, mentions: file.mentions, counts });
    return counts;
  }

  /** Every article of the workspace in index order (open ones not in the index last), with counts. */
  private async articles(token?: CancellationToken): Promise<Array<ReviewArticle & { spans: Record<string, number> }> | undefined> {
    const files = await this.ctx.index.articles(token);
    if (!files) return undefined;
    const out: Array<ReviewArticle & { spans: Record<string, number> }> = [];
    const seen = new Set<string>();
    for (const f of files) {
      const path = uriPath(f.uri);
      seen.add(path);
      const open = this.ctx.docs.all().find((d) => uriPath(d.uri) === path);
      const counts = open ? await this.openCounts(open.uri) : await this.closedCounts(f);
      if (counts) out.push({ uri: open?.uri ?? f.uri, ...counts });
    }
    // Files no longer in the workspace are not reported as unreadable.
    for (const path of this.unreadable.keys()) if (!seen.has(path)) this.unreadable.delete(path);
    for (const d of this.ctx.docs.all()) {
      if (seen.has(uriPath(d.uri))) continue;
      const counts = await this.openCounts(d.uri);
      if (counts) out.push({ uri: d.uri, ...counts });
    }
    return out;
  }

  /** `hindiNews/reviewSummary`. */
  async summary(p: { uri?: string }, token?: CancellationToken): Promise<ReviewSummary | undefined> {
    const list = await this.articles(token);
    if (!list) return undefined;
    const byStatus: Record<ReviewStatus, number> = { new: 0, inProgress: 0, done: 0 };
    const spans: Record<string, number> = {};
    const articles: ReviewArticle[] = [];
    for (const { spans: s, ...a } of list) {
      byStatus[a.status]++;
      for (const [label, n] of Object.entries(s)) spans[label] = (spans[label] ?? 0) + n;
      articles.push(a);
    }
    const next = list.find((a) => a.status === 'inProgress')?.uri ?? list.find((a) => a.status === 'new')?.uri;
    const out: ReviewSummary = { articles, totals: { articles: articles.length, byStatus, spans }, ...(next ? { next } : {}) };
    if (p?.uri) out.rejections = await this.rejections(p.uri);
    const listed = new Set(articles.map((a) => uriPath(a.uri)));
    const unreadable = [
      ...this.ctx.index.problems(),
      ...[...this.unreadable].filter(([path]) => !listed.has(path)).map(([path, u]) => ({ uri: pathToFileURL(path).toString(), error: u.error })),
    ];
    if (unreadable.length) out.unreadable = unreadable;
    return out;
  }

  /** The rejected suggestions of one article, with ids for restoring. */
  async rejections(uri: string): Promise<RejectionItem[]> {
    const doc = this.ctx.docs.get(uri);
    let set: AnnotationSet | undefined;
    if (doc) set = (await this.ctx.store.ready(uri))?.set;
    else if (uri.startsWith('file:')) {
      const l = await loadClosed(uriPath(uri));
      if (typeof l !== 'string') set = l.set;
    }
    if (!set) return [];
    const lines = doc ?? new LineIndex(set.text);
    return set.rejected().map((r) => ({ id: r.id ?? '', label: r.label, text: r.text, range: toRange(lines, r.start, r.end) }));
  }

  /** The next article after `uri` (`dir` 1) or before it (-1), wrapping, that has unreviewed suggestions. */
  async nextArticleToReview(uri: string, dir: 1 | -1): Promise<string | undefined> {
    const list = (await this.articles()) ?? [];
    const path = uriPath(uri);
    const i = list.findIndex((a) => uriPath(a.uri) === path);
    for (let k = 1; k <= list.length; k++) {
      const a = list[(((i + dir * k) % list.length) + list.length) % list.length]!;
      if (uriPath(a.uri) !== path && a.unreviewed > 0) return a.uri;
    }
    return undefined;
  }

  /**
   * Accept or reject the matching unreviewed suggestions of every article but
   * `fromUri`: open ones through the store (one undoable step each), closed
   * ones through their sidecars (written atomically; an unreadable sidecar is
   * left alone and reported).
   */
  async workspaceMentions(fromUri: string, match: (s: { label: string; text: string; entityId?: string }) => boolean, how: 'accept' | 'reject'): Promise<MentionsOutcome> {
    const outcome: MentionsOutcome = { count: 0, articles: 0, problems: [] };
    const files = (await this.ctx.index.articles()) ?? [];
    const fromPath = uriPath(fromUri);
    const settle = (set: AnnotationSet, spans: ReadonlyArray<{ start: number; end: number; label: string; entityId?: string }>, text: string) => {
      const skipped = findSkipRegions(text);
      let n = 0;
      for (const s of spans) {
        if (how === 'reject') {
          set.reject(s);
          n++;
        } else if (set.accept(s as never, { skipped }).ok) n++;
      }
      return n;
    };
    const openDone = new Set<string>();
    for (const d of this.ctx.docs.all()) {
      if (uriPath(d.uri) === fromPath) continue;
      const h = await this.ctx.docs.handled(d.uri);
      if (!h || isLarge(h.doc, h.s)) continue;
      openDone.add(uriPath(d.uri));
      this.ctx.store.open(d.uri, d.getText());
      const st = await this.ctx.store.ready(d.uri);
      if (!st?.set) {
        if (st?.blocked) outcome.problems.push(st.blocked);
        continue;
      }
      const spans = ((await this.ctx.shown.shown(h.doc, h.s)) ?? []).filter((s) => !s.confirmed && match(s));
      if (!spans.length) continue;
      const n = historyOf(st.set).record(`${how} every mention`, () => settle(st.set!, spans, d.getText()));
      if (n) {
        outcome.count += n;
        outcome.articles++;
        this.ctx.store.changed(d.uri);
        void this.notify(d.uri);
      }
    }
    for (const f of files) {
      const path = uriPath(f.uri);
      if (path === fromPath || openDone.has(path) || !f.mentions.some((m) => match(m))) continue;
      const l = await loadClosed(path);
      if (typeof l === 'string') {
        outcome.problems.push(l);
        continue;
      }
      const fresh = this.ctx.kb.recognizer.recognize(l.text).spans;
      const spans = l.set.filterSuggestions([...l.set.suggestions(), ...fresh]).filter((s) => match(s));
      const n = settle(l.set, spans, l.text);
      if (!n) continue;
      const w = await writeSidecar(sidecarPath(path), toSidecar(l.set, path, l.data));
      if (!w.ok) {
        outcome.problems.push(w.error);
        continue;
      }
      outcome.count += n;
      outcome.articles++;
      void this.ctx.connection.sendNotification(ReviewChangedNotification.type, { uri: f.uri, status: l.set.reviewStatus });
    }
    return outcome;
  }
}

/** `hindiNews/reviewSummary`. */
export async function onReviewSummary(ctx: ServerContext, p: { uri?: string }, token: CancellationToken) {
  return (await ctx.review.summary(p, token)) ?? cancelled();
}
