/**
 * `hindi-news`: the command line. `hindi-news --help` lists every command and
 * option; `hindi-news <command> --help` explains one.
 *
 * Output offsets are Unicode code points (Python `str` indices).
 */
// First: V8 settings that apply to the code compiled after them (see the module).
import '../compilerFlags';
import { Readable } from 'node:stream';
import { isMainThread } from 'node:worker_threads';
import { version } from '../../../package.json';
import { evaluate, formatEvalTable, type ScoredDoc } from '../core/evaluate';
import { jsonErrorWithoutContents } from '../core/jsonError';
import { runExport, runImport } from './export';
import { expandPaths, readArticle } from './inputs';
import { recognizerWithModel, runLearn, USAGE_LEARN } from './learn';
import { formatPretty } from './pretty';
import { record } from './records';
import { exitQuietlyOnClosedStdout, writeOut } from './stdout';
import { recognizeStream, type StreamSummary } from './stream';
import { asksForVersion, plural, synopsis, usageMessage } from './usage';

const USAGE_HEAD = `hindi-news ${version}: recognise, score, export, import and learn from PERSON / PARTY / DATE spans in Hindi news`;
const USAGE_TAIL = `  hindi-news --version | --help | help <command> | <command> --help

Offsets in every output are Unicode code points; a byte order mark at the start
of an input is dropped and offsets count from after it.`;

const USAGE_RECOGNIZE = `usage: hindi-news recognize <files or folders…> [options]
       hindi-news recognize - [options]        (JSONL on stdin, JSONL on stdout)

Recognises persons, parties and dates. Folders are walked for .txt files.
With "-", each stdin line is a JSON object with a string "text"; each output
line is that object with "spans" (code-point offsets) added and the
recogniser's "offsets"/"published" added to "meta"; every other field, "id"
included, passes through unchanged (a missing "id" becomes the line number).
One output line per input line, in order: a line that cannot be read gives
{"id","error"} in its place and a message on stderr, an empty line an empty
line. A summary (records, errors, seconds) goes to stderr at the end; the
exit status is 1 when any input failed.

options:
  --format jsonl|pretty   JSONL records (default) or coloured text for a terminal
  --jobs N                recognise on N threads (default 1; 0 = one per core);
                          the output is the same, in the same order
  --model FILE            also use what a learned model holds (hindi-news learn)
  --quiet, -q             no summary on stderr (errors are still reported)
  --help, -h              this text`;

const USAGE_EVAL = `usage: hindi-news eval GOLD.jsonl [PRED.jsonl] [options]

Scores predictions against gold spans (exact start, end and label), per label
and micro-averaged, the same table as test-fixtures/score.py. Documents are
paired by identical text. Without PRED.jsonl the recogniser predicts.

options:
  --errors      list every false positive (FP) and false negative (FN)
  --min-f1 X    exit 1 when the micro F1 is below X (for CI)
  --model FILE  the recogniser predicts with a learned model (hindi-news learn)
  --help, -h    this text`;

/** Parsed options of one command; `error` says what was wrong. */
interface Options {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
  error?: string;
}

function parseOptions(args: readonly string[], valued: readonly string[], flags: readonly string[], aliases: Record<string, string> = {}): Options {
  const o: Options = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    if (a === '--') {
      o.positional.push(...args.slice(i + 1));
      break;
    }
    a = aliases[a] ?? a;
    if (a === '-' || !a.startsWith('-')) {
      o.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    if (a.startsWith('--') && flags.includes(name) && eq < 0) o.flags.add(name);
    else if (a.startsWith('--') && valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) return { ...o, error: `${a} needs a value` };
      o.values.set(name, v);
    } else return { ...o, error: `unknown option ${a}` };
  }
  return o;
}

function usageError(command: string, message: string, usage: string): number {
  process.stderr.write(usageMessage(command, message, usage));
  return 2;
}

function colourWanted(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR) return true;
  return !!process.stdout.isTTY;
}

/** `--jobs N`: a positive count, or 0 for one per core. */
function parseJobs(v: string | undefined): number | string {
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) return `--jobs must be a whole number (0 = one per core), not ${JSON.stringify(v)}`;
  if (n === 0) return require('node:os').availableParallelism() as number;
  return n;
}

function summaryLine(s: StreamSummary, unit: string): string {
  const mb = (b: number) => (b / 1e6).toFixed(b < 1e7 ? 2 : 1);
  return `hindi-news: ${plural(s.records, unit)}, ${plural(s.errors, 'error')} in ${s.seconds.toFixed(2)} s (${mb(s.bytesIn)} MB in, ${mb(s.bytesOut)} MB out)\n`;
}

async function recognizeCommand(args: string[]): Promise<number> {
  const o = parseOptions(args, ['format', 'jobs', 'model'], ['quiet', 'help'], { '-q': '--quiet', '-h': '--help', '-j': '--jobs' });
  if (o.flags.has('help')) {
    await writeOut(USAGE_RECOGNIZE + '\n');
    return 0;
  }
  if (o.error) return usageError('recognize', o.error, USAGE_RECOGNIZE);
  const format = o.values.get('format') ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'pretty') return usageError('recognize', `unknown --format '${format}' (use jsonl or pretty)`, USAGE_RECOGNIZE);
  const jobs = parseJobs(o.values.get('jobs'));
  if (typeof jobs === 'string') return usageError('recognize', jobs, USAGE_RECOGNIZE);
  if (o.positional.length === 0) return usageError('recognize', 'give files or folders to read, or - for JSONL on stdin', USAGE_RECOGNIZE);
  const model = o.values.get('model');
  const made = recognizerWithModel(model);
  if (!made.ok) {
    process.stderr.write(`hindi-news recognize: ${made.error}\n`);
    return 2;
  }
  const quiet = o.flags.has('quiet');
  const colour = format === 'pretty' && colourWanted();
  const onError = (m: string) => void process.stderr.write(`hindi-news: stdin ${m}\n`);

  if (o.positional.length === 1 && o.positional[0] === '-') {
    const s = await recognizeStream(process.stdin, { format, colour, jobs, model }, onError);
    if (!quiet) process.stderr.write(summaryLine(s, 'record'));
    return s.errors ? 1 : 0;
  }
  if (o.positional.includes('-')) return usageError('recognize', '- (stdin) cannot be mixed with files', USAGE_RECOGNIZE);

  const t0 = performance.now();
  const entries = await expandPaths(o.positional);
  let unreadable = 0;
  const articles = function* (): Generator<{ id: string; text: string }> {
    for (const entry of entries) {
      if (entry.note) {
        process.stderr.write(`hindi-news: ${entry.note}\n`);
        continue;
      }
      const r = entry.error ? { ok: false as const, error: entry.error } : readArticle(entry.path);
      if (!r.ok) {
        process.stderr.write(`hindi-news: ${r.error}\n`);
        unreadable++;
        continue;
      }
      yield r.doc;
    }
  };
  let s: StreamSummary;
  if (jobs > 1) {
    // Files become JSONL records for the worker threads; their ids are the paths.
    const lines = (function* () {
      for (const d of articles()) yield JSON.stringify(d) + '\n';
    })();
    s = await recognizeStream(Readable.from(lines), { format, colour, jobs, model }, onError);
    s.bytesIn = 0;
  } else {
    s = { records: 0, errors: 0, bytesIn: 0, bytesOut: 0, seconds: 0 };
    const rec = made.recognizer;
    for (const d of articles()) {
      const out = format === 'pretty' ? formatPretty(d.id, d.text, rec.recognize(d.text), colour) : record(d.id, d.text, rec.recognize(d.text)) + '\n';
      s.records++;
      s.bytesOut += Buffer.byteLength(out);
      await writeOut(out);
    }
  }
  s.errors += unreadable;
  s.seconds = (performance.now() - t0) / 1000;
  if (unreadable) {
    const total = s.records + unreadable;
    process.stderr.write(
      s.records
        ? `hindi-news: ${unreadable} of ${plural(total, 'input')} could not be read; ${s.records === 1 ? 'the other one was' : `the other ${plural(s.records, 'one')} were`} recognised\n`
        : `hindi-news: ${unreadable === 1 ? 'the input' : `all ${unreadable} inputs`} could not be read; nothing was recognised\n`,
    );
  } else if (s.records === 0) process.stderr.write(`hindi-news: no .txt articles found in ${o.positional.join(', ')}\n`);
  if (!quiet) process.stderr.write(summaryLine(s, 'article'));
  return unreadable || s.errors ? 1 : 0;
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
      // A JSON error names the position only: the file may hold anything.
      throw new Error(`${path}:${i + 1}: ${e instanceof SyntaxError ? `${jsonErrorWithoutContents(e, line)}; each line must be one JSON object {"text", "spans"}: fix the line` : (e as Error).message}`);
    }
  });
  return docs;
}

/** Slice by code points, the unit of JSONL offsets. */
function cpSlice(text: string, s: number, e: number): string {
  return Array.from(text).slice(s, e).join('');
}

async function evalCommand(args: string[]): Promise<number> {
  const o = parseOptions(args, ['min-f1', 'model'], ['errors', 'help'], { '-h': '--help' });
  if (o.flags.has('help')) {
    await writeOut(USAGE_EVAL + '\n');
    return 0;
  }
  if (o.error) return usageError('eval', o.error, USAGE_EVAL);
  const files = o.positional;
  if (files.length < 1 || files.length > 2) return usageError('eval', 'give GOLD.jsonl and, optionally, PRED.jsonl', USAGE_EVAL);
  const minF1Arg = o.values.get('min-f1');
  const minF1 = minF1Arg === undefined ? undefined : Number(minF1Arg);
  if (minF1 !== undefined && !(minF1 >= 0 && minF1 <= 1)) return usageError('eval', `--min-f1 must be a number from 0 to 1, not ${JSON.stringify(minF1Arg)}`, USAGE_EVAL);
  let gold: ScoredDoc[];
  let pred: ScoredDoc[];
  try {
    gold = loadJsonl(files[0]!);
    if (files[1]) pred = loadJsonl(files[1]);
    else {
      const made = recognizerWithModel(o.values.get('model'));
      if (!made.ok) throw new Error(made.error);
      const rec = made.recognizer;
      pred = gold.map((g) => JSON.parse(record(g.id ?? '', g.text, rec.recognize(g.text))) as ScoredDoc);
    }
  } catch (e) {
    process.stderr.write(`hindi-news eval: ${(e as Error).message}\n`);
    return 2;
  }
  const r = evaluate(gold, pred, cpSlice);
  let out = '';
  for (const m of r.missing) out += `no prediction for ${m}\n`;
  if (o.flags.has('errors')) for (const e of r.errors) out += `  ${e.kind} ${e.id} ${e.label.padEnd(6)} ${JSON.stringify(e.text)}\n`;
  await writeOut(out + formatEvalTable(r) + '\n');
  if (minF1 !== undefined && r.micro.f1 < minF1) {
    process.stderr.write(`hindi-news eval: micro F1 ${r.micro.f1.toFixed(4)} is below --min-f1 ${minF1}\n`);
    return 1;
  }
  return r.missing.length ? 1 : 0;
}

/** `export`/`import` print their usage through their `stderr` hook; `--help` sends it to stdout instead. */
async function withHelpOnStdout(args: string[], run: (args: string[], io: { stderr: (line: string) => void }) => Promise<number>): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    let text = '';
    const code = await run(['--help'], { stderr: (line) => void (text += line + '\n') });
    await writeOut(text);
    return code;
  }
  return run(args, { stderr: (line) => void process.stderr.write(line + '\n') });
}

/** A command's help text, as its --help prints it. */
async function commandHelp(cmd: string): Promise<string> {
  if (cmd === 'recognize') return USAGE_RECOGNIZE;
  if (cmd === 'eval') return USAGE_EVAL;
  if (cmd === 'learn') return USAGE_LEARN;
  let text = '';
  await (cmd === 'export' ? runExport : runImport)(['--help'], { stderr: (line) => void (text += line + '\n') });
  return text;
}

/**
 * The general usage: each command's synopsis (the `usage:` lines of its own
 * help) and every option its help names, so this list cannot drift from them.
 */
async function generalUsage(): Promise<string> {
  let usage = '';
  let options = '';
  for (const cmd of ['recognize', 'eval', 'export', 'import', 'learn']) {
    const help = await commandHelp(cmd);
    for (const line of synopsis(help)) usage += '  ' + line.replace(/^usage: /, '').replace(/^ {7}/, '') + '\n';
    const names = [...new Set(help.match(/--[a-z][a-z0-9-]+/g) ?? [])].filter((o) => o !== '--help');
    options += `  ${(cmd + ':').padEnd(11)}${names.join(' ')}\n`;
  }
  return `${USAGE_HEAD}\n\nusage:\n${usage}${USAGE_TAIL}\n\noptions (hindi-news <command> --help explains each):\n${options}`;
}

const COMMANDS = ['recognize', 'recognise', 'eval', 'export', 'import', 'learn'];

export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnClosedStdout();
  const [cmd, ...rest] = argv;
  if (cmd && COMMANDS.includes(cmd) && asksForVersion(rest)) return main(['--version']);
  switch (cmd) {
    case 'recognize':
    case 'recognise':
      return recognizeCommand(rest);
    case 'eval':
      return evalCommand(rest);
    case 'export':
      return withHelpOnStdout(rest, runExport);
    case 'import':
      return withHelpOnStdout(rest, runImport);
    case 'learn':
      return runLearn(rest);
    case '--version':
    case '-V':
    case '-v':
    case 'version':
      await writeOut(`hindi-news ${version}\n`);
      return 0;
    case 'help':
      if (rest[0] && COMMANDS.includes(rest[0])) return main([rest[0], '--help']);
      await writeOut(await generalUsage());
      return 0;
    case '-h':
    case '--help':
      await writeOut(await generalUsage());
      return 0;
    case undefined:
      process.stderr.write(await generalUsage());
      return 2;
    default:
      process.stderr.write(`hindi-news: unknown command '${cmd}': the commands are recognize, eval, export, import and learn (hindi-news --help explains them)\n`);
      return 2;
  }
}

// Worker threads load this same bundle; only the main thread runs the command line.
if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // No command caught it: the message says what happened; the stack is for a bug report only.
      const message = e instanceof Error ? e.message : String(e);
      const stack = e instanceof Error && process.env.HINDI_NEWS_DEBUG ? `${e.stack}\n` : '(HINDI_NEWS_DEBUG=1 adds where it happened, for a bug report)\n';
      process.stderr.write(`hindi-news: ${message}\n${stack}`);
      process.exitCode = 70;
    },
  );
}
