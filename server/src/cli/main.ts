/**
 * `hindi-news`: the command line.
 *
 *   hindi-news recognize <files or folders…> [--format jsonl|pretty]
 *   hindi-news recognize -            (JSONL {"id","text"} on stdin → JSONL on stdout, streaming)
 *   hindi-news eval GOLD.jsonl [PRED.jsonl] [--errors]
 *   hindi-news export <folders or files…> --format jsonl|conll|brat|labelstudio --out PATH
 *   hindi-news import <file.jsonl | brat folder> --into FOLDER
 *   hindi-news learn <annotated JSONL or folders…> --out MODEL.json [--base MODEL.json]
 *
 * Output offsets are Unicode code points (Python `str` indices).
 */
import { createInterface } from 'node:readline';
import { isMainThread } from 'node:worker_threads';
import { evaluate, formatEvalTable, type ScoredDoc } from '../core/evaluate';
import { Recognizer, type DocumentAnalysis } from '../core/recognizer';
import { runExport, runImport } from './export';
import { recognizerWithModel, runLearn, takeModelOption } from './learn';
import { expandPaths, readArticle } from './inputs';
import { formatPretty } from './pretty';

const USAGE = `usage:
  hindi-news recognize <files or folders…> [--format jsonl|pretty] [--model MODEL.json]
  hindi-news recognize -                  read JSONL {"id","text"} records on stdin
  hindi-news eval GOLD.jsonl [PRED.jsonl] [--errors] [--model MODEL.json]
  hindi-news export <folders or files…> --format jsonl|conll|brat|labelstudio --out PATH
                    [--with-suggestions] [--split 80/10/10 --seed N] [--jobs N]
  hindi-news import <file.jsonl | brat folder> --into FOLDER [--force]
  hindi-news learn <annotated JSONL files or folders…> --out MODEL.json [--base MODEL.json] [--seed N]
Offsets in JSONL output are Unicode code points.`;

/** A span as written to JSONL: code-point offsets. */
interface OutSpan {
  start: number;
  end: number;
  label: string;
  text: string;
  source: string;
  reason: string;
  entityId?: string;
  value?: string;
}

/** Convert sorted-by-start UTF-16 span offsets to code points in one pass. */
function toOutSpans(text: string, a: DocumentAnalysis): OutSpan[] {
  const out: OutSpan[] = [];
  let u = 0;
  let cp = 0;
  const advance = (target: number) => {
    while (u < target) {
      const c = text.charCodeAt(u);
      u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length && (text.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      cp++;
    }
    return cp;
  };
  for (const s of a.spans) {
    const start = advance(s.start);
    const save = [u, cp] as const;
    const end = advance(s.end);
    [u, cp] = save;
    const o: OutSpan = { start, end, label: s.label, text: s.text, source: s.source, reason: s.reason };
    if (s.entityId) o.entityId = s.entityId;
    const v = s.date?.iso ?? s.date?.relative;
    if (v) o.value = v;
    out.push(o);
  }
  return out;
}

function record(id: string, text: string, a: DocumentAnalysis): string {
  const rec: Record<string, unknown> = { id, text, spans: toOutSpans(text, a) };
  if (a.publication) rec.meta = { published: a.publication, offsets: 'codepoint' };
  else rec.meta = { offsets: 'codepoint' };
  return JSON.stringify(rec);
}

function writeOut(s: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

async function recognizeCommand(argv: string[]): Promise<number> {
  const m = takeModelOption(argv);
  if (m.error) {
    process.stderr.write(`hindi-news: ${m.error}\n`);
    return 2;
  }
  const args = m.args;
  let format = 'jsonl';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format') format = args[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice(9);
    else paths.push(a);
  }
  if (format !== 'jsonl' && format !== 'pretty') {
    process.stderr.write(`hindi-news: unknown --format '${format}' (use jsonl or pretty)\n`);
    return 2;
  }
  if (paths.length === 0) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const made = recognizerWithModel(m.model);
  if (!made.ok) {
    process.stderr.write(`hindi-news: ${made.error}\n`);
    return 2;
  }
  const rec = made.recognizer;
  if (paths.length === 1 && paths[0] === '-') return recognizeStdin(rec, format);
  let failed = 0;
  for (const entry of expandPaths(paths)) {
    if (entry.error) {
      process.stderr.write(`hindi-news: ${entry.error}\n`);
      failed++;
      continue;
    }
    const r = readArticle(entry.path);
    if (!r.ok) {
      process.stderr.write(`hindi-news: ${r.error}\n`);
      failed++;
      continue;
    }
    const a = rec.recognize(r.doc.text);
    await writeOut(format === 'pretty' ? formatPretty(r.doc.id, r.doc.text, a, colourWanted()) : record(r.doc.id, r.doc.text, a) + '\n');
  }
  if (failed) process.stderr.write(`hindi-news: ${failed} input(s) could not be read; the others were processed\n`);
  return failed ? 1 : 0;
}

function colourWanted(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR) return true;
  return !!process.stdout.isTTY;
}

/** Streaming filter: one output line per input line, constant memory. */
async function recognizeStdin(rec: Recognizer, format: string): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let failed = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      process.stderr.write(`hindi-news: stdin line ${lineNo}: not JSON (${(e as Error).message})\n`);
      failed++;
      continue;
    }
    const o = obj as { id?: unknown; text?: unknown };
    if (!o || typeof o !== 'object' || typeof o.text !== 'string') {
      process.stderr.write(`hindi-news: stdin line ${lineNo}: expected an object with a string "text" field\n`);
      failed++;
      continue;
    }
    const id = o.id === undefined ? String(lineNo) : String(o.id);
    // Lone surrogates from a broken producer: keep them, the recogniser is total.
    const a = rec.recognize(o.text);
    await writeOut(format === 'pretty' ? formatPretty(id, o.text, a, colourWanted()) : record(id, o.text, a) + '\n');
  }
  return failed ? 1 : 0;
}

function loadJsonl(path: string): ScoredDoc[] {
  const r = readArticle(path);
  if (!r.ok) throw new Error(r.error);
  const docs: ScoredDoc[] = [];
  r.doc.text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const d = JSON.parse(line) as ScoredDoc;
      if (typeof d.text !== 'string' || !Array.isArray(d.spans)) throw new Error('expected {"text", "spans"}');
      docs.push(d);
    } catch (e) {
      throw new Error(`${path}:${i + 1}: ${(e as Error).message}`);
    }
  });
  return docs;
}

/** Slice by code points, the unit of JSONL offsets. */
function cpSlice(text: string, s: number, e: number): string {
  return Array.from(text).slice(s, e).join('');
}

async function evalCommand(argv: string[]): Promise<number> {
  const m = takeModelOption(argv);
  if (m.error) {
    process.stderr.write(`hindi-news: ${m.error}\n`);
    return 2;
  }
  const args = m.args;
  const showErrors = args.includes('--errors');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length < 1 || files.length > 2) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  let gold: ScoredDoc[];
  let pred: ScoredDoc[];
  try {
    gold = loadJsonl(files[0]!);
    if (files[1]) pred = loadJsonl(files[1]);
    else {
      const made = recognizerWithModel(m.model);
      if (!made.ok) throw new Error(made.error);
      const rec = made.recognizer;
      pred = gold.map((g) => {
        const line = record(g.id ?? '', g.text, rec.recognize(g.text));
        return JSON.parse(line) as ScoredDoc;
      });
    }
  } catch (e) {
    process.stderr.write(`hindi-news: ${(e as Error).message}\n`);
    return 2;
  }
  const r = evaluate(gold, pred, cpSlice);
  for (const m of r.missing) process.stdout.write(`no prediction for ${m}\n`);
  if (showErrors) for (const e of r.errors) process.stdout.write(`  ${e.kind} ${e.id} ${e.label.padEnd(6)} ${JSON.stringify(e.text)}\n`);
  process.stdout.write(formatEvalTable(r) + '\n');
  return r.missing.length ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'recognize':
      return recognizeCommand(rest);
    case 'eval':
      return evalCommand(rest);
    case 'export':
      return runExport(rest);
    case 'import':
      return runImport(rest);
    case 'learn':
      return runLearn(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return cmd === undefined ? 2 : 0;
    default:
      process.stderr.write(`hindi-news: unknown command '${cmd}'\n${USAGE}\n`);
      return 2;
  }
}

// Export worker threads load this same bundle; only the main thread runs the command line.
if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`hindi-news: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
