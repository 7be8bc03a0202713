/**
 * The annotation model: what an annotator confirmed in one article, kept in
 * step with the text.
 *
 * Offsets here are UTF-16 code units into the current text, like every other
 * offset in the core; the sidecar and the exporters convert to code points.
 *
 * Annotations are never dropped silently. An edit that cuts through a span or
 * deletes it, and a re-anchoring that cannot place a span, mark it
 * `orphaned`: it keeps its last text and context, stays in the sidecar and is
 * shown to the annotator, who can tag it again or remove it.
 */
import { isGraphemeBoundary, snapOutward } from '../graphemes';
import { overlapsSkip } from '../skip';
import { KEY_CHARS, lowerBound, Occurrences } from './occurrences';
import type { Span } from '../types';
import { editKeepsWords, sameWords, type ReviewStatus } from './status';

/** Characters of context kept on each side of a span for re-anchoring. */
export const CONTEXT_CHARS = 24;

/** How far from its expected place re-anchoring first looks for a span. */
const NEAR = 4096;

export type AnnotationSource = 'manual' | 'accepted';
export type AnnotationStatus = 'ok' | 'orphaned';

export interface Annotation {
  /** Stable id within the article (`a1`, `a2`, … or imported ids). */
  id: string;
  /** UTF-16 offset in the current text. For an orphan: its last known position, not valid. */
  start: number;
  end: number;
  /** `PERSON`, `PARTY`, `DATE` or a label configured by the user. */
  label: string;
  /** The covered text (for an orphan: the text it covered before it was lost). */
  text: string;
  /** Up to {@link CONTEXT_CHARS} characters before and after, for re-anchoring. */
  contextBefore: string;
  contextAfter: string;
  /** Knowledge-base entity id, when linked. */
  entityId?: string;
  source: AnnotationSource;
  /** ISO 8601 time the annotation was made. */
  createdAt: string;
  /** Absent means `ok`. */
  status?: AnnotationStatus;
  /** Fields this version does not know, read from the sidecar and written back unchanged (a user's `note`, `attributes`, …). */
  extra?: Record<string, unknown>;
}

/** A suggestion the annotator rejected; it stays hidden while its text is unchanged. */
export interface Rejection {
  /** Stable id within the article (`r1`, `r2`, …), for listing and restoring; given on load when a sidecar has none. */
  id?: string;
  start: number;
  end: number;
  label: string;
  text: string;
  /** Fields this version does not know, kept as read. */
  extra?: Record<string, unknown>;
}

/**
 * A machine suggestion imported into the sidecar (`"suggestions"`): shown
 * unreviewed beside the recogniser's, accepted or rejected like them.
 */
export interface ImportedSuggestion {
  start: number;
  end: number;
  label: string;
  text: string;
  /** Who suggested it (`model`, `rule`, `kb`, a tool's name). */
  source?: string;
  reason?: string;
  entityId?: string;
  confidence?: number;
}

/** A text edit as the set saw it; `undefined` for a replacement of the whole text (offsets do not carry over). */
export type TextEdit = { start: number; end: number; newLength: number } | undefined;

export type AddFailure = 'empty' | 'overlap' | 'in-url' | 'out-of-range';

export type AddResult =
  | { ok: true; annotation: Annotation }
  | { ok: false; reason: AddFailure; message: string; conflict?: Annotation };

export interface AddOptions {
  /** Raw `[start, end)` ranges where tagging is refused (URLs, file names): `Recognizer.recognize(text).skipped`. */
  skipped?: ReadonlyArray<readonly [number, number]>;
  entityId?: string;
  source?: AnnotationSource;
  /** Skip trimming and snapping (used when loading stored offsets). */
  exact?: boolean;
}

export interface EditResult {
  /** Annotations this edit orphaned. */
  orphaned: Annotation[];
  /** Annotations whose range or text changed. */
  changed: Annotation[];
}

export interface MovedAnnotation {
  id: string;
  label: string;
  text: string;
  from: [number, number];
  to: [number, number];
}

export interface ReanchorReport {
  /** Annotations found where they were. */
  unchanged: number;
  /** Annotations placed elsewhere by their text and context. */
  moved: MovedAnnotation[];
  /** Previously orphaned annotations that were placed again. */
  restored: MovedAnnotation[];
  /** Annotations that could not be placed (newly or still orphaned). */
  orphaned: Annotation[];
}

export interface AnnotationSetOptions {
  /** Clock for `createdAt` (tests pass a fixed one). */
  now?: () => string;
}

/** Whitespace, punctuation (danda `।` and `॥` included) and `|` typed as a danda are trimmed off a selection. */
const TRIM = /^[\s\p{P}|\u200b-\u200d\ufeff]$/u;

function overlaps(a: { start: number; end: number }, s: number, e: number): boolean {
  return a.start < e && s < a.end;
}

function isOrphan(a: Annotation): boolean {
  return a.status === 'orphaned';
}

/** Length of the common suffix of `a` and `b`. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** True when `a` and `b` differ only in line endings (`\r\n` against `\n`). */
function sameButLineEndings(a: string, b: string): boolean {
  if (!a.includes('\r') && !b.includes('\r')) return false;
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

/** Offsets in positions of the `\r` of each `\r\n` of `text`, and the same positions with every `\r\n` counted as `\n`. */
function crlfPositions(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\r\n'); i >= 0; i = text.indexOf('\r\n', i + 2)) out.push(i - out.length);
  return out;
}


/**
 * For texts equal but for line endings: the offset in `b` of the character
 * at `offset` in `a`. An offset inside a `\r\n` counts as before it.
 */
function lineEndingMap(a: string, b: string): (offset: number) => number {
  const ca = crlfPositions(a); // normalised positions of a's line breaks that were \r\n
  const cb = crlfPositions(b);
  return (offset) => {
    // Normalised offset: each \r\n before `offset` counts once.
    let k = 0;
    let lo = 0;
    let hi = ca.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ca[mid]! + mid < offset) lo = mid + 1; // its \r lies before offset
      else hi = mid;
    }
    k = lo;
    let n = offset - k;
    if (k > 0 && ca[k - 1]! + (k - 1) + 1 === offset) n = ca[k - 1]!; // between \r and \n
    return n + lowerBound(cb, n);
  };
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/**
 * The annotations of one article. Plain state with no I/O: the language
 * server and the command line load it from a sidecar, apply edits and
 * commands to it, and save {@link AnnotationSet.snapshot}.
 */
export class AnnotationSet {
  private _text: string;
  /** Live annotations, sorted by start, never overlapping. */
  private live: Annotation[] = [];
  /** Orphans, in order of orphaning. */
  private lost: Annotation[] = [];
  private rejections: Rejection[] = [];
  private imported: ImportedSuggestion[] = [];
  private _status: ReviewStatus;
  private nextId = 1;
  private nextRejectionId = 1;
  private readonly now: () => string;
  private readonly editListeners: Array<(edit: TextEdit) => void> = [];

  constructor(
    text: string,
    init?: { annotations?: readonly Annotation[]; rejections?: readonly Rejection[]; status?: ReviewStatus; suggestions?: readonly ImportedSuggestion[] },
    options?: AnnotationSetOptions,
  ) {
    this._text = text;
    this.now = options?.now ?? (() => new Date().toISOString());
    this._status = init?.status ?? 'new';
    for (const a of init?.annotations ?? []) {
      (isOrphan(a) ? this.lost : this.live).push({ ...a });
      const m = /^a(\d+)$/.exec(a.id);
      if (m) this.nextId = Math.max(this.nextId, Number(m[1]) + 1);
    }
    for (const r of init?.rejections ?? []) {
      const m = r.id ? /^r(\d+)$/.exec(r.id) : null;
      if (m) this.nextRejectionId = Math.max(this.nextRejectionId, Number(m[1]) + 1);
    }
    for (const r of init?.rejections ?? []) this.rejections.push({ ...r, id: r.id || `r${this.nextRejectionId++}` });
    for (const x of init?.suggestions ?? []) this.imported.push({ ...x });
    this.imported.sort((x, y) => x.start - y.start || x.end - y.end);
    this.sort();
  }

  /** The article's review status: `new` until the first annotation action, then `inProgress`, `done` when the annotator says so. */
  get reviewStatus(): ReviewStatus {
    return this._status;
  }

  /** Set the review status as the annotator chose it (no check here: the server refuses `done` with suggestions left). */
  setReviewStatus(status: ReviewStatus): void {
    this._status = status;
  }

  /** Words of a done article changed: nobody reviewed the new ones, so it is in progress again (see `status.ts`). */
  private reopenForText(): void {
    this._status = 'inProgress';
  }

  /** An annotation action happened: a new article is now being reviewed. */
  private touch(): void {
    if (this._status === 'new') this._status = 'inProgress';
  }

  /** Imported machine suggestions at their current offsets (rejected and covered ones included; {@link filterSuggestions} hides those). */
  suggestions(): ImportedSuggestion[] {
    return this.imported.slice();
  }

  /** Be told of every text edit the set follows (undo history maps its offsets through them). */
  onEdit(listener: (edit: TextEdit) => void): void {
    this.editListeners.push(listener);
  }

  /** The current text. */
  get text(): string {
    return this._text;
  }

  /** Live (not orphaned) annotations, sorted by start. */
  annotations(): Annotation[] {
    return this.live.slice();
  }

  /** Orphaned annotations. */
  orphans(): Annotation[] {
    return this.lost.slice();
  }

  /** Every annotation, live ones first (sorted), then orphans. */
  all(): Annotation[] {
    return this.annotations().concat(this.orphans());
  }

  /** Rejected suggestions. */
  rejected(): Rejection[] {
    return this.rejections.slice();
  }

  /** The live annotation at `offset` (`start <= offset <= end`, the one starting there preferred). */
  at(offset: number): Annotation | undefined {
    let hit: Annotation | undefined;
    for (let i = this.firstEndingAtOrAfter(offset); i < this.live.length; i++) {
      const a = this.live[i]!;
      if (a.start > offset) break;
      if (a.start <= offset && offset < a.end) return a;
      if (a.end === offset) hit = a;
    }
    return hit;
  }

  /** The annotation with this id, live or orphaned. */
  get(id: string): Annotation | undefined {
    return this.live.find((a) => a.id === id) ?? this.lost.find((a) => a.id === id);
  }

  /**
   * Tag `[start, end)` (a selection) with `label`. The range is trimmed of
   * surrounding whitespace and punctuation and then widened to whole grapheme
   * clusters. Refused when empty, overlapping an existing annotation, or
   * touching a skipped (URL) range.
   */
  add(start: number, end: number, label: string, options?: AddOptions): AddResult {
    if (!(Number.isInteger(start) && Number.isInteger(end)) || start < 0 || end > this._text.length || start > end) {
      return { ok: false, reason: 'out-of-range', message: `The range ${start}–${end} is outside the article (length ${this._text.length}).` };
    }
    let s = start;
    let e = end;
    if (!options?.exact) {
      [s, e] = this.trim(s, e);
      if (s < e) [s, e] = snapOutward(this._text, s, e);
    }
    if (s >= e) return { ok: false, reason: 'empty', message: 'Nothing to tag: the selection holds only spaces or punctuation.' };
    if (options?.skipped && overlapsSkip(options.skipped, s, e)) {
      return { ok: false, reason: 'in-url', message: 'Cannot tag inside a URL, link target, e-mail address or file name.' };
    }
    const k = this.firstEndingAtOrAfter(s + 1);
    const conflict = k < this.live.length && overlaps(this.live[k]!, s, e) ? this.live[k] : undefined;
    if (conflict) {
      const same = conflict.start === s && conflict.end === e;
      return {
        ok: false,
        reason: 'overlap',
        conflict,
        message: same
          ? `“${conflict.text}” is already tagged ${conflict.label}; remove that tag first or change its label.`
          : `The selection overlaps “${conflict.text}” (${conflict.label}); remove that tag first.`,
      };
    }
    const a: Annotation = {
      id: `a${this.nextId++}`,
      start: s,
      end: e,
      label,
      text: this._text.slice(s, e),
      contextBefore: '',
      contextAfter: '',
      source: options?.source ?? 'manual',
      createdAt: this.now(),
    };
    if (options?.entityId) a.entityId = options.entityId;
    this.refreshContext(a);
    this.live.splice(k, 0, a);
    this.rejections = this.rejections.filter((r) => !overlaps(r, s, e));
    this.touch();
    return { ok: true, annotation: a };
  }

  /** Accept a recogniser suggestion as it is (label, range, entity). */
  accept(span: Pick<Span, 'start' | 'end' | 'label'> & { entityId?: string }, options?: Pick<AddOptions, 'skipped'>): AddResult {
    const opts: AddOptions = { ...options, source: 'accepted', exact: true };
    if (span.entityId) opts.entityId = span.entityId;
    return this.add(span.start, span.end, span.label, opts);
  }

  /** Hide a suggestion: it is not suggested again while the same text stays at that place. */
  reject(span: { start: number; end: number; label: string }): Rejection {
    const known = this.rejections.find((r) => r.start === span.start && r.end === span.end && r.label === span.label);
    if (known) return known;
    const r: Rejection = { id: `r${this.nextRejectionId++}`, start: span.start, end: span.end, label: span.label, text: this._text.slice(span.start, span.end) };
    this.rejections.push(r);
    this.rejections.sort((x, y) => x.start - y.start || x.end - y.end);
    this.touch();
    return r;
  }

  /** Take back a rejection by id (the suggestion shows again); returns it, or undefined if none. */
  unreject(id: string): Rejection | undefined {
    const i = this.rejections.findIndex((r) => r.id === id);
    if (i < 0) return undefined;
    this.touch();
    return this.rejections.splice(i, 1)[0];
  }

  /** Put back a rejection as it was (undo); false when one with its id or range is already there. */
  restoreRejection(r: Rejection): boolean {
    if (this.rejections.some((x) => x.id === r.id || (x.start === r.start && x.end === r.end && x.label === r.label))) return false;
    this.rejections.push({ ...r });
    this.rejections.sort((x, y) => x.start - y.start || x.end - y.end);
    return true;
  }

  /**
   * Put back an annotation as it was, id and all (undo, redo). A live one is
   * refused (false) when it overlaps another or its text is no longer at its
   * offsets; an orphan always goes back to the orphans.
   */
  insert(a: Annotation): boolean {
    if (this.get(a.id)) return false;
    if (isOrphan(a)) {
      this.lost.push({ ...a });
      return true;
    }
    if (a.start < 0 || a.end > this._text.length || a.start >= a.end || this._text.slice(a.start, a.end) !== a.text) return false;
    if (this.live.some((b) => overlaps(b, a.start, a.end))) return false;
    const copy = { ...a };
    this.refreshContext(copy);
    this.live.splice(this.firstEndingAtOrAfter(a.start + 1), 0, copy);
    this.rejections = this.rejections.filter((r) => !overlaps(r, a.start, a.end));
    return true;
  }

  /** True when a suggestion with this range and label was rejected. */
  isRejected(span: { start: number; end: number; label: string }): boolean {
    return this.rejections.some((r) => r.start === span.start && r.end === span.end && r.label === span.label);
  }

  /**
   * Suggestions still worth showing: not rejected, not overlapping a live
   * annotation, and not overlapping each other (the earlier one wins).
   */
  filterSuggestions<T extends { start: number; end: number; label: string }>(spans: readonly T[]): T[] {
    const live = this.annotations();
    const out: T[] = [];
    let lastEnd = -1;
    let k = 0;
    for (const s of [...spans].sort((x, y) => x.start - y.start || x.end - y.end)) {
      if (this.isRejected(s) || s.start < lastEnd) continue;
      while (k < live.length && live[k]!.end <= s.start) k++;
      if (k < live.length && overlaps(live[k]!, s.start, s.end)) continue;
      out.push(s);
      lastEnd = s.end;
    }
    return out;
  }

  /** Remove the live annotation at `offset` (see {@link at}); returns it, or undefined if none. */
  removeAt(offset: number): Annotation | undefined {
    const a = this.at(offset);
    if (a) {
      this.live.splice(this.live.indexOf(a), 1);
      this.touch();
    }
    return a;
  }

  /** Remove an annotation (live or orphaned) by id. */
  remove(id: string): Annotation | undefined {
    for (const list of [this.live, this.lost]) {
      const i = list.findIndex((a) => a.id === id);
      if (i >= 0) {
        this.touch();
        return list.splice(i, 1)[0];
      }
    }
    return undefined;
  }

  /** Link an annotation to a knowledge-base entity, or unlink with `undefined`. */
  linkEntity(id: string, entityId: string | undefined): Annotation | undefined {
    const a = this.get(id);
    if (!a) return undefined;
    if (entityId) a.entityId = entityId;
    else delete a.entityId;
    this.touch();
    return a;
  }

  /** Change an annotation's label. */
  relabel(id: string, label: string): Annotation | undefined {
    const a = this.get(id);
    if (a) {
      a.label = label;
      this.touch();
    }
    return a;
  }

  /**
   * Apply a text edit from the editor: `[start, end)` of the current text is
   * replaced by `newText`. The edit is first narrowed to the part that really
   * changes (an editor's reload or revert sends the whole document or a
   * whole line as one change). Spans after the edit shift; an edit strictly
   * inside a span (or inserting at its interior) resizes it; an edit that
   * crosses a span's boundary or removes its whole text orphans it, unless
   * the span's text is found again, with its context, in the text the edit
   * inserted (then it is placed there, as {@link reanchor} would). A change
   * of line endings alone moves every span exactly. Inserting exactly at a
   * span's start or end leaves the span as it was, except that combining
   * marks typed there are taken in so the span keeps whole clusters.
   */
  applyEdit(start: number, end: number, newText: string): EditResult {
    if (!(Number.isInteger(start) && Number.isInteger(end)) || start < 0 || end > this._text.length || start > end) {
      throw new RangeError(`edit ${start}–${end} is outside the text (length ${this._text.length})`);
    }
    const old = this._text;
    // Narrow to what changed.
    const replaced = old.slice(start, end);
    const p = commonPrefix(replaced, newText);
    const q = Math.min(commonSuffix(replaced, newText), replaced.length - p, newText.length - p);
    if (p || q) {
      start += p;
      end -= q;
      newText = newText.slice(p, newText.length - q);
    }
    if (start === end && newText.length === 0) return { orphaned: [], changed: [] };
    if (this._status === 'done' && !editKeepsWords(old, start, end, newText)) this.reopenForText();
    if (end > start && newText.length > 0 && sameButLineEndings(old.slice(start, end), newText)) {
      const moved = this.remapLineEndings(old.slice(0, start) + newText + old.slice(end));
      return { orphaned: [], changed: moved };
    }
    const byLine = this.lineByLine(start, end, newText);
    if (byLine) return byLine;
    // Spans ending before the edit are untouched (a keystroke in a long article looks at the spans after it only).
    const first = this.firstEndingAtOrAfter(start);
    // Spans the edit may orphan keep the context they have now, to be found again by it.
    for (let i = first; i < this.live.length && this.live[i]!.start < end; i++) if (start < this.live[i]!.end) this.refreshContext(this.live[i]!);
    const delta = newText.length - (end - start);
    this._text = old.slice(0, start) + newText + old.slice(end);
    const orphaned: Annotation[] = [];
    const changed: Annotation[] = [];
    const touched: Annotation[] = [];
    for (let i = first; i < this.live.length; i++) {
      const a = this.live[i]!;
      if (end <= a.start) {
        // Entirely before (an insertion at the start counts as before).
        if (delta !== 0) {
          a.start += delta;
          a.end += delta;
          changed.push(a);
        }
        if (end === a.start) touched.push(a);
      } else if (start >= a.end) {
        if (start === a.end) touched.push(a);
      } else if (start >= a.start && end <= a.end && !(start === a.start && end === a.end) && (old.slice(a.start, start) + newText + old.slice(end, a.end)).trim() !== '') {
        a.end += delta;
        // Deleting the last word of "मल्लिकार्जुन खड़गे" leaves a space at the edge: the span ends before it.
        while (a.end > a.start && /\s/u.test(this._text[a.end - 1]!)) a.end--;
        while (a.start < a.end && /\s/u.test(this._text[a.start]!)) a.start++;
        a.text = this._text.slice(a.start, a.end);
        changed.push(a);
        touched.push(a);
      } else {
        // Across a boundary, or the whole span replaced or deleted.
        a.status = 'orphaned';
        orphaned.push(a);
      }
    }
    // Shifting and resizing keep the live list sorted; only the orphans leave it (no re-sort per keystroke).
    if (orphaned.length) {
      this.live = this.live.filter((a) => !isOrphan(a));
      this.lost = orphaned.concat(this.lost);
    }
    // Keep whole grapheme clusters where the edit met a span edge.
    for (const a of touched) {
      if (isOrphan(a)) continue;
      const [s, e] = snapOutward(this._text, a.start, a.end);
      if ((s !== a.start || e !== a.end) && !this.overlapsOther(a, s, e)) {
        a.start = s;
        a.end = e;
        a.text = this._text.slice(s, e);
        if (!changed.includes(a)) changed.push(a);
      }
    }
    this.rejections = shiftRanges(this.rejections, start, end, delta);
    this.imported = shiftRanges(this.imported, start, end, delta);
    for (const l of this.editListeners) l({ start, end, newLength: newText.length });
    // Text the edit inserted may hold spans it removed (a reload, a paste, an undo): place them there.
    const stillOrphaned = newText.length ? this.placeInside(start, start + newText.length, orphaned, changed) : orphaned;
    return { orphaned: stillOrphaned, changed };
  }

  /**
   * A change over several lines that keeps their number (a reload after
   * lines were edited elsewhere) is applied as one edit per changed line,
   * last first, so each is narrowed on its own line.
   */
  private lineByLine(start: number, end: number, newText: string): EditResult | undefined {
    const oldLines = this._text.slice(start, end).split('\n');
    if (oldLines.length < 2) return undefined;
    const newLines = newText.split('\n');
    if (newLines.length !== oldLines.length) return undefined;
    const offsets: number[] = [];
    for (let i = 0, o = start; i < oldLines.length; o += oldLines[i]!.length + 1, i++) offsets.push(o);
    const orphaned: Annotation[] = [];
    const changed = new Set<Annotation>();
    for (let i = oldLines.length - 1; i >= 0; i--) {
      if (oldLines[i] === newLines[i]) continue;
      const r = this.applyEdit(offsets[i]!, offsets[i]! + oldLines[i]!.length, newLines[i]!);
      orphaned.push(...r.orphaned);
      for (const a of r.changed) changed.add(a);
    }
    return { orphaned: orphaned.filter(isOrphan), changed: [...changed].filter((a) => !isOrphan(a)) };
  }

  /**
   * Place orphans (those just orphaned, then older ones) whose text and
   * context are found inside `[from, to)` of the current text. Returns the
   * ones just orphaned that stay orphaned.
   */
  private placeInside(from: number, to: number, justOrphaned: Annotation[], changed: Annotation[]): Annotation[] {
    if (this.lost.length === 0) return justOrphaned;
    const free = (s: number, e: number) => {
      const k = this.firstEndingAtOrAfter(s + 1);
      return !(k < this.live.length && overlaps(this.live[k]!, s, e));
    };
    const fresh = new Set(justOrphaned);
    const order = justOrphaned.concat(this.lost.filter((a) => !fresh.has(a)));
    let placed = false;
    for (const a of order) {
      const pos = this.locate(a, free, { from, to, needContext: !fresh.has(a) });
      if (pos === undefined) continue;
      a.start = pos;
      a.end = pos + a.text.length;
      delete a.status;
      this.refreshContext(a);
      // Insert in order at once, so `free` sees it.
      this.live.splice(this.firstEndingAtOrAfter(a.start + 1), 0, a);
      this.lost.splice(this.lost.indexOf(a), 1);
      changed.push(a);
      placed = true;
    }
    if (placed) this.sort();
    return justOrphaned.filter((a) => isOrphan(a));
  }

  /**
   * The text changed only in its line endings (`\n` ↔ `\r\n`): move every
   * span, orphan and rejection to the same characters in `newText`.
   */
  private remapLineEndings(newText: string): Annotation[] {
    const map = lineEndingMap(this._text, newText);
    this._text = newText;
    const moved: Annotation[] = [];
    for (const a of this.live.concat(this.lost)) {
      const s = map(a.start);
      const e = map(a.end);
      if (s === a.start && e === a.end) continue;
      a.start = s;
      a.end = e;
      if (!isOrphan(a)) {
        a.text = newText.slice(s, e);
        moved.push(a);
      }
    }
    const remap = <T extends { start: number; end: number; text: string }>(r: T): T => {
      const s = map(r.start);
      const e = map(r.end);
      return { ...r, start: s, end: e, text: newText.slice(s, e) };
    };
    this.rejections = this.rejections.map(remap);
    this.imported = this.imported.map(remap);
    this.sort();
    for (const l of this.editListeners) l(undefined);
    return moved;
  }

  /**
   * The article changed outside the editor: place every annotation (orphans
   * included) in `newText` by its text and context. In order of preference:
   * the old offset when the text is still there and some context agrees; the
   * occurrence with the best-matching context (nearest the old offset on a
   * tie); the only occurrence of the text; the old offset when the text is
   * still there. Otherwise the annotation is orphaned. Rejections that cannot
   * be found again are dropped (they only hide suggestions).
   */
  reanchor(newText: string): ReanchorReport {
    const report: ReanchorReport = { unchanged: 0, moved: [], restored: [], orphaned: [] };
    if (this._status === 'done' && !sameWords(this._text, newText)) this.reopenForText();
    if (newText !== this._text && sameButLineEndings(this._text, newText)) {
      const before = new Map(this.live.map((a) => [a, [a.start, a.end] as [number, number]]));
      const moved = new Set(this.remapLineEndings(newText));
      for (const [a, from] of before) {
        if (moved.has(a)) report.moved.push({ id: a.id, label: a.label, text: a.text, from, to: [a.start, a.end] });
        else report.unchanged++;
      }
      report.orphaned = this.orphans();
      return report;
    }
    this._text = newText;
    // Placed spans, sorted and never overlapping, so their ends are sorted too: overlap is a binary search.
    const placed: Array<{ start: number; end: number }> = [];
    const firstEndingAfter = (x: number) => {
      let lo = 0;
      let hi = placed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (placed[mid]!.end <= x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const free = (s: number, e: number) => {
      const k = firstEndingAfter(s);
      return !(k < placed.length && placed[k]!.start < e);
    };
    // Live annotations first, so orphans cannot take their places.
    const order = this.annotations().concat(this.orphans());
    const index = new Occurrences(newText);
    // Text keeps its order: each live span is first looked for near where the one before it
    // moved to (a window, not the whole text: a long article repeats its names thousands of times).
    let drift = 0;
    for (const a of order) {
      const wasOrphan = isOrphan(a);
      let pos: number | undefined;
      if (!wasOrphan) {
        const stored = a.start;
        a.start = Math.max(0, Math.min(newText.length, stored + drift));
        pos = this.locate(a, free, { from: Math.max(0, a.start - NEAR), to: Math.min(newText.length, a.start + a.text.length + NEAR), needContext: true, tryHint: true }, index);
        a.start = stored;
      }
      // An orphan comes back only where its context agrees: its text alone elsewhere is another mention.
      pos ??= this.locate(a, free, { needContext: wasOrphan }, index);
      if (pos !== undefined && !wasOrphan) drift = pos - a.start;
      if (pos === undefined) {
        a.status = 'orphaned';
        report.orphaned.push(a);
        continue;
      }
      const from: [number, number] = [a.start, a.end];
      const moved = pos !== from[0];
      a.start = pos;
      a.end = pos + a.text.length;
      delete a.status;
      this.refreshContext(a);
      placed.splice(firstEndingAfter(a.start), 0, a);
      const m: MovedAnnotation = { id: a.id, label: a.label, text: a.text, from, to: [a.start, a.end] };
      if (wasOrphan) report.restored.push(m);
      else if (moved) report.moved.push(m);
      else report.unchanged++;
    }
    this.rejections = refind(this.rejections, newText);
    this.imported = refind(this.imported, newText);
    this.sort();
    for (const l of this.editListeners) l(undefined);
    return report;
  }

  /**
   * Current annotations and rejections, contexts refreshed from the text,
   * for saving. Orphans keep the text and context they had when lost.
   */
  snapshot(): { annotations: Annotation[]; orphans: Annotation[]; rejections: Rejection[]; status: ReviewStatus; suggestions: ImportedSuggestion[] } {
    const live = this.annotations();
    for (const a of live) this.refreshContext(a);
    return {
      annotations: live.map((a) => ({ ...a })),
      orphans: this.orphans().map((a) => ({ ...a })),
      rejections: this.rejected(),
      status: this._status,
      suggestions: this.suggestions(),
    };
  }

  /**
   * Where `a`'s text is, by its context, in the current text (only inside
   * `window.from`–`window.to` when given). `needContext` refuses the
   * fallbacks that place a span by its text alone.
   */
  private locate(
    a: Annotation,
    free: (s: number, e: number) => boolean,
    window?: { from?: number; to?: number; needContext?: boolean; tryHint?: boolean },
    index?: Occurrences,
  ): number | undefined {
    const t = this._text;
    const len = a.text.length;
    if (len === 0) return undefined;
    const from = window?.from ?? 0;
    const to = window?.to ?? t.length;
    // Contexts are compared without carriage returns, so a change of line endings keeps them.
    const cb = a.contextBefore.replace(/\r/g, '');
    const ca = a.contextAfter.replace(/\r/g, '');
    const contextAt = (i: number) => {
      const before = commonSuffix(cb, t.slice(Math.max(0, i - 2 * cb.length), i).replace(/\r/g, ''));
      const after = commonPrefix(ca, t.slice(i + len, i + len + 2 * ca.length).replace(/\r/g, ''));
      return { pos: i, score: before + after, full: before === cb.length || after === ca.length };
    };
    // The first rule, tried before every occurrence is listed (a long article repeats its names).
    const o = a.start;
    if ((!window?.needContext || window.tryHint) && o >= from && o + len <= to && t.startsWith(a.text, o) && isGraphemeBoundary(t, o) && isGraphemeBoundary(t, o + len) && free(o, o + len)) {
      const c = contextAt(o);
      // At a guessed place (tryHint) the context must agree as a good candidate's does.
      if (window?.tryHint ? c.full || c.score * 2 >= cb.length + ca.length : c.full || c.score > 0) return o;
    }
    const total = cb.length + ca.length;
    const isGood = (c: { score: number; full: boolean }) => c.full || c.score * 2 >= total;
    const valid = (i: number) => i >= from && i + len <= to && isGraphemeBoundary(t, i) && isGraphemeBoundary(t, i + len) && free(i, i + len);
    if (index && cb.length >= 2 * KEY_CHARS - 1 && ca.length >= 2 * KEY_CHARS - 1) {
      // The same rules as below, with only the occurrences that can be good scored (see occurrences.ts).
      const occ = index.of(a.text);
      const scored = new Map<number, { pos: number; score: number; full: boolean }>();
      for (const list of [occ.before.get(cb.slice(-KEY_CHARS)), occ.after.get(ca.slice(0, KEY_CHARS))]) {
        if (!list) continue;
        for (let k = lowerBound(list, from); k < list.length && list[k]! + len <= to; k++) {
          const i = list[k]!;
          if (!scored.has(i) && valid(i)) scored.set(i, contextAt(i));
        }
      }
      const old = t.startsWith(a.text, a.start) && valid(a.start) ? (scored.get(a.start) ?? contextAt(a.start)) : undefined;
      if (old && (old.full || old.score > 0) && !window?.needContext) return old.pos;
      const good = [...scored.values()].filter(isGood);
      if (good.length) {
        good.sort((x, y) => y.score - x.score || Math.abs(x.pos - a.start) - Math.abs(y.pos - a.start));
        return good[0]!.pos;
      }
      if (window?.needContext) return undefined;
      let only: number | undefined;
      let n = 0;
      for (let k = lowerBound(occ.positions, from); k < occ.positions.length && occ.positions[k]! + len <= to && n < 2; k++) {
        if (valid(occ.positions[k]!)) {
          only = occ.positions[k];
          n++;
        }
      }
      if (n === 1) return only;
      return old?.pos;
    }
    const candidates: Array<{ pos: number; score: number; full: boolean }> = [];
    // Searched inside the window only: a keystroke's window is one character, the text may be a megabyte.
    const hay = window ? t.slice(from, to) : t;
    const base = window ? from : 0;
    for (let j = hay.indexOf(a.text); j >= 0; j = hay.indexOf(a.text, j + 1)) {
      const i = base + j;
      if (!isGraphemeBoundary(t, i) || !isGraphemeBoundary(t, i + len) || !free(i, i + len)) continue;
      candidates.push(contextAt(i));
    }
    if (candidates.length === 0) return undefined;
    const atOld = candidates.find((c) => c.pos === a.start);
    if (atOld && (atOld.full || atOld.score > 0) && !window?.needContext) return atOld.pos;
    // Context agrees well enough: at least half of it, or one whole side.
    const good = candidates.filter(isGood);
    if (good.length) {
      good.sort((x, y) => y.score - x.score || Math.abs(x.pos - a.start) - Math.abs(y.pos - a.start));
      return good[0]!.pos;
    }
    if (window?.needContext) return undefined;
    if (candidates.length === 1) return candidates[0]!.pos;
    return atOld?.pos;
  }

  private trim(s: number, e: number): [number, number] {
    const t = this._text;
    while (s < e) {
      const cp = t.codePointAt(s)!;
      const ch = String.fromCodePoint(cp);
      if (!TRIM.test(ch)) break;
      s += ch.length;
    }
    while (e > s) {
      let ch = t[e - 1]!;
      const c = ch.charCodeAt(0);
      if (c >= 0xdc00 && c <= 0xdfff && e - 2 >= s) ch = t.slice(e - 2, e);
      if (!TRIM.test(ch)) break;
      e -= ch.length;
    }
    return [s, e];
  }

  private refreshContext(a: Annotation): void {
    a.contextBefore = this._text.slice(Math.max(0, a.start - CONTEXT_CHARS), a.start);
    a.contextAfter = this._text.slice(a.end, a.end + CONTEXT_CHARS);
  }

  /** True when a live annotation other than `a` overlaps `[s, e)` (the live list sorted, without orphans). */
  private overlapsOther(a: Annotation, s: number, e: number): boolean {
    for (let k = this.firstEndingAtOrAfter(s + 1); k < this.live.length && this.live[k]!.start < e; k++) if (this.live[k] !== a) return true;
    return false;
  }

  /** Index of the first live annotation whose end is ≥ `offset` (binary search). */
  private firstEndingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.live.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.live[mid]!.end < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Restore the invariants after a bulk change: orphans out of the live list, live list sorted. */
  private sort(): void {
    const all = this.live.concat(this.lost);
    this.live = all.filter((a) => !isOrphan(a)).sort((x, y) => x.start - y.start || x.end - y.end);
    this.lost = all.filter(isOrphan);
  }
}

/**
 * Rejections and imported suggestions after a text edit: shifted when after
 * it, dropped when the edit touches them (their text changed, so the
 * rejection or the machine's suggestion no longer applies).
 */
function shiftRanges<T extends { start: number; end: number }>(xs: readonly T[], start: number, end: number, delta: number): T[] {
  const out: T[] = [];
  for (const r of xs) {
    if (end <= r.start) out.push({ ...r, start: r.start + delta, end: r.end + delta });
    else if (start >= r.end) out.push(r);
  }
  return out;
}

/** Rejections and imported suggestions in a replaced text: kept where their text still is, else at its only occurrence, else dropped. */
function refind<T extends { start: number; end: number; text: string }>(xs: readonly T[], newText: string): T[] {
  return xs.flatMap((r) => {
    if (newText.slice(r.start, r.end) === r.text) return [r];
    const i = newText.indexOf(r.text);
    if (i >= 0 && newText.indexOf(r.text, i + 1) < 0) return [{ ...r, start: i, end: i + r.text.length }];
    return [];
  });
}
