/**
 * `hindi-news export` and `hindi-news import`.
 *
 * Export reads each article with the sidecar beside it and streams documents
 * to the exporter, so memory does not grow with the corpus. With
 * `--with-suggestions` the recogniser runs in worker threads (one per core by
 * default); results are put back in input order, so the output is the same
 * whatever the number of jobs.
 *
 * Worker threads start this same script (the bundled `cli.js`, or the
 * language server bundle when it calls {@link exportPaths}) with
 * `workerData.hnaExportWorker`; the entry point must not run its own main
 * function when `isMainThread` is false. If workers cannot start, the work
 * is done in the main thread.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fromSidecar, readSidecar, sidecarPath, toSidecar, writeSidecar } from '../core/annotations/sidecar';
import { docFromAnnotations, type ExportDoc } from '../core/export/doc';
import { importedToAnnotationSet, ImportError, parseBrat, parseJsonlRecord, type ImportedDoc, type OffsetUnit } from '../core/export/import';
import { EXPORT_FORMATS, exportDocuments, formatSummary, safeRelativePath, type EntityResolver, type ExportFormat, type ExportSummary } from '../core/export/index';
import { parseRatios, type SplitSpec } from '../core/export/split';
import { Recognizer } from '../core/recognizer';
import { expandPaths, readArticle } from './inputs';

const USAGE_EXPORT = `usage: hindi-news export <folders/files…> --format jsonl|conll|brat|labelstudio --out <dir|file>
         [--with-suggestions] [--include-unannotated] [--split 80/10/10 [--seed N]] [--jobs N]
Exports the annotations saved beside each article (article.txt.hna.json).
Articles without saved annotations are left out unless --include-unannotated or --with-suggestions.
Offsets in every format are code points.`;

const USAGE_IMPORT = `usage: hindi-news import <file.jsonl | folder of brat .txt/.ann> --into <folder> [--force] [--offset-unit codepoint|utf16]
Writes each document as <folder>/<id>.txt with its annotations beside it.
Existing articles with other text and existing annotation files are kept unless --force.`;

export interface CliIo {
  /** Where messages go; defaults to process.stderr. */
  stderr?: (line: string) => void;
}

// ---------------------------------------------------------------- preparing one article

export interface PrepareOptions {
  withSuggestions: boolean;
  includeUnannotated: boolean;
}

export type PrepResult =
  | { kind: 'doc'; doc: ExportDoc; notes: string[] }
  | { kind: 'skip'; id: string; reason: string }
  | { kind: 'error'; error: string };

/** Read one article and its sidecar into an export document. Never throws. */
export async function prepareArticle(path: string, id: string, opts: PrepareOptions, recognizer?: Recognizer | (() => Recognizer)): Promise<PrepResult> {
  try {
    const art = readArticle(path);
    if (!art.ok) return { kind: 'error', error: art.error };
    const text = art.doc.text;
    const sc = await readSidecar(sidecarPath(path));
    if (!sc.ok && sc.kind !== 'missing') return { kind: 'error', error: sc.error };
    if (!sc.ok && !opts.withSuggestions && !opts.includeUnannotated) return { kind: 'skip', id, reason: 'not annotated' };
    const notes: string[] = [];
    const { set, stale, report } = sc.ok ? fromSidecar(sc.data, text) : fromSidecar(emptySidecar(), text);
    if (sc.ok && stale && report) {
      notes.push(
        `${path}: the article changed since it was annotated; ${report.moved.length} span(s) re-anchored, ${report.orphaned.length} orphaned (open it in the editor to review)`,
      );
    }
    let suggestions: ReturnType<Recognizer['recognize']>['spans'] = [];
    if (opts.withSuggestions) {
      const r = typeof recognizer === 'function' ? recognizer() : recognizer ?? new Recognizer();
      suggestions = set.filterSuggestions(r.recognize(text).spans);
    }
    return { kind: 'doc', doc: docFromAnnotations(id, set, suggestions), notes };
  } catch (e) {
    return { kind: 'error', error: `${path}: ${(e as Error).message}` };
  }
}

function emptySidecar() {
  return { schema: 'hindi-news-annotations' as const, version: 1, article: '', contentHash: '', offsetUnit: 'codepoint' as const, annotations: [], rejections: [], orphans: [] };
}

// ---------------------------------------------------------------- worker threads

interface WorkerTask {
  seq: number;
  path: string;
  id: string;
  opts: PrepareOptions;
}

if (!isMainThread && (workerData as { hnaExportWorker?: boolean } | null)?.hnaExportWorker === true && parentPort) {
  const port = parentPort;
  let recognizer: Recognizer | undefined;
  const get = () => (recognizer ??= new Recognizer());
  port.on('message', (t: WorkerTask) => {
    void prepareArticle(t.path, t.id, t.opts, get).then((result) => port.postMessage({ seq: t.seq, result }));
  });
}

/** Recognises in worker threads; falls back to the main thread if a worker fails. */
class PrepPool {
  private workers: Array<{ w: Worker; pending: Map<number, { task: WorkerTask; resolve: (r: PrepResult) => void }> }> = [];
  private seq = 0;
  private local: Recognizer | undefined;

  constructor(jobs: number, script: string, private readonly warn: (m: string) => void) {
    for (let i = 0; i < jobs; i++) {
      let w: Worker;
      try {
        w = script.endsWith('.ts')
          ? // Running from TypeScript sources (tests, benchmark): load them through tsx in the worker too.
            new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(script)});`, {
              eval: true,
              workerData: { hnaExportWorker: true },
            })
          : new Worker(script, { workerData: { hnaExportWorker: true } });
      } catch {
        break;
      }
      const entry = { w, pending: new Map<number, { task: WorkerTask; resolve: (r: PrepResult) => void }>() };
      w.on('message', (m: { seq: number; result: PrepResult }) => {
        const p = entry.pending.get(m.seq);
        if (!p) return;
        entry.pending.delete(m.seq);
        p.resolve(m.result);
      });
      const fail = (e?: unknown) => {
        if (!this.workers.includes(entry)) return;
        this.warn(`a worker thread stopped${e instanceof Error ? ` (${e.message})` : ''}; its articles are recognised in the main thread`);
        this.workers = this.workers.filter((x) => x !== entry);
        for (const { task, resolve } of entry.pending.values()) void this.runLocal(task).then(resolve);
        entry.pending.clear();
      };
      w.on('error', fail);
      w.on('exit', fail);
      this.workers.push(entry);
    }
  }

  run(path: string, id: string, opts: PrepareOptions): Promise<PrepResult> {
    const task: WorkerTask = { seq: this.seq++, path, id, opts };
    if (this.workers.length === 0) return this.runLocal(task);
    let best = this.workers[0]!;
    for (const e of this.workers) if (e.pending.size < best.pending.size) best = e;
    return new Promise((resolve) => {
      best.pending.set(task.seq, { task, resolve });
      best.w.postMessage(task);
    });
  }

  private runLocal(t: WorkerTask): Promise<PrepResult> {
    return prepareArticle(t.path, t.id, t.opts, () => (this.local ??= new Recognizer()));
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = []; // terminate() emits 'exit'; it is not a failure now
    await Promise.all(ws.map((e) => e.w.terminate()));
  }
}

// ---------------------------------------------------------------- export

export interface ExportPathsOptions extends PrepareOptions {
  format: ExportFormat;
  out: string;
  split?: SplitSpec;
  /** Worker threads for recognising (with suggestions only); defaults to the number of cores. */
  jobs?: number;
  resolver?: EntityResolver;
  signal?: AbortSignal;
  onProgress?: (documents: number, total: number) => void;
  /** Called for each problem (naming the file) and each note. */
  onMessage?: (message: string, severity: 'error' | 'warning') => void;
  /** Script the worker threads run; defaults to this module's file (see the module comment). */
  workerScript?: string;
}

/** Export articles under `paths` (files and folders). For the CLI and the editor's export command. */
export async function exportPaths(paths: readonly string[], o: ExportPathsOptions): Promise<ExportSummary & { errors: number; skipped: number }> {
  const say = o.onMessage ?? (() => undefined);
  let errors = 0;
  let skipped = 0;
  const items: Array<{ path: string; id: string }> = [];
  const seen = new Map<string, string>();
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await fsp.stat(p)).isDirectory();
    } catch {
      // expandPaths reports it.
    }
    for (const f of expandPaths([p])) {
      if (f.error) {
        errors++;
        say(f.error, 'error');
        continue;
      }
      const id = isDir ? relative(p, f.path).split('\\').join('/') : basename(f.path);
      const prev = seen.get(id);
      if (prev !== undefined) {
        errors++;
        say(`${f.path}: same document id "${id}" as ${prev}; export the folders separately or rename one`, 'error');
        continue;
      }
      seen.set(id, f.path);
      items.push({ path: f.path, id });
    }
  }
  seen.clear();
  if (o.withSuggestions) {
    // Fail once, clearly, when the recogniser cannot start (for example a broken knowledge base), not once per file.
    try {
      new Recognizer().recognize('');
    } catch (e) {
      throw new Error(`cannot make suggestions: ${(e as Error).message}`);
    }
  }
  const prepOpts: PrepareOptions = { withSuggestions: o.withSuggestions, includeUnannotated: o.includeUnannotated };
  const jobs = Math.max(1, o.jobs ?? availableParallelism());
  const pool = o.withSuggestions && jobs > 1 && items.length > 1 ? new PrepPool(Math.min(jobs, items.length), o.workerScript ?? __filename, (m) => say(m, 'warning')) : undefined;
  const localRecognizer = o.withSuggestions && !pool ? new Recognizer() : undefined;
  const prep = (it: { path: string; id: string }) => (pool ? pool.run(it.path, it.id, prepOpts) : prepareArticle(it.path, it.id, prepOpts, localRecognizer));
  const window = pool ? jobs * 4 : 8;
  const total = items.length;

  async function* docs(): AsyncGenerator<ExportDoc> {
    const q: Array<Promise<PrepResult>> = [];
    let i = 0;
    while (i < items.length || q.length) {
      while (i < items.length && q.length < window) q.push(prep(items[i++]!));
      const r = await q.shift()!;
      if (r.kind === 'error') {
        errors++;
        say(r.error, 'error');
      } else if (r.kind === 'skip') skipped++;
      else {
        for (const n of r.notes) say(n, 'warning');
        yield r.doc;
      }
    }
  }

  try {
    const summary = await exportDocuments(docs(), {
      format: o.format,
      out: o.out,
      ...(o.split ? { split: o.split } : {}),
      ...(o.resolver ? { resolver: o.resolver } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (n) => o.onProgress?.(n, total),
    });
    return { ...summary, errors, skipped };
  } finally {
    await pool?.close();
  }
}

interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[], valued: readonly string[], boolean: readonly string[]): ParsedArgs | string {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (boolean.includes(name)) flags.set(name, true);
    else if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) return `--${name} needs a value`;
      flags.set(name, v);
    } else return `unknown option ${a}`;
  }
  return { positional, flags };
}

/** `hindi-news export …`; returns the exit code (0 ok, 1 some files failed, 2 usage). */
export async function runExport(argv: string[], io: CliIo = {}): Promise<number> {
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s + '\n'));
  const args = parseArgs(argv, ['format', 'out', 'split', 'seed', 'jobs'], ['with-suggestions', 'include-unannotated', 'help']);
  if (typeof args === 'string') {
    err(`hindi-news export: ${args}\n${USAGE_EXPORT}`);
    return 2;
  }
  if (args.flags.has('help')) {
    err(USAGE_EXPORT);
    return 0;
  }
  const format = (args.flags.get('format') ?? 'jsonl') as ExportFormat;
  const out = args.flags.get('out');
  const problems: string[] = [];
  if (!EXPORT_FORMATS.includes(format)) problems.push(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (typeof out !== 'string' || !out) problems.push('--out <dir|file> is required');
  if (args.positional.length === 0) problems.push('give at least one folder or article to export');
  let split: SplitSpec | undefined;
  const splitArg = args.flags.get('split');
  const seedArg = args.flags.get('seed') ?? '0';
  if (typeof splitArg === 'string') {
    try {
      const seed = Number(seedArg);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${JSON.stringify(seedArg)}`);
      split = { ratios: parseRatios(splitArg), seed };
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  let jobs: number | undefined;
  const jobsArg = args.flags.get('jobs');
  if (typeof jobsArg === 'string') {
    jobs = Number(jobsArg);
    if (!Number.isInteger(jobs) || jobs < 1) problems.push(`--jobs must be a positive integer, not ${JSON.stringify(jobsArg)}`);
  }
  if (problems.length) {
    err(`hindi-news export: ${problems.join('; ')}\n${USAGE_EXPORT}`);
    return 2;
  }
  try {
    const summary = await exportPaths(args.positional, {
      format,
      out: out as string,
      withSuggestions: args.flags.has('with-suggestions'),
      includeUnannotated: args.flags.has('include-unannotated'),
      ...(split ? { split } : {}),
      ...(jobs ? { jobs } : {}),
      onMessage: (m, sev) => err(`${sev}: ${m}`),
    });
    err(formatSummary(summary, out as string));
    if (summary.skipped) err(`left out ${summary.skipped} article(s) without saved annotations (use --include-unannotated or --with-suggestions to include them)`);
    if (summary.errors) err(`${summary.errors} file(s) could not be exported (see the errors above)`);
    return summary.errors ? 1 : 0;
  } catch (e) {
    err(`hindi-news export: ${(e as Error).message}`);
    return 1;
  }
}

// ---------------------------------------------------------------- import

async function* jsonlDocs(file: string, unit: OffsetUnit, onError: (m: string) => void): AsyncGenerator<ImportedDoc> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    try {
      yield parseJsonlRecord(line, `${file}:${n}`, unit);
    } catch (e) {
      if (e instanceof ImportError) onError(e.message);
      else throw e;
    }
  }
}

async function* bratDocs(dir: string, onError: (m: string) => void): AsyncGenerator<ImportedDoc> {
  for (const f of expandPaths([dir])) {
    if (f.error) {
      onError(f.error);
      continue;
    }
    const art = readArticle(f.path);
    if (!art.ok) {
      onError(art.error);
      continue;
    }
    const annPath = f.path.slice(0, -4) + '.ann';
    let ann: string;
    try {
      ann = await fsp.readFile(annPath, 'utf8');
    } catch {
      // A text without an .ann file: imported without annotations.
      yield { id: relative(dir, f.path).split('\\').join('/'), text: art.doc.text, spans: [], skippedSuggestions: -1 };
      continue;
    }
    try {
      yield parseBrat(relative(dir, f.path).split('\\').join('/'), art.doc.text, ann, annPath);
    } catch (e) {
      if (e instanceof ImportError) onError(e.message);
      else throw e;
    }
  }
}

/** `hindi-news import …`; returns the exit code. */
export async function runImport(argv: string[], io: CliIo = {}): Promise<number> {
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s + '\n'));
  const args = parseArgs(argv, ['into', 'offset-unit'], ['force', 'help']);
  if (typeof args === 'string') {
    err(`hindi-news import: ${args}\n${USAGE_IMPORT}`);
    return 2;
  }
  if (args.flags.has('help')) {
    err(USAGE_IMPORT);
    return 0;
  }
  const into = args.flags.get('into');
  const unit = args.flags.get('offset-unit') ?? 'codepoint';
  const force = args.flags.has('force');
  if (args.positional.length !== 1 || typeof into !== 'string' || (unit !== 'codepoint' && unit !== 'utf16')) {
    err(`hindi-news import: give one JSONL file or brat folder, --into <folder>, and --offset-unit codepoint|utf16 if any\n${USAGE_IMPORT}`);
    return 2;
  }
  const input = args.positional[0]!;
  let isDir: boolean;
  try {
    isDir = (await fsp.stat(input)).isDirectory();
  } catch {
    err(`hindi-news import: cannot read ${input}: no such file or folder`);
    return 1;
  }
  let errors = 0;
  let documents = 0;
  let skippedSuggestions = 0;
  const spans: Record<string, number> = {};
  const onError = (m: string) => {
    errors++;
    err(`error: ${m}`);
  };
  const source = isDir ? bratDocs(input, onError) : jsonlDocs(input, unit, onError);
  try {
    for await (const doc of source) {
      let rel: string;
      try {
        rel = safeRelativePath(doc.id.endsWith('.txt') ? doc.id : doc.id + '.txt');
      } catch (e) {
        onError(`${input}: ${(e as Error).message}`);
        continue;
      }
      const article = join(into, rel);
      if (!(await writeArticle(article, doc.text, force, onError))) continue;
      if (doc.skippedSuggestions < 0) {
        documents++;
        continue;
      }
      const { set, errors: problems } = importedToAnnotationSet(doc);
      for (const p of problems) onError(p);
      const w = await writeSidecar(sidecarPath(article), toSidecar(set, article), { force });
      if (!w.ok) {
        onError(w.error);
        continue;
      }
      documents++;
      skippedSuggestions += doc.skippedSuggestions;
      for (const a of set.annotations()) spans[a.label] = (spans[a.label] ?? 0) + 1;
    }
  } catch (e) {
    onError(`${input}: ${(e as Error).message}`);
  }
  const per = Object.entries(spans).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  err(`imported ${documents} document(s) into ${into}; spans: ${per}`);
  if (skippedSuggestions) err(`left out ${skippedSuggestions} unreviewed suggestion(s)`);
  if (errors) err(`${errors} problem(s) (see the errors above)`);
  return errors ? 1 : 0;
}

async function writeArticle(path: string, text: string, force: boolean, onError: (m: string) => void): Promise<boolean> {
  try {
    const existing = await fsp.readFile(path, 'utf8').catch(() => undefined);
    if (existing !== undefined && existing !== text && !force) {
      onError(`${path} already exists with different text; not replaced (use --force to replace it)`);
      return false;
    }
    if (!force && (await exists(sidecarPath(path)))) {
      onError(`${sidecarPath(path)} already holds annotations; not replaced (use --force to replace them)`);
      return false;
    }
    if (existing !== text) {
      await fsp.mkdir(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      await fsp.writeFile(tmp, text);
      await fsp.rename(tmp, path);
    }
    return true;
  } catch (e) {
    onError(`cannot write ${path}: ${(e as Error).message}`);
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.access(path);
    return true;
  } catch {
    return false;
  }
}
