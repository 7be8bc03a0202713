/**
 * What the recogniser learns from the annotator in this workspace, and where
 * it is kept: `.hindi-news/model.json` in the first workspace folder (a
 * learned-model file, see `core/learning/model.ts`).
 *
 * Every review action teaches at once: the annotations of each article are
 * compared with what they were, and a new tag or accepted suggestion, a
 * rejection, a removed tag or a restored rejection is learned or forgotten;
 * an article marked done teaches the tagger from the whole of it. Learning
 * runs after the request that caused it has been answered, in a timer, and
 * the learned recogniser replaces the running one when the annotator pauses
 * (open articles are then suggested again); the file is saved a little
 * later, atomically. A damaged or foreign model file is reported, kept aside
 * under another name when the first new learning is saved, and learning
 * starts afresh.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import type { ReviewStatus } from '../core/annotations/status';
import { contextKind } from '../core/learning/contextKind';
import { kbKnows } from '../core/learning/kbKnows';
import { Learner, type AnnotatedDocument, type LabelledRange } from '../core/learning/learner';
import { isEmptyModel, type LearnedModel } from '../core/learning/model';
import { readModelFile, writeModelFile } from '../core/learning/modelFile';
import { isTrustedName } from '../core/learning/nameFinder';
import { LearnedRecognition, shippedWeightsFingerprint } from '../core/learning/recognition';
import { UNITS } from '../core/learning/perceptron';
import { normalizeKey } from '../core/normalize';
import type { Recognizer } from '../core/recognizer';
import { shippedTagger } from '../core/tagger';
import type { LearnedSummary } from '../protocol';
import { uriPath } from './files';

/** The model file, relative to the workspace folder. */
export const MODEL_FILE = join('.hindi-news', 'model.json');

/** Learning waits this long after a change, so a burst of actions is learned as one. */
const LEARN_DELAY_MS = 30;
/** The learned recogniser replaces the running one after this pause (it re-suggests open articles). */
const APPLY_DELAY_MS = 400;
/** The model file is saved after this pause. */
const SAVE_DELAY_MS = 1000;

/** What the learning needs of the server. */
export interface LearningHost {
  connection: Connection;
  folders(): readonly string[];
  /** An article's text as open in the editor. */
  text(uri: string): string | undefined;
  /** An article's confirmed spans, rejections and status, if it is loaded. */
  annotations(uri: string): { confirmed: readonly LabelledRange[]; rejected: readonly LabelledRange[]; status?: ReviewStatus } | undefined;
  /** The recogniser without learned state (knowledge base and shipped tagger). */
  baseRecognizer(): Recognizer;
  /** Put learned state into the running recogniser (undefined: none). */
  setLearned(learned: LearnedRecognition | undefined): void;
}

/** What an article's annotations were when last seen. */
interface Seen {
  /** Confirmed spans by `text\0label`, with their count. */
  confirmed: Map<string, { text: string; label: string; count: number }>;
  /** Rejections by `text\0label\0context`, with their count. */
  rejections: Map<string, { text: string; label: string; context: string; count: number }>;
  status: ReviewStatus | undefined;
}

export class LearningState {
  private learner: Learner | undefined;
  private readonly seen = new Map<string, Seen>();
  private readonly pending = new Set<string>();
  private learnTimer: NodeJS.Timeout | undefined;
  private applyTimer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private path: string | undefined;
  /** The model file was damaged or foreign when read: moved aside before the first save. */
  private damaged: string | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** Learned since the last save: a workspace that learned nothing gets no file. */
  private dirty = false;
  private loaded: Promise<void> | undefined;
  /** The learned state in use (for hovers' "learned from" and the summary). */
  current: LearnedRecognition | undefined;

  constructor(private readonly host: LearningHost) {}

  /** Where the model lives: the first `file:` workspace folder. */
  private modelPath(): string | undefined {
    const f = this.host.folders().find((x) => x.startsWith('file:'));
    return f ? join(uriPath(f), MODEL_FILE) : undefined;
  }

  /** Read the workspace's model (once folders are known); a damaged one is reported and ignored. */
  load(): Promise<void> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  private async read(): Promise<void> {
    this.path = this.modelPath();
    let model: LearnedModel | undefined;
    if (this.path) {
      const r = await readModelFile(this.path);
      if (r.ok) model = r.model;
      else if (!('missing' in r)) {
        this.damaged = this.path;
        this.warn(`${r.error}. Learning starts afresh; the file will be kept as ${this.path}.damaged.`);
      }
    }
    this.learner = new Learner(shippedTagger(), model ?? { fingerprint: shippedWeightsFingerprint() }, { kbKnows: kbKnows(this.host.baseRecognizer().index) });
    if (model) {
      this.apply();
      if (this.current?.taggerNote) this.host.connection.console.info(`Learned model: ${this.current.taggerNote}`);
    }
  }

  /** An article's annotations changed (or were loaded): learn from the difference, after the request is answered. */
  annotationsChanged(uri: string): void {
    if (!this.seen.has(uri)) {
      // First sight (the article's annotations were loaded): what is there was not done now. Taken at
      // once, so an action that follows within the learning delay is not mistaken for part of it.
      const a = this.host.annotations(uri);
      const text = this.host.text(uri);
      if (a && text !== undefined) this.seen.set(uri, this.snapshot(a, text));
      return;
    }
    this.pending.add(uri);
    if (this.learnTimer) return;
    this.learnTimer = setTimeout(() => {
      this.learnTimer = undefined;
      void this.learnPending().catch((e) => this.host.connection.console.error(`Learning failed: ${(e as Error).stack ?? e}`));
    }, LEARN_DELAY_MS);
  }

  private async learnPending(): Promise<void> {
    await this.load();
    const learner = this.learner!;
    const docs: AnnotatedDocument[] = [];
    const forget: Array<() => boolean> = [];
    for (const uri of [...this.pending]) {
      this.pending.delete(uri);
      const a = this.host.annotations(uri);
      const text = this.host.text(uri);
      if (!a || text === undefined) continue;
      const prev = this.seen.get(uri);
      const now = this.snapshot(a, text);
      this.seen.set(uri, now);
      if (!prev) continue; // first sight: what was there before is not a review action
      // Spans are told apart by text and label (edits move them): new ones are those there are more of.
      const more = new Map<string, number>();
      for (const [k, c] of now.confirmed) if (c.count > (prev.confirmed.get(k)?.count ?? 0)) more.set(k, c.count - (prev.confirmed.get(k)?.count ?? 0));
      const added: LabelledRange[] = [];
      for (const c of more.size ? a.confirmed : []) {
        const k = spanKey(text, c);
        const d = more.get(k) ?? 0;
        if (d === 0) continue;
        added.push(c);
        more.set(k, d - 1);
      }
      for (const [k, c] of prev.confirmed) {
        const gone = c.count - (now.confirmed.get(k)?.count ?? 0);
        for (let i = 0; i < gone; i++) forget.push(() => learner.forgetName(c.text, c.label));
      }
      // New rejections: per text, label and context, as many as there are more of than before.
      const need = new Map<string, number>();
      for (const [k, r] of now.rejections) if (r.count > (prev.rejections.get(k)?.count ?? 0)) need.set(k, r.count - (prev.rejections.get(k)?.count ?? 0));
      const rejected: LabelledRange[] = [];
      for (const r of need.size ? a.rejected : []) {
        const k = rejectionKey(text, r, this.titles());
        const d = need.get(k) ?? 0;
        if (d === 0) continue;
        rejected.push(r);
        need.set(k, d - 1);
      }
      for (const [k, r] of prev.rejections) {
        const gone = r.count - (now.rejections.get(k)?.count ?? 0);
        for (let i = 0; i < gone; i++) forget.push(() => learner.forgetRejection(r.text, r.label, r.context));
      }
      if (added.length || rejected.length) docs.push({ id: uri, text, spans: added, rejected, complete: false });
      if (now.status === 'done' && prev.status !== 'done') {
        // A finished article teaches the tagger from every token, and titles from what was suggested.
        const suggested = this.host.baseRecognizer().recognize(text).spans.map((s) => ({ start: s.start, end: s.end, label: s.label }));
        docs.push({ id: uri, text, spans: a.confirmed, rejected: a.rejected, suggested, complete: true, counted: true });
      }
    }
    let changed = false;
    for (const f of forget) changed = f() || changed;
    if (docs.length) {
      const r = learner.learn(docs);
      changed = changed || r.paragraphs + r.documents + r.rejections + r.newNames.length > 0;
      this.host.connection.console.info(
        `Learned from ${docs.length} change(s) in ${r.ms.toFixed(1)} ms: ${r.updates} tagger update(s), ${r.newNames.length} new name(s), ${r.rejections} rejection(s)${r.documents ? `, ${r.documents} finished article(s)` : ''}.`,
      );
    }
    if (changed) {
      this.scheduleApply();
      this.scheduleSave();
    }
  }

  private titles(): ReadonlySet<string> {
    return shippedTagger().lexicons.titles;
  }

  private snapshot(a: NonNullable<ReturnType<LearningHost['annotations']>>, text: string): Seen {
    const confirmed = new Map<string, { text: string; label: string; count: number }>();
    for (const c of a.confirmed) {
      const k = spanKey(text, c);
      const e = confirmed.get(k);
      if (e) e.count++;
      else confirmed.set(k, { text: text.slice(c.start, c.end), label: c.label, count: 1 });
    }
    const rejections = new Map<string, { text: string; label: string; context: string; count: number }>();
    for (const r of a.rejected) {
      const k = rejectionKey(text, r, this.titles());
      const e = rejections.get(k);
      if (e) e.count++;
      else rejections.set(k, { text: text.slice(r.start, r.end), label: r.label, context: contextKind(text, r.start, r.end, this.titles()), count: 1 });
    }
    return { confirmed, rejections, status: a.status };
  }

  /** "Reject every mention": the string is not suggested again anywhere in the workspace. */
  async rejectEverywhere(text: string, label: string): Promise<void> {
    await this.load();
    this.learner!.rejectEverywhere(text, label);
    this.scheduleApply(0);
    this.scheduleSave();
  }

  private scheduleApply(delay = APPLY_DELAY_MS): void {
    if (this.applyTimer) clearTimeout(this.applyTimer);
    this.applyTimer = setTimeout(() => {
      this.applyTimer = undefined;
      this.apply();
    }, delay);
  }

  /** Compile the learned state and put it into the running recogniser. */
  private apply(): void {
    const model = this.learner?.model();
    this.current = model && !isEmptyModel(model) ? new LearnedRecognition(model) : undefined;
    this.host.setLearned(this.current?.empty ? undefined : this.current);
  }

  private scheduleSave(): void {
    this.dirty = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  /** Write the model now if it learned anything since the last save (also before shutdown). */
  save(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    this.saving = this.saving.then(async () => {
      const path = this.path ?? this.modelPath();
      if (!path || !this.learner || !this.dirty) return;
      this.dirty = false;
      if (this.damaged === path) {
        await fsp.rename(path, path + '.damaged').catch(() => undefined);
        this.damaged = undefined;
      }
      const w = await writeModelFile(path, this.learner.model());
      if (!w.ok) {
        this.dirty = true;
        this.warn(w.error);
      }
    });
    return this.saving;
  }

  /** Forget everything learned: the model file is deleted and suggestions are the shipped recogniser's again. */
  async reset(): Promise<{ ok: true; message: string } | { ok: false; message: string }> {
    await this.load();
    await this.saving;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.dirty = false;
    const path = this.path ?? this.modelPath();
    if (path) {
      try {
        await fsp.rm(path, { force: true });
      } catch (e) {
        return { ok: false, message: `Could not delete ${path}: ${(e as Error).message}. Nothing was forgotten.` };
      }
    }
    this.learner = new Learner(shippedTagger(), { fingerprint: shippedWeightsFingerprint() }, { kbKnows: kbKnows(this.host.baseRecognizer().index) });
    this.damaged = undefined;
    this.apply();
    return { ok: true, message: `Forgot everything learned in this workspace${path ? ` (deleted ${path})` : ''}; suggestions are the shipped recogniser's again.` };
  }

  /** Write the learned model to `out`. */
  async exportTo(out: string): Promise<{ ok: true; message: string } | { ok: false; message: string }> {
    await this.load();
    const w = await writeModelFile(out, this.learner!.model());
    return w.ok ? { ok: true, message: `Wrote the learned model to ${out} (${(w.bytes / 1024).toFixed(0)} KB); use it with hindi-news recognize --model.` } : { ok: false, message: w.error };
  }

  /** Counts, the strongest learned weights, names, titles and rejections. */
  async summary(): Promise<LearnedSummary> {
    await this.load();
    const m = this.learner!.model();
    const strongest = [...m.tagger.weights]
      .map(([feature, v]) => ({ feature, v, size: Math.max(Math.abs(v[0]!), Math.abs(v[1]!), Math.abs(v[2]!)) }))
      .sort((a, b) => b.size - a.size || (a.feature < b.feature ? -1 : 1))
      .slice(0, 10)
      .map(({ feature, v }) => ({ feature, change: describeChange(v) }));
    const byCount = <T extends { count: number; text: string }>(xs: T[]): T[] => [...xs].sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1));
    return {
      file: this.path ?? this.modelPath() ?? '',
      documents: m.stats.documents,
      spans: m.stats.spans,
      rejections: m.rejections.length,
      updates: m.stats.updates,
      weights: m.tagger.weights.size,
      words: m.tagger.words.size,
      names: byCount(m.names)
        .slice(0, 20)
        .map((n) => ({ text: n.text, label: n.label, count: n.count, misses: n.misses ?? 0, suggested: isTrustedName(n) })),
      namesTotal: m.names.length,
      titles: byCount(m.titles).slice(0, 20).map((t) => ({ text: t.text, count: t.count })),
      rejected: byCount(m.rejections).slice(0, 20).map((r) => ({ text: r.text, label: r.label, context: r.context, count: r.count })),
      features: strongest,
      updated: m.updated,
      ...(this.current?.taggerNote ? { note: this.current.taggerNote } : {}),
    };
  }

  private warn(message: string): void {
    this.host.connection.console.warn(message);
    void this.host.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Hindi News: ${message}` });
  }

  /** Stop the timers (tests, shutdown). */
  dispose(): void {
    for (const t of [this.learnTimer, this.applyTimer, this.saveTimer]) if (t) clearTimeout(t);
  }
}

function spanKey(text: string, s: LabelledRange): string {
  return normalizeKey(text.slice(s.start, s.end)) + '\u0000' + s.label;
}

function rejectionKey(text: string, r: LabelledRange, titles: ReadonlySet<string>): string {
  return normalizeKey(text.slice(r.start, r.end)) + '\u0000' + r.label + '\u0000' + contextKind(text, r.start, r.end, titles);
}

/** A learned weight change in words: which class it favours and by how much. */
function describeChange(v: Int32Array): string {
  const names = ['outside a name', 'starts a name', 'continues a name'];
  const best = v[0]! >= v[1]! && v[0]! >= v[2]! ? 0 : v[1]! >= v[2]! ? 1 : 2;
  return `${names[best]} (+${(v[best]! / UNITS).toFixed(1)})`;
}
