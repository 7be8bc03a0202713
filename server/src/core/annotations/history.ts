/**
 * Undo and redo of annotation actions (tag, remove, accept, reject, relabel,
 * accept all, resize, restore, status changes) for one article.
 *
 * An action is recorded as the difference it made to the set: annotations
 * (by id), rejections (by id) and the review status, before and after. Text
 * edits are not actions (they stay the editor's own undo), but they move
 * offsets: the history hears every edit the set follows and maps the
 * recorded offsets through them when an action is undone or redone, the way
 * annotations follow edits. An annotation whose text an edit destroyed comes
 * back as an orphan, never lost.
 */
import type { Annotation, AnnotationSet, Rejection, TextEdit } from './model';
import type { ReviewStatus } from './status';

/** What an action changed: each item before and after (absent: did not exist). */
interface Change {
  annotations: Array<{ before?: Annotation; after?: Annotation }>;
  rejections: Array<{ before?: Rejection; after?: Rejection }>;
  status?: { before: ReviewStatus; after: ReviewStatus };
}

interface Entry {
  /** What the action was, in words (`accept “सोनिया गांधी”`). */
  label: string;
  change: Change;
  /** Index in the edit log at which the recorded offsets are current. */
  at: number;
}

interface State {
  annotations: Map<string, Annotation>;
  rejections: Map<string, Rejection>;
  status: ReviewStatus;
}

/** Actions kept per article. */
export const HISTORY_LIMIT = 500;
/** Text edits kept for mapping; older actions are forgotten past this. */
const EDIT_LOG_LIMIT = 200_000;

function state(set: AnnotationSet): State {
  return {
    annotations: new Map(set.all().map((a) => [a.id, { ...a }])),
    rejections: new Map(set.rejected().map((r) => [r.id ?? '', { ...r }])),
    status: set.reviewStatus,
  };
}

const sameAnnotation = (a: Annotation, b: Annotation) =>
  a.start === b.start && a.end === b.end && a.label === b.label && a.text === b.text && a.entityId === b.entityId && a.status === b.status && a.source === b.source;

function diff(before: State, after: State): Change | undefined {
  const change: Change = { annotations: [], rejections: [] };
  for (const [id, b] of before.annotations) {
    const a = after.annotations.get(id);
    if (!a || !sameAnnotation(a, b)) change.annotations.push(a ? { before: b, after: a } : { before: b });
  }
  for (const [id, a] of after.annotations) if (!before.annotations.has(id)) change.annotations.push({ after: a });
  for (const [id, b] of before.rejections) if (!after.rejections.has(id)) change.rejections.push({ before: b });
  for (const [id, a] of after.rejections) if (!before.rejections.has(id)) change.rejections.push({ after: a });
  if (before.status !== after.status) change.status = { before: before.status, after: after.status };
  return change.annotations.length || change.rejections.length || change.status ? change : undefined;
}

type Range = { start: number; end: number };
type Mapped<T> = T & { lost?: boolean };

/** `r` after one edit, as the model moves a span: shifted, resized from inside, or lost when the edit crosses it. */
function mapRange<T extends Range>(r: Mapped<T>, e: NonNullable<TextEdit>): Mapped<T> {
  const delta = e.newLength - (e.end - e.start);
  if (e.end <= r.start) return { ...r, start: r.start + delta, end: r.end + delta };
  if (e.start >= r.end) return r;
  if (e.start >= r.start && e.end <= r.end && !(e.start === r.start && e.end === r.end)) return { ...r, end: r.end + delta };
  return { ...r, lost: true };
}

/** The undo and redo lists of one article's annotation actions (see the module comment); {@link historyOf} gives a set's own. */
export class AnnotationHistory {
  private undos: Entry[] = [];
  private redos: Entry[] = [];
  /** Text edits since the oldest recorded action; `undefined` marks a replacement of the whole text. */
  private edits: TextEdit[] = [];
  /** Edit-log index of `edits[0]`. */
  private base = 0;
  private recorded = 0;

  constructor(private readonly set: AnnotationSet) {
    set.onEdit((e) => this.edited(e));
  }

  get canUndo(): boolean {
    return this.undos.length > 0;
  }

  get canRedo(): boolean {
    return this.redos.length > 0;
  }

  /** How many actions have been recorded so far: it changes exactly when an action changed the set. */
  get steps(): number {
    return this.recorded;
  }

  /**
   * Run `action` on the set as one undoable step described by `label`; when
   * it changed anything, the step is recorded and the redo list cleared.
   */
  record<T>(label: string, action: () => T): T {
    const before = state(this.set);
    const out = action();
    const change = diff(before, state(this.set));
    if (change) {
      this.recorded++;
      this.undos.push({ label, change, at: this.now });
      if (this.undos.length > HISTORY_LIMIT) this.undos.shift();
      this.redos = [];
      this.prune();
    }
    return out;
  }

  /**
   * Set the review status as part of the last recorded action, so that one
   * undo takes back both (an action that reopened a done article). Without a
   * recorded action the status is set as an action of its own.
   */
  amendStatus(status: ReviewStatus, label: string): void {
    const last = this.undos[this.undos.length - 1];
    const before = this.set.reviewStatus;
    if (before === status) return;
    if (!last) {
      this.record(label, () => this.set.setReviewStatus(status));
      return;
    }
    this.set.setReviewStatus(status);
    last.change.status = { before: last.change.status?.before ?? before, after: status };
    if (last.change.status.before === status) delete last.change.status;
  }

  /** Undo the last action; its label, or undefined when there is nothing to undo. */
  undo(): { label: string; restoredAsOrphans: number } | undefined {
    const e = this.undos.pop();
    if (!e) return undefined;
    const r = this.apply(e, 'before');
    this.redos.push(e);
    return { label: e.label, restoredAsOrphans: r };
  }

  /** Redo the last undone action. */
  redo(): { label: string; restoredAsOrphans: number } | undefined {
    const e = this.redos.pop();
    if (!e) return undefined;
    const r = this.apply(e, 'after');
    this.undos.push(e);
    return { label: e.label, restoredAsOrphans: r };
  }

  /** The label of the action undo would take back. */
  peekUndo(): string | undefined {
    return this.undos[this.undos.length - 1]?.label;
  }

  private get now(): number {
    return this.base + this.edits.length;
  }

  private edited(e: TextEdit): void {
    if (this.undos.length === 0 && this.redos.length === 0) {
      this.base = this.now + 1;
      this.edits = [];
      return;
    }
    if (!e) {
      this.refindAll();
      return;
    }
    this.edits.push(e);
    if (this.edits.length > EDIT_LOG_LIMIT) {
      this.undos = [];
      this.redos = [];
      this.base = this.now;
      this.edits = [];
    }
  }

  /** Drop edits no recorded action needs. */
  private prune(): void {
    const oldest = Math.min(...this.undos.map((e) => e.at), ...this.redos.map((e) => e.at), this.now);
    if (oldest > this.base) {
      this.edits = this.edits.slice(oldest - this.base);
      this.base = oldest;
    }
  }

  /**
   * The whole text was replaced (a revert, a change outside the editor):
   * offsets do not carry over, so every recorded range is found again by its
   * text, where it was if it is still there, else at its only occurrence;
   * otherwise it is lost (an annotation then comes back as an orphan).
   */
  private refindAll(): void {
    const text = this.set.text;
    const refind = <T extends Range & { text: string }>(x: Mapped<T> | undefined): Mapped<T> | undefined => {
      if (!x || x.lost) return x;
      if (text.slice(x.start, x.end) === x.text) return x;
      const i = text.indexOf(x.text);
      if (i >= 0 && text.indexOf(x.text, i + 1) < 0) return { ...x, start: i, end: i + x.text.length };
      return { ...x, lost: true };
    };
    for (const e of [...this.undos, ...this.redos]) {
      this.catchUp(e);
      e.change.annotations = e.change.annotations.map((c) => ({ before: refind(c.before), after: refind(c.after) }));
      e.change.rejections = e.change.rejections.map((c) => ({ before: refind(c.before), after: refind(c.after) }));
    }
    this.base = this.now + 1;
    this.edits = [];
    for (const e of [...this.undos, ...this.redos]) e.at = this.base;
  }

  /** Bring an entry's offsets up to the current text. */
  private catchUp(e: Entry): void {
    if (e.at === this.now) return;
    const edits = this.edits.slice(e.at - this.base);
    const move = <T extends Range & { text: string }>(x: T | undefined): Mapped<T> | undefined => {
      if (!x) return x;
      let m: Mapped<T> = x;
      for (const ed of edits) {
        m = mapRange(m, ed!);
        if (m.lost) return m;
      }
      return m;
    };
    e.change.annotations = e.change.annotations.map((c) => ({ before: move(c.before), after: move(c.after) }));
    e.change.rejections = e.change.rejections.map((c) => ({ before: move(c.before), after: move(c.after) }));
    e.at = this.now;
  }

  /** Make the set hold the entry's `side`; returns how many annotations came back as orphans. */
  private apply(e: Entry, side: 'before' | 'after'): number {
    this.catchUp(e);
    const other = side === 'before' ? 'after' : 'before';
    let orphans = 0;
    for (const c of e.change.annotations) {
      const gone = c[other];
      if (gone) this.set.remove(gone.id);
    }
    for (const c of e.change.annotations) {
      const back = c[side] as Mapped<Annotation> | undefined;
      if (!back) continue;
      const { lost, ...a } = back;
      const text = this.set.text;
      if (!lost && a.status !== 'orphaned' && a.end <= text.length) {
        // As the model trims a live span after an edit inside it: a deleted edge word leaves no space at the edge.
        while (a.end > a.start && /\s/u.test(text[a.end - 1]!)) a.end--;
        while (a.start < a.end && /\s/u.test(text[a.start]!)) a.start++;
        a.text = text.slice(a.start, a.end);
      }
      if (lost || !this.set.insert(a)) {
        this.set.insert({ ...a, status: 'orphaned' });
        orphans++;
      }
    }
    for (const c of e.change.rejections) {
      const gone = c[other];
      if (gone?.id) this.set.unreject(gone.id);
    }
    for (const c of e.change.rejections) {
      const back = c[side] as Mapped<Rejection> | undefined;
      if (!back || back.lost) continue;
      const { lost: _lost, ...r } = back;
      if (this.set.text.slice(r.start, r.end) === r.text) this.set.restoreRejection(r);
    }
    if (e.change.status) this.set.setReviewStatus(e.change.status[side]);
    return orphans;
  }
}

const histories = new WeakMap<AnnotationSet, AnnotationHistory>();

/** The history of a set, created on first use (a set loaded again starts a new one). */
export function historyOf(set: AnnotationSet): AnnotationHistory {
  let h = histories.get(set);
  if (!h) histories.set(set, (h = new AnnotationHistory(set)));
  return h;
}
