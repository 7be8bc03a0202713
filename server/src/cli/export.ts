/**
 * `hindi-news export` and `hindi-news import`: options and messages only;
 * the work is the corpus pipeline's (`core/corpus`), shared with the
 * language server.
 */
import { exportCorpus, formatLeftOut, importCorpus, OutputError, type ImportAs } from '../core/corpus/index';
import { EXPORT_FORMATS, formatSummary, type ExportFormat } from '../core/export/index';
import { ImportError } from '../core/export/import';
import { parseRatios, type SplitSpec } from '../core/export/split';
import { plural, usageMessage } from './usage';

const USAGE_EXPORT = `usage: hindi-news export <folders/files…> --format jsonl|conll|brat|labelstudio --out <dir|file>
         [--include-in-progress] [--include-new] [--with-suggestions] [--force]
         [--split 80/10/10 [--seed N]] [--jobs N] [--export-folder NAME]

Exports the articles marked done, with their confirmed annotations (article.txt.hna.json).
Symbolic links inside the folders are not followed; folders written by an export are skipped.
Offsets in every format are code points.

options:
  --format F             jsonl (default), conll (CoNLL-2003 BIO), brat (standoff .txt/.ann) or
                         labelstudio (Label Studio tasks)
  --out PATH             where to write (required): a file when PATH ends in .jsonl, .json, .conll
                         or .txt (not with brat or --split), otherwise a folder
  --include-in-progress  also articles still in progress; their records say so (meta.status)
                         and carry their unreviewed suggestions apart from the confirmed spans
  --include-new          also articles nobody has reviewed yet (--include-unannotated is the same)
  --with-suggestions     done articles carry their unreviewed suggestions too (never mixed into
                         the spans)
  --force                write into a non-empty folder the export did not create, or over an
                         existing file
  --split 80/10/10       train/, dev/ and test/ under --out, whole articles, about these shares
                         (an article's place depends only on its id and --seed)
  --seed N               seed of --split (default 0): the same seed gives the same split
  --jobs N               threads that read and recognise the articles (default: one per core)
  --export-folder NAME   folder of exports inside each exported folder, never read as articles
                         (default exports)
  --help, -h             this text`;

const USAGE_IMPORT = `usage: hindi-news import <file.jsonl | folder of brat .txt/.ann> --into <folder>
         [--as auto|confirmed|suggestions] [--base DIR] [--force] [--offset-unit codepoint|utf16]

Writes each document as <folder>/<id>.txt with its annotations beside it.
Confirmed spans (gold data, a confirmed export, brat .ann) become annotations; machine output
(spans with a "source" such as recognize writes, "suggestions", brat .suggestions.ann) becomes
unreviewed suggestions.

options:
  --into FOLDER          where the articles and their annotations go; required
  --as MODE              auto (default: as above), confirmed (everything becomes annotations) or
                         suggestions (everything becomes unreviewed suggestions)
  --base DIR             absolute ids (recognize /abs/path.txt) are made relative to DIR
  --offset-unit UNIT     codepoint (default; what export and recognize write) or utf16
                         (JavaScript string indices) for the JSONL offsets
  --force                replace existing articles with other text and existing annotation files
                         (kept otherwise)
  --help, -h             this text`;

export interface CliIo {
  /** Where messages go; defaults to process.stderr. */
  stderr?: (line: string) => void;
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

/** `hindi-news export …`; returns the exit code (0 ok, 1 some files failed or the output was refused, 2 usage). */
export async function runExport(argv: string[], io: CliIo = {}): Promise<number> {
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s + '\n'));
  const args = parseArgs(
    argv,
    ['format', 'out', 'split', 'seed', 'jobs', 'export-folder'],
    ['with-suggestions', 'include-unannotated', 'include-new', 'include-in-progress', 'force', 'help'],
  );
  if (typeof args === 'string') {
    err(usageMessage('export', args, USAGE_EXPORT).trimEnd());
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
    err(usageMessage('export', problems.join('; '), USAGE_EXPORT).trimEnd());
    return 2;
  }
  const exportFolder = args.flags.get('export-folder');
  try {
    const summary = await exportCorpus(args.positional, {
      format,
      out: out as string,
      includeInProgress: args.flags.has('include-in-progress'),
      includeNew: args.flags.has('include-new') || args.flags.has('include-unannotated'),
      withSuggestions: args.flags.has('with-suggestions'),
      force: args.flags.has('force'),
      ...(typeof exportFolder === 'string' ? { exportFolders: [exportFolder] } : {}),
      ...(split ? { split } : {}),
      ...(jobs ? { jobs } : {}),
      onMessage: (m, sev) => err(sev === 'info' ? `note: ${m}` : `${sev}: ${m}`),
    });
    err(formatSummary(summary, out as string));
    const left = formatLeftOut(summary.leftOut, { inProgress: 'pass --include-in-progress', new: 'pass --include-new' });
    if (left) err(left);
    if (summary.errors) err(`${plural(summary.errors, 'problem')}: see the errors above${summary.documents ? `; the other ${summary.documents === 1 ? 'document was' : `${plural(summary.documents, 'document')} were`} exported` : ''}`);
    return summary.errors ? 1 : 0;
  } catch (e) {
    err(`hindi-news export: ${(e as Error).message}`);
    return 1;
  }
}

/** `hindi-news import …`; returns the exit code. */
export async function runImport(argv: string[], io: CliIo = {}): Promise<number> {
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s + '\n'));
  const args = parseArgs(argv, ['into', 'offset-unit', 'as', 'base'], ['force', 'help']);
  if (typeof args === 'string') {
    err(usageMessage('import', args, USAGE_IMPORT).trimEnd());
    return 2;
  }
  if (args.flags.has('help')) {
    err(USAGE_IMPORT);
    return 0;
  }
  const into = args.flags.get('into');
  const unit = args.flags.get('offset-unit') ?? 'codepoint';
  const as = args.flags.get('as') ?? 'auto';
  const base = args.flags.get('base');
  const problems = [
    ...(args.positional.length === 0 ? ['give the JSONL file or brat folder to import'] : []),
    ...(args.positional.length > 1 ? [`one JSONL file or brat folder at a time, not ${args.positional.length}`] : []),
    ...(typeof into !== 'string' ? ['--into <folder> is required (where the articles go)'] : []),
    ...(unit !== 'codepoint' && unit !== 'utf16' ? [`--offset-unit must be codepoint or utf16, not ${JSON.stringify(unit)}`] : []),
    ...(!['auto', 'confirmed', 'suggestions'].includes(as as string) ? [`--as must be auto, confirmed or suggestions, not ${JSON.stringify(as)}`] : []),
  ];
  if (problems.length || typeof into !== 'string' || (unit !== 'codepoint' && unit !== 'utf16')) {
    err(usageMessage('import', problems.join('; '), USAGE_IMPORT).trimEnd());
    return 2;
  }
  const input = args.positional[0]!;
  try {
    const r = await importCorpus(input, {
      into,
      force: args.flags.has('force'),
      offsetUnit: unit,
      as: as as ImportAs,
      ...(typeof base === 'string' ? { base } : {}),
      onMessage: (m, sev) => err(sev === 'info' ? `note: ${m}` : `${sev}: ${m}`),
    });
    const per = (x: Record<string, number>) =>
      Object.entries(x)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    const statuses = Object.entries(r.statuses)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    err(`imported ${plural(r.documents, 'document')} into ${into}${statuses ? ` (${statuses})` : ''}; confirmed spans: ${per(r.spans)}; unreviewed suggestions: ${per(r.suggestions)}; entity links: ${r.links}`);
    if (r.errors) err(`${plural(r.errors, 'problem')}: see the errors above${r.documents ? `; the other ${r.documents === 1 ? 'document was' : `${plural(r.documents, 'document')} were`} imported` : ''}`);
    return r.errors ? 1 : 0;
  } catch (e) {
    if (e instanceof ImportError || e instanceof OutputError) {
      err(`hindi-news import: ${e.message}`);
      return 1;
    }
    err(`hindi-news import: ${(e as Error).message}`);
    return 1;
  }
}
