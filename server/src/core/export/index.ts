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
import { promises as fsp } from 'node:fs';
import { dirname, extname, isAbsolute, join, normalize, sep } from 'node:path';
import { bratConf, toBrat, type EntityResolver } from './brat';
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
}

export interface ExportSummary {
  format: ExportFormat;
  offsetUnit: 'codepoint';
  documents: number;
  /** Confirmed spans per label. */
  spans: Record<string, number>;
  /** Unreviewed suggestions per label (with suggestions only). */
  suggestions: Record<string, number>;
  /** Orphaned annotations left out (they have no place in the text). */
  orphans: number;
  /** Documents that had orphans (the first 50). */
  documentsWithOrphans: string[];
  /** Documents per split, when splitting. */
  splits?: Record<SplitName, number>;
  /** Files and folders written. */
  files: string[];
  cancelled: boolean;
}

/** Appends to one file through a buffer; awaiting each flush keeps memory bounded. */
class BufferedFile {
  private buf: string[] = [];
  private size = 0;
  private constructor(private readonly fh: fsp.FileHandle) {}

  static async open(path: string): Promise<BufferedFile> {
    await fsp.mkdir(dirname(path), { recursive: true });
    return new BufferedFile(await fsp.open(path, 'w'));
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
    await this.fh.write(s);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.fh.close();
  }
}

interface Sink {
  write(doc: ExportDoc, split: SplitName | undefined): Promise<void>;
  close(): Promise<void>;
}

/** A document id as a safe relative path (no `..`, not absolute). */
export function safeRelativePath(id: string): string {
  const n = normalize(id.replace(/\\/g, '/'));
  if (!n || n === '.' || isAbsolute(n) || n === '..' || n.startsWith('..' + sep) || n.split(sep).includes('..')) {
    throw new Error(`document id ${JSON.stringify(id)} is not a safe relative path`);
  }
  return n;
}

const README: Record<ExportFormat, string> = {
  jsonl:
    'One document per line: {"id","text","spans":[{"start","end","label","text"}],"meta"}.\n' +
    'Offsets are CODE POINTS (Python str indices; text[start:end] == span text), end exclusive.\n' +
    'A span linked to an entity has "entityId"; an unreviewed suggestion has "source": "suggestion".\n',
  conll:
    'CoNLL-2003 style, IOB2 tags, four space-separated columns: `token -X- _ TAG`.\n' +
    'Each document starts with `-DOCSTART- -X- O O` and a blank line; sentences are separated by a blank line.\n' +
    'Sentences end at danda (।, ॥, | typed for a danda), at . ? ! followed by a space, and at line breaks.\n' +
    'Tokens are Hindi-aware (matras, nukta, virama stay in words; punctuation split off); a span edge inside a token splits it.\n' +
    'Tokens carry no offsets; the other formats use code points.\n',
  brat:
    'brat standoff: name.txt + name.ann, `T1<TAB>LABEL start end<TAB>surface`.\n' +
    'Offsets are CODE POINTS, 0-based, end exclusive; spans crossing a line break are written as fragments `a b;c d`.\n' +
    'Wikidata links: `N1<TAB>Reference T1 Wikidata:Q…<TAB>name`. Unreviewed suggestions carry `#n<TAB>AnnotatorNotes Tn<TAB>suggestion`.\n',
  labelstudio:
    'Label Studio tasks (JSON array). Confirmed spans are "annotations", unreviewed suggestions "predictions".\n' +
    'Offsets (value.start / value.end) are CODE POINTS, as Label Studio counts them; task meta.offsetUnit says so.\n' +
    'Labelling config: see label-config.xml.\n',
};

async function openSink(opts: ExportOptions, labels: Set<string>, files: string[]): Promise<Sink> {
  const { format, out } = opts;
  if (format === 'brat') {
    await fsp.mkdir(out, { recursive: true });
    const made = new Set<string>();
    return {
      async write(doc, split) {
        const rel = safeRelativePath(doc.id);
        const stem = rel.endsWith('.txt') ? rel.slice(0, -4) : rel;
        const base = split ? join(out, split, stem) : join(out, stem);
        const dir = dirname(base);
        if (!made.has(dir)) {
          await fsp.mkdir(dir, { recursive: true });
          made.add(dir);
        }
        const { txt, ann } = toBrat(doc, opts.resolver);
        await fsp.writeFile(base + '.txt', txt);
        await fsp.writeFile(base + '.ann', ann);
      },
      async close() {
        await fsp.writeFile(join(out, 'annotation.conf'), bratConf(labels));
        await fsp.writeFile(join(out, 'README.md'), README.brat);
        files.push(out);
      },
    };
  }
  const ext = EXT[format];
  const isFile = !opts.split && ['.jsonl', '.conll', '.json', '.txt'].includes(extname(out).toLowerCase());
  const paths: Partial<Record<SplitName | 'all', string>> = {};
  if (opts.split) for (const s of SPLIT_NAMES) paths[s] = join(out, s + ext);
  else paths.all = isFile ? out : join(out, 'annotations' + ext);
  const handles = new Map<string, BufferedFile>();
  const count = new Map<string, number>();
  for (const [k, p] of Object.entries(paths)) {
    const f = await BufferedFile.open(p!);
    handles.set(k, f);
    count.set(k, 0);
    if (format === 'labelstudio') await f.write('[');
    files.push(p!);
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
    },
    async close() {
      for (const [k, f] of handles) {
        if (format === 'labelstudio') await f.write(count.get(k)! > 0 ? '\n]\n' : ']\n');
        await f.close();
      }
      if (!isFile) {
        await fsp.writeFile(join(out, 'README.md'), README[format]);
        if (format === 'labelstudio') await fsp.writeFile(join(out, 'label-config.xml'), labelStudioConfig(labels));
      }
    },
  };
}

/**
 * Export documents as they arrive. Resolves with the summary; rejects on I/O
 * errors (the message names the file).
 */
export async function exportDocuments(docs: AsyncIterable<ExportDoc> | Iterable<ExportDoc>, opts: ExportOptions): Promise<ExportSummary> {
  const summary: ExportSummary = {
    format: opts.format,
    offsetUnit: 'codepoint',
    documents: 0,
    spans: {},
    suggestions: {},
    orphans: 0,
    documentsWithOrphans: [],
    files: [],
    cancelled: false,
  };
  if (opts.split) summary.splits = { train: 0, dev: 0, test: 0 };
  const labels = new Set<string>(['PERSON', 'PARTY', 'DATE']);
  const sink = await openSink(opts, labels, summary.files);
  try {
    for await (const doc of docs) {
      if (opts.signal?.aborted) {
        summary.cancelled = true;
        break;
      }
      const split = opts.split ? assignSplit(doc.id, opts.split) : undefined;
      await sink.write(doc, split);
      summary.documents++;
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
  } finally {
    await sink.close();
  }
  return summary;
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
