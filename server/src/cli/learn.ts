/**
 * `hindi-news learn ANNOTATED... --out MODEL.json [--base MODEL.json]`, and
 * the `--model MODEL.json` option of `recognize` and `eval`.
 *
 * ANNOTATED are JSONL files in the export and gold form (`{"text", "spans":
 * [{"start", "end", "label"}]}`, code-point offsets), each record a finished
 * document, or folders (and `.txt` articles) whose sidecars say `done`.
 * In a finished document every confirmed span teaches, every other token is
 * a negative for the PERSON tagger, and every suggestion of the starting
 * recogniser that no confirmed span of its label overlaps counts as rejected
 * (for the labels the input annotates at all); a suggested name confirmed
 * without its first words teaches those words as titles. Sidecar rejections
 * count too.
 */
import { fromSidecar, readSidecar, reviewStatusFor, sidecarPath } from '../core/annotations/sidecar';
import { REVIEW_STATUSES, reviewStatusOf, type ReviewStatus } from '../core/annotations/status';
import { kbKnows } from '../core/learning/kbKnows';
import { Learner, type AnnotatedDocument, type LabelledRange, type LearnReport } from '../core/learning/learner';
import type { LearnedModel } from '../core/learning/model';
import { isTrustedName } from '../core/learning/nameFinder';
import { readModelFileSync, writeModelFile } from '../core/learning/modelFile';
import { LearnedRecognition, shippedWeightsFingerprint } from '../core/learning/recognition';
import { codePointsToUtf16 } from '../core/offsets';
import { Recognizer } from '../core/recognizer';
import { shippedTagger } from '../core/tagger';
import { ENTITY_LABELS } from '../core/types';
import { jsonErrorWithoutContents } from '../core/jsonError';
import { expandPaths, readArticle } from './inputs';
import { usageMessage } from './usage';

export const USAGE_LEARN = `usage: hindi-news learn <annotated JSONL files or folders…> --out MODEL.json [options]

Learns from finished annotations: JSONL records {"text", "spans": [{"start",
"end", "label"}]} with code-point offsets (the export and gold form), each a
finished document, or folders of articles whose annotations are marked done.
Every confirmed span teaches, every other word of a finished document is a
negative, and every suggestion of the recogniser that no confirmed span of its
label overlaps is remembered as rejected (for the labels the input annotates).
The model is a small delta over the shipped recogniser; recognize and eval use
it with their model option. The same inputs and seed give the same file.

options:
  --out FILE     where to write the learned model (required)
  --base FILE    a learned model to go on from; documents it learned are skipped
  --seed N       shuffle seed (default 1)
  --epochs N     passes over the documents at most (default 5)
  --help, -h     this text`;

const err = (s: string): void => void process.stderr.write(s + '\n');

/** The recogniser for `recognize` and `eval`: shipped, or with a learned model (an unusable file is an error naming it). */
export function recognizerWithModel(model: string | undefined): { ok: true; recognizer: Recognizer } | { ok: false; error: string } {
  if (model === undefined) return { ok: true, recognizer: new Recognizer() };
  const r = readModelFileSync(model);
  if (!r.ok) return { ok: false, error: r.error };
  const learned = new LearnedRecognition(r.model);
  if (learned.taggerNote) err(`hindi-news: ${model}: ${learned.taggerNote}`);
  return { ok: true, recognizer: new Recognizer({ learned }) };
}

interface Inputs {
  docs: AnnotatedDocument[];
  /** Labels some input annotates: only their suggestions can be rejected by omission. */
  labels: Set<string>;
  sentences: number;
  /** Articles left out, by status. */
  leftOut: Partial<Record<ReviewStatus, number>>;
  failed: number;
}

async function readInputs(paths: string[]): Promise<Inputs> {
  const out: Inputs = { docs: [], labels: new Set(), sentences: 0, leftOut: {}, failed: 0 };
  const jsonl = paths.filter((p) => /\.jsonl$/i.test(p));
  const others = paths.filter((p) => !/\.jsonl$/i.test(p));
  for (const p of jsonl) {
    const r = readArticle(p);
    if (!r.ok) {
      err(`hindi-news: ${r.error}`);
      out.failed++;
      continue;
    }
    r.doc.text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${p}:${i + 1}`;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch (e) {
        err(`hindi-news: ${where}: ${jsonErrorWithoutContents(e, line)}; each line must be one JSON object {"text", "spans"}: fix it and learn again (line skipped)`);
        out.failed++;
        return;
      }
      const d = rec as { id?: unknown; text?: unknown; spans?: unknown };
      if (!d || typeof d !== 'object' || typeof d.text !== 'string' || !Array.isArray(d.spans)) {
        err(`hindi-news: ${where}: expected {"text", "spans": [{"start", "end", "label"}]}; line skipped`);
        out.failed++;
        return;
      }
      const text = d.text;
      const spans: LabelledRange[] = [];
      const cps: number[] = [];
      let bad = '';
      for (const s of d.spans as Array<{ start?: unknown; end?: unknown; label?: unknown }>) {
        if (!s || typeof s.start !== 'number' || typeof s.end !== 'number' || typeof s.label !== 'string' || !(s.start >= 0 && s.end > s.start)) {
          bad = 'a span needs "start" < "end" (code points) and a "label"';
          break;
        }
        cps.push(s.start, s.end);
        spans.push({ start: s.start, end: s.end, label: s.label });
      }
      const len = Array.from(text).length;
      if (!bad && cps.some((c) => c > len)) bad = `a span ends past the text (${len} code points)`;
      if (bad) {
        err(`hindi-news: ${where}: ${bad}; line skipped`);
        out.failed++;
        return;
      }
      const u = codePointsToUtf16(text, cps);
      spans.forEach((s, k) => {
        s.start = u[2 * k]!;
        s.end = u[2 * k + 1]!;
        out.labels.add(s.label);
      });
      out.docs.push({ id: typeof d.id === 'string' ? d.id : where, text, spans, complete: true });
    });
  }
  for (const entry of await expandPaths(others)) {
    if (entry.note) {
      err(`hindi-news: ${entry.note}`);
      continue;
    }
    const art = entry.error ? { ok: false as const, error: entry.error } : readArticle(entry.path);
    if (!art.ok) {
      err(`hindi-news: ${art.error}`);
      out.failed++;
      continue;
    }
    const sc = await readSidecar(sidecarPath(entry.path));
    if (!sc.ok && sc.kind === 'missing') {
      out.leftOut.new = (out.leftOut.new ?? 0) + 1;
      continue;
    }
    if (!sc.ok) {
      err(`hindi-news: ${sc.error}`);
      out.failed++;
      continue;
    }
    const status = reviewStatusFor(sc.data, art.doc.text);
    if (status !== reviewStatusOf(sc.data)) err(`hindi-news: ${entry.path}: marked done, but its text changed since; not learned from until it is reviewed and marked done again`);
    if (status !== 'done') {
      out.leftOut[status] = (out.leftOut[status] ?? 0) + 1;
      continue;
    }
    let snap;
    try {
      snap = fromSidecar(sc.data, art.doc.text).set.snapshot();
    } catch (e) {
      err(`hindi-news: ${entry.path}: ${(e as Error).message}`);
      out.failed++;
      continue;
    }
    const spans = snap.annotations.map((a) => ({ start: a.start, end: a.end, label: a.label }));
    for (const s of spans) out.labels.add(s.label);
    out.docs.push({ id: entry.path, text: art.doc.text, spans, rejected: snap.rejections.map((r) => ({ start: r.start, end: r.end, label: r.label })), complete: true });
  }
  for (const d of out.docs) out.sentences += countSentences(d.text);
  return out;
}

/** Sentences: lines and danda- or full-stop-terminated parts. */
function countSentences(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line.trim()) n += Math.max(1, line.split(/[।?!]|\.\s/).filter((s) => s.trim()).length);
  return n;
}

/** Suggestions that no confirmed span of their label overlaps, for the labels the input annotates. */
function rejectionsByOmission(suggested: readonly LabelledRange[], doc: AnnotatedDocument, labels: Set<string>): LabelledRange[] {
  const out: LabelledRange[] = [...(doc.rejected ?? [])];
  for (const s of suggested) {
    if (!labels.has(s.label)) continue;
    if (doc.spans.some((g) => g.label === s.label && g.start < s.end && s.start < g.end)) continue;
    if (out.some((r) => r.start === s.start && r.end === s.end && r.label === s.label)) continue;
    out.push({ start: s.start, end: s.end, label: s.label });
  }
  return out;
}

export async function runLearn(argv: string[]): Promise<number> {
  const paths: string[] = [];
  let out: string | undefined;
  let base: string | undefined;
  let seed = 1;
  let epochs = 5;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
    const valued = ['--out', '--base', '--seed', '--epochs'].find((o) => a === o || a.startsWith(o + '='));
    if (valued && a === valued && (i + 1 >= argv.length || argv[i + 1]!.startsWith('--'))) {
      err(usageMessage('learn', `${valued} needs a value`, USAGE_LEARN).trimEnd());
      return 2;
    }
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE_LEARN + '\n');
      return 0;
    } else if (a === '--out' || a.startsWith('--out=')) out = value();
    else if (a === '--base' || a.startsWith('--base=')) base = value();
    else if (a === '--seed' || a.startsWith('--seed=')) seed = Number(value());
    else if (a === '--epochs' || a.startsWith('--epochs=')) epochs = Number(value());
    else if (a.startsWith('--')) {
      err(usageMessage('learn', `unknown option ${a}`, USAGE_LEARN).trimEnd());
      return 2;
    } else paths.push(a);
  }
  const problems = [
    ...(paths.length === 0 ? ['give the annotated JSONL files or folders of done articles to learn from'] : []),
    ...(!out ? ['--out MODEL.json is required (where to write the learned model)'] : []),
    ...(!Number.isInteger(seed) ? ['--seed must be an integer'] : []),
    ...(!Number.isInteger(epochs) || epochs < 1 || epochs > 100 ? ['--epochs must be an integer from 1 to 100'] : []),
  ];
  if (problems.length || !out) {
    err(usageMessage('learn', problems.join('; '), USAGE_LEARN).trimEnd());
    return 2;
  }
  const t0 = performance.now();
  let start: LearnedModel | { fingerprint: string; seed: number } = { fingerprint: shippedWeightsFingerprint(), seed };
  if (base !== undefined) {
    const r = readModelFileSync(base);
    if (!r.ok) {
      err(`hindi-news: ${r.error}`);
      return 2;
    }
    if (r.model.base !== shippedWeightsFingerprint() && r.model.tagger.weights.size > 0) {
      err(`hindi-news: ${base}: learned over other tagger weights (${r.model.base}); learn from the annotations again without --base`);
      return 2;
    }
    start = r.model;
  }
  const inputs = await readInputs(paths);
  if (inputs.docs.length === 0) {
    const left = REVIEW_STATUSES.filter((s) => inputs.leftOut[s]).map((s) => `${inputs.leftOut[s]} ${s}`);
    err(`hindi-news learn: nothing to learn from${left.length ? ` (articles not marked done: ${left.join(', ')})` : ''}`);
    return inputs.failed ? 1 : 2;
  }
  const startModel = 'base' in start ? start : undefined;
  const startRec = startModel ? new Recognizer({ learned: new LearnedRecognition(startModel) }) : new Recognizer();
  const known = new Set(ENTITY_LABELS.filter((l) => inputs.labels.has(l)));
  const docs = inputs.docs.map((d) => {
    const suggested = startRec.recognize(d.text).spans.map((s) => ({ start: s.start, end: s.end, label: s.label }));
    return { ...d, suggested, rejected: rejectionsByOmission(suggested, d, known) };
  });
  const learner = new Learner(shippedTagger(), start, { epochs, kbKnows: kbKnows(startRec.index) });
  const report = learner.learn(docs);
  const model = learner.model();
  const w = await writeModelFile(out, model);
  if (!w.ok) {
    err(`hindi-news: ${w.error}`);
    return 1;
  }
  const secs = (performance.now() - t0) / 1000;
  process.stdout.write(summary(report, model, inputs, known, out, w.bytes, secs) + '\n');
  return inputs.failed ? 1 : 0;
}

function summary(r: LearnReport, m: LearnedModel, inputs: Inputs, labels: Set<string>, out: string, bytes: number, secs: number): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const of = (x: number, what: string): string => `${n(x)} ${what}${x === 1 ? '' : 's'}`;
  const lines: string[] = [];
  const left = REVIEW_STATUSES.filter((s) => inputs.leftOut[s]).map((s) => `${inputs.leftOut[s]} ${s}`);
  lines.push(
    `learned from ${of(r.documents, 'finished document')} (${of(inputs.sentences, 'sentence')}) in ${secs.toFixed(2)} s` +
      (r.skipped ? `; ${n(r.skipped)} already learned` : '') +
      (left.length ? `; left out, not marked done: ${left.join(', ')}` : ''),
  );
  const spans = Object.entries(r.spans)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([l, k]) => `${l} ${n(k)}`);
  lines.push(`  confirmed spans: ${spans.join(', ') || 'none'}`);
  lines.push(
    `  tagger: ${of(r.updates, 'correction')} over ${of(r.paragraphs, 'paragraph')} (${of(r.mistakesLeft, 'mistake')} left in the last pass); ` +
      `${of(m.tagger.weights.size, 'weight')} adjusted, ${of(m.tagger.words.size, 'new word')}`,
  );
  const names = r.newNames.slice(0, 6).map((x) => `${x.text} (${x.label})`);
  const held = m.names.filter((x) => !isTrustedName(x)).length;
  lines.push(
    `  names the knowledge base did not know: ${n(r.newNames.length)} new, ${n(m.names.length)} in all${names.length ? `, e.g. ${names.join(', ')}` : ''}` +
      (held ? `; ${n(held)} not suggested (left untagged as often as confirmed)` : ''),
  );
  const unannotated = ENTITY_LABELS.filter((l) => !labels.has(l));
  const titles = r.newTitles.slice(0, 6);
  lines.push(`  titles cut off suggested names: ${n(r.newTitles.length)} new, ${n(m.titles.length)} in all${titles.length ? `, e.g. ${titles.join(', ')}` : ''}`);
  lines.push(`  rejections: ${n(r.rejections)} learned, ${n(m.rejections.length)} remembered${unannotated.length ? ` (${unannotated.join(', ')} not annotated in the input: not rejected)` : ''}`);
  lines.push(`wrote ${out} (${(bytes / 1024).toFixed(0)} KB)`);
  return lines.join('\n');
}
