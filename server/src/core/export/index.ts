/**
 * Streaming export: documents come in one at a time (an async iterator) and
 * go straight to the writers, so memory stays flat however large the corpus.
 *
 * Layout of `out`:
 * - `jsonl`, `conll`, `labelstudio` without a split: `out` is a file when it
 *   ends in `.jsonl` / `.conll` / `.json` / `.txt`, otherwise a folder that
 *   receives `annotations.<ext>` and a `README.md`;
 * - with a split: `out` is a folder with `train.<ext>`, `dev.<ext>`, `test.<ext>`;
 * - `brat`: always a folder, one `.txt` + `.ann` pair per document (under
 *   `train/`, `dev/`, `test/` with a split), `annotation.conf`, `README.md`.
 *
 * Every offset written is in code points; the README and each record's
 * metadata say so. Output is deterministic: the same input gives the same
 * bytes (no timestamps, no absolute paths).
 */
import { extname, isAbsolute, join, normalize, sep } from 'node:path';
import type { ReviewStatus } from '../annotations/status';
import { EXPORT_MARKER, type ExportMarker } from '../corpus/marker';
import { writeFailure } from '../atomicFile';
import { ConfinedWriter, lockExportFolder, planExportOutput, removeStaleFiles, type OutputPlan, type StreamedFile } from '../corpus/output';
import { BRAT_SUGGESTIONS_SUFFIX, bratConf, toBrat, type EntityResolver } from './brat';
import { toConll } from './conll';
import type { ExportDoc } from './doc';
import { toJsonl } from './jsonl';
import { labelStudioConfig, toLabelStudioTask } from './labelstudio';
import { assignSplit, SPLIT_NAMES, type SplitName, type SplitSpec } from './split';

export type { ExportDoc, ExportSpan } from './doc';
export type { EntityResolver } from './brat';
export type { SplitName, SplitSpec } from './split';

export type ExportFormat = 'jsonl' | 'conll' | 'brat' | 'labelstudio';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'conll', 'brat', 'labelstudio'];

const EXT: Record<Exclude<ExportFormat, 'brat'>, string> = { jsonl: '.jsonl', conll: '.conll', labelstudio: '.json' };

export interface ExportOptions {
  format: ExportFormat;
  /** Output file or folder (see the module comment). */
  out: string;
  split?: SplitSpec;
  /** For brat normalisation lines; defaults to ids that are Wikidata QIDs. */
  resolver?: EntityResolver;
  /** Stops between documents; the summary then has `cancelled: true` and the output is incomplete. */
  signal?: AbortSignal;
  /** Called after each document with the running count. */
  onProgress?: (documents: number) => void;
  /** Where to write, as decided by {@link planExportOutput}; planned here (nothing forced) when absent. */
  plan?: OutputPlan;
  /** Real paths that must never be written (the articles being exported). */
  forbidden?: ReadonlySet<string>;
  /** A span the format cannot hold and that was therefore not written (the message names the document and the span). */
  onRefused?: (message: string) => void;
}

/** True when `out` names one file rather than a folder (see the module comment). */
export function isFileOutput(format: ExportFormat, out: string, split: boolean): boolean {
  return format !== 'brat' && !split && ['.jsonl', '.conll', '.json', '.txt'].includes(extname(out).toLowerCase());
}

export interface ExportSummary {
  format: ExportFormat;
  offsetUnit: 'codepoint';
  documents: number;
  /** Confirmed spans per label. */
  spans: Record<string, number>;
  /** Unreviewed suggestions per label, written apart from the confirmed spans. */
  suggestions: Record<string, number>;
  /** Documents per review status. */
  statuses: Partial<Record<ReviewStatus, number>>;
  /** Orphaned annotations left out (they have no place in the text). */
  orphans: number;
  /** Documents that had orphans (the first 50). */
  documentsWithOrphans: string[];
  /** Documents per split, when splitting. */
  splits?: Record<SplitName, number>;
  /** Files and folders written. */
  files: string[];
  cancelled: boolean;
  /** Said before writing: an earlier export replaced, a non-empty folder written into. */
  notes: string[];
}

/**
 * Appends to one file through a buffer; awaiting each flush keeps memory
 * bounded. The file is a temporary one until {@link close} puts it in place.
 */
class BufferedFile {
  private buf: string[] = [];
  private size = 0;
  private constructor(private readonly file: StreamedFile) {}

  static async open(writer: ConfinedWriter, rel: string): Promise<BufferedFile> {
    return new BufferedFile(await writer.open(rel));
  }

  async write(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buf.length) return;
    const s = this.buf.join('');
    this.buf = [];
    this.size = 0;
    // writeFile writes it all: one write may take fewer bytes (a disk filling up, a file size
    // limit), and a short write taken as whole leaves a truncated dataset reported as exported.
    try {
      await this.file.fh.writeFile(s);
    } catch (e) {
      throw new ExportWriteError(`cannot write ${this.file.path}: ${writeFailure(e)}, then export again. The export stopped; no half-written file was left in its place.`);
    }
  }

  /** Write what is buffered and put the file in place; or, when the export failed, drop it. */
  async close(ok: boolean): Promise<void> {
    if (!ok) return this.file.abort();
    try {
      await this.flush();
      await this.file.commit();
    } catch (e) {
      await this.file.abort();
      throw e instanceof ExportWriteError ? e : new ExportWriteError(`cannot write ${this.file.path}: ${writeFailure(e)}, then export again.`);
    }
  }
}

/** A file of the export could not be written (the message says which and what to do). */
export class ExportWriteError extends Error {}

interface Sink {
  write(doc: ExportDoc, split: SplitName | undefined): Promise<void>;
  /** `ok` false: the export failed; streamed files are dropped, not put in place. */
  close(ok: boolean): Promise<void>;
}

/** A document id as a safe relative path (no `..`, not absolute). */
export function safeRelativePath(id: string): string {
  const n = normalize(id.replace(/\\/g, '/'));
  if (!n || n === '.' || isAbsolute(n) || n === '..' || n.startsWith('..' + sep) || n.split(sep).includes('..')) {
    throw new Error(`document id ${JSON.stringify(id)} is not a safe relative path`);
  }
  return n;
}

const STATUS_NOTE =
  'Each article has a review status: done, inProgress or new. By default only done articles are exported;\n' +
  'documents.tsv lists every exported document with its status and counts.\n';

const README: Record<ExportFormat, string> = {
  jsonl:
    'One document per line: {"id","text","spans":[{"start","end","label","text"}],"suggestions"?,"meta":{"offsetUnit","status"}}.\n' +
    'Offsets are CODE POINTS (Python str indices; text[start:end] == span text), end exclusive.\n' +
    '"spans" are confirmed annotations only. A linked span has "entityId". Unreviewed suggestions, when present, are\n' +
    'under "suggestions" (with "source", "reason", "confidence" when known); never train on them as gold.\n' +
    STATUS_NOTE,
  conll:
    'CoNLL-2003 style, IOB2 tags, four space-separated columns: `token -X- _ TAG`.\n' +
    'Each document starts with `-DOCSTART- -X- O O` and a blank line; sentences are separated by a blank line.\n' +
    'Sentences end at danda (।, ॥, | typed for a danda), at . ? ! followed by a space, and at line breaks.\n' +
    'Tokens are Hindi-aware (matras, nukta, virama stay in words; punctuation and a visarga used as a colon split off);\n' +
    'a span edge inside a token splits it; no token holds a character a whitespace-splitting reader splits at.\n' +
    'Tags are confirmed annotations only; unreviewed suggestions are not written.\n' +
    'Tokens carry no offsets; the other formats use code points.\n' +
    STATUS_NOTE,
  brat:
    'brat standoff: name.txt + name.ann, `T1<TAB>LABEL start end<TAB>surface`, confirmed annotations only.\n' +
    'Offsets are CODE POINTS, 0-based, end exclusive; a span across a character brat ends a line at\n' +
    '(\\n \\r \\v \\f U+001C-U+001E U+0085 U+2028 U+2029) is written as fragments `a b;c d`.\n' +
    'Entity links: `N1<TAB>Reference T1 Wikidata:Q…<TAB>name`, or `HindiNewsKB:<id>` for an entry without a Wikidata item.\n' +
    'Unreviewed suggestions, when present, are in name.suggestions.ann (same syntax; brat ignores the file).\n' +
    STATUS_NOTE,
  labelstudio:
    'Label Studio tasks (JSON array). Confirmed spans of done articles are "annotations"; unreviewed suggestions are\n' +
    '"predictions". An article not done has no annotation: its confirmed spans are a prediction of their own\n' +
    '(model_version "hindi-news-annotator: confirmed, article in progress"). meta.status is the review status.\n' +
    'Offsets (value.start / value.end) are CODE POINTS, as Label Studio counts them; task meta.offsetUnit says so.\n' +
    'Labelling config: see label-config.xml.\n' +
    STATUS_NOTE,
};

const DOCUMENTS_TSV_HEADER = 'id\tstatus\tconfirmed\tunreviewed\n';

async function openSink(opts: ExportOptions, plan: OutputPlan, writer: ConfinedWriter, labels: Set<string>): Promise<Sink> {
  const { format } = opts;
  // Every folder output lists its documents with their review status, whatever the format can carry itself.
  let documentsTsv = plan.file ? undefined : DOCUMENTS_TSV_HEADER;
  const listDoc = (doc: ExportDoc) => {
    if (documentsTsv === undefined) return;
    const conf = doc.spans.filter((s) => !s.suggestion).length;
    documentsTsv += `${doc.id.replace(/[\t\n\r]/g, ' ')}\t${doc.status ?? 'done'}\t${conf}\t${doc.spans.length - conf}\n`;
  };
  if (format === 'brat') {
    return {
      async write(doc, split) {
        const rel = safeRelativePath(doc.id);
        const stem = rel.endsWith('.txt') ? rel.slice(0, -4) : rel;
        const base = split ? `${split}/${stem}` : stem;
        const { txt, ann, suggestions, refused } = toBrat(doc, opts.resolver);
        for (const r of refused) opts.onRefused?.(`${doc.id}: span ${JSON.stringify(r.text)} (${r.label}) not written to brat: ${r.reason}`);
        await writer.writeFile(base + '.txt', txt);
        await writer.writeFile(base + '.ann', ann);
        if (suggestions !== undefined) await writer.writeFile(base + BRAT_SUGGESTIONS_SUFFIX, suggestions);
        listDoc(doc);
      },
      async close(ok) {
        if (!ok) return;
        await writer.writeFile('annotation.conf', bratConf(labels));
        await writer.writeFile('README.md', README.brat);
        if (documentsTsv !== undefined) await writer.writeFile('documents.tsv', documentsTsv);
      },
    };
  }
  const ext = EXT[format];
  const rels: Partial<Record<SplitName | 'all', string>> = {};
  if (opts.split) for (const s of SPLIT_NAMES) rels[s] = s + ext;
  else rels.all = plan.file ?? 'annotations' + ext;
  const handles = new Map<string, BufferedFile>();
  const count = new Map<string, number>();
  for (const [k, rel] of Object.entries(rels)) {
    const f = await BufferedFile.open(writer, rel!);
    handles.set(k, f);
    count.set(k, 0);
    if (format === 'labelstudio') await f.write('[');
  }
  return {
    async write(doc, split) {
      const key = split ?? 'all';
      const f = handles.get(key)!;
      const n = count.get(key)! + 1;
      count.set(key, n);
      if (format === 'jsonl') await f.write(toJsonl(doc));
      else if (format === 'conll') await f.write(toConll(doc));
      else await f.write((n > 1 ? ',\n' : '\n') + JSON.stringify(toLabelStudioTask(doc, n)));
      listDoc(doc);
    },
    async close(ok) {
      for (const [k, f] of handles) {
        if (ok && format === 'labelstudio') await f.write(count.get(k)! > 0 ? '\n]\n' : ']\n');
        await f.close(ok);
      }
      if (ok && !plan.file) {
        await writer.writeFile('README.md', README[format]);
        if (format === 'labelstudio') await writer.writeFile('label-config.xml', labelStudioConfig(labels));
        if (documentsTsv !== undefined) await writer.writeFile('documents.tsv', documentsTsv);
      }
    },
  };
}

/**
 * Export documents as they arrive. Resolves with the summary; rejects on I/O
 * errors (the message names the file).
 */
export async function exportDocuments(docs: AsyncIterable<ExportDoc> | Iterable<ExportDoc>, opts: ExportOptions): Promise<ExportSummary> {
  try {
    return await exportStream(docs, opts);
  } catch (e) {
    // A file system error says what it means and what to do, not only `ENOSPC: …, write`.
    if (typeof (e as NodeJS.ErrnoException).code === 'string' && !(e instanceof ExportWriteError)) {
      throw new ExportWriteError(`cannot write the export to ${opts.out}: ${writeFailure(e)}, then export again.`);
    }
    throw e;
  }
}

async function exportStream(docs: AsyncIterable<ExportDoc> | Iterable<ExportDoc>, opts: ExportOptions): Promise<ExportSummary> {
  const summary: ExportSummary = {
    format: opts.format,
    offsetUnit: 'codepoint',
    documents: 0,
    spans: {},
    suggestions: {},
    orphans: 0,
    documentsWithOrphans: [],
    statuses: {},
    files: [],
    cancelled: false,
    notes: [],
  };
  if (opts.split) summary.splits = { train: 0, dev: 0, test: 0 };
  const labels = new Set<string>(['PERSON', 'PARTY', 'DATE']);
  const plan =
    opts.plan ??
    (await planExportOutput({ out: opts.out, isFile: isFileOutput(opts.format, opts.out, !!opts.split), force: false, articles: new Set(), rootFolders: [], confines: [] }));
  summary.notes.push(...plan.notes);
  const writer = new ConfinedWriter(plan.folder, opts.forbidden);
  const unlock = plan.file ? undefined : await lockExportFolder(writer);
  try {
    // The marker goes first, so even an interrupted export is never read as articles.
    if (!plan.file) await writeMarker(writer, opts.format, plan.previousFiles, false);
    return await writeAll(docs, opts, plan, writer, labels, summary);
  } finally {
    await unlock?.();
  }
}

async function writeAll(docs: AsyncIterable<ExportDoc> | Iterable<ExportDoc>, opts: ExportOptions, plan: OutputPlan, writer: ConfinedWriter, labels: Set<string>, summary: ExportSummary): Promise<ExportSummary> {
  const sink = await openSink(opts, plan, writer, labels);
  let finished = false;
  try {
    for await (const doc of docs) {
      if (opts.signal?.aborted) {
        summary.cancelled = true;
        break;
      }
      const split = opts.split ? assignSplit(doc.id, opts.split) : undefined;
      await sink.write(doc, split);
      summary.documents++;
      const st = doc.status ?? 'done';
      summary.statuses[st] = (summary.statuses[st] ?? 0) + 1;
      if (split) summary.splits![split]++;
      for (const s of doc.spans) {
        labels.add(s.label);
        const bucket = s.suggestion ? summary.suggestions : summary.spans;
        bucket[s.label] = (bucket[s.label] ?? 0) + 1;
      }
      if (doc.orphans) {
        summary.orphans += doc.orphans;
        if (summary.documentsWithOrphans.length < 50) summary.documentsWithOrphans.push(doc.id);
      }
      opts.onProgress?.(summary.documents);
    }
    finished = true;
  } finally {
    await sink.close(finished);
    if (!plan.file) {
      // The earlier export's files stay until this one is complete; then those not written again go.
      if (finished && !summary.cancelled) await removeStaleFiles(plan.folder, plan.previousFiles, writer.written);
      // Complete only now: an export that stops before this (a kill, a full disk) stays marked unfinished.
      await writeMarker(writer, opts.format, finished && !summary.cancelled ? [] : plan.previousFiles, finished && !summary.cancelled);
    }
  }
  summary.files =
    opts.format === 'brat' ? [opts.out] : plan.file ? [opts.out] : opts.split ? SPLIT_NAMES.map((n) => join(opts.out, n + EXT[opts.format as Exclude<ExportFormat, 'brat'>])) : [join(opts.out, 'annotations' + EXT[opts.format as Exclude<ExportFormat, 'brat'>])];
  return summary;
}

async function writeMarker(writer: ConfinedWriter, format: ExportFormat, previous: readonly string[], complete: boolean): Promise<void> {
  const files = [...new Set([...previous, ...writer.written.filter((f) => f !== EXPORT_MARKER)])].sort();
  const marker: ExportMarker = { tool: 'hindi-news-annotator', kind: 'export', format, files, complete };
  await writer.writeFile(EXPORT_MARKER, JSON.stringify(marker, null, 1) + '\n');
}

/** One line per fact, for the command line and the editor's summary message. */
export function formatSummary(s: ExportSummary, out: string): string {
  const per = (r: Record<string, number>) =>
    Object.keys(r).length
      ? Object.entries(r)
          .sort()
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
      : 'none';
  const lines = [`${s.cancelled ? 'cancelled after' : 'exported'} ${s.documents} document${s.documents === 1 ? '' : 's'} as ${s.format} to ${out} (offsets in code points)`];
  if (s.splits) lines.push(`split: train ${s.splits.train}, dev ${s.splits.dev}, test ${s.splits.test}`);
  lines.push(`spans: ${per(s.spans)}`);
  if (Object.keys(s.suggestions).length) lines.push(`suggestions: ${per(s.suggestions)}`);
  if (s.orphans) lines.push(`orphaned annotations left out: ${s.orphans} (in ${s.documentsWithOrphans.join(', ')}${s.documentsWithOrphans.length >= 50 ? ', …' : ''})`);
  return lines.join('\n');
}
