/**
 * The import pipeline the command line (and any other caller) shares: read
 * a JSONL file or a brat folder, and write each document as an article with
 * its sidecar under one folder, never through a link and never over an
 * article or annotations without being told.
 *
 * What the data is, it stays: confirmed spans become annotations, machine
 * output becomes the sidecar's unreviewed `suggestions` (see
 * `core/export/import.ts`), unless the caller says otherwise (`as`).
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { sidecarPath, toSidecar, writeSidecar, type SidecarData, type StoredSuggestion } from '../annotations/sidecar';
import { isReviewStatus, type ReviewStatus } from '../annotations/status';
import { BRAT_SUGGESTIONS_SUFFIX } from '../export/brat';
import type { ExportSpan } from '../export/doc';
import { SPLIT_NAMES } from '../export/split';
import { importedToAnnotationSet, ImportError, parseBrat, parseJsonlRecord, type ImportedDoc, type OffsetUnit } from '../export/import';
import { safeRelativePath } from '../export/index';
import { builtinKnowledgeBase } from '../kb/builtin';
import type { KnowledgeBase } from '../kb/load';
import { utf16ToCodePoints } from '../offsets';
import { readArticle } from './articles';
import { kbEntityFromWikidata } from './entities';
import { ConfinedWriter, OutputError, realPathOf } from './output';
import { unfinishedExport } from './marker';
import { findArticles } from './walk';

/** How imported spans are taken: as the data says, or all confirmed, or all unreviewed. */
export type ImportAs = 'auto' | 'confirmed' | 'suggestions';

export interface ImportCorpusOptions {
  /** The folder the articles are written into. */
  into: string;
  /** Replace articles with other text and existing annotations. */
  force?: boolean;
  /** Offset unit of JSONL input without `meta.offsetUnit`. */
  offsetUnit?: OffsetUnit;
  as?: ImportAs;
  /** Absolute document ids are made relative to this folder. */
  base?: string;
  /** Maps Wikidata items in brat normalisations back to knowledge-base ids; the built-in one by default. */
  kb?: KnowledgeBase;
  onMessage?: (message: string, severity: 'error' | 'warning' | 'info') => void;
}

export interface ImportCorpusResult {
  documents: number;
  /** Confirmed spans per label. */
  spans: Record<string, number>;
  /** Unreviewed suggestions per label. */
  suggestions: Record<string, number>;
  /** Entity links kept. */
  links: number;
  /** Documents per review status written. */
  statuses: Partial<Record<ReviewStatus, number>>;
  errors: number;
}

/** Import `input` (a JSONL file or a brat folder). Rejects only when the input or the target cannot be used at all. */
export async function importCorpus(input: string, o: ImportCorpusOptions): Promise<ImportCorpusResult> {
  const say = o.onMessage ?? (() => undefined);
  const result: ImportCorpusResult = { documents: 0, spans: {}, suggestions: {}, links: 0, statuses: {}, errors: 0 };
  const onError = (m: string) => {
    result.errors++;
    say(m, 'error');
  };
  let st;
  try {
    st = await fsp.stat(input);
  } catch {
    throw new ImportError(`cannot read ${input}: no such file or folder`);
  }
  // Part of a dataset is no dataset: an export that did not finish is refused unless forced.
  const unfinished = await unfinishedExport(st.isDirectory() ? input : dirname(input));
  if (unfinished) throw new ImportError(unfinished);
  const intoReal = await realPathOf(o.into);
  // Articles are user data, flushed like their sidecars: a power cut never leaves an annotated article empty.
  const writer = new ConfinedWriter(intoReal, new Set(), true);
  const base = o.base ? resolve(o.base) : undefined;
  const as = o.as ?? 'auto';
  const fromWikidata = kbEntityFromWikidata(o.kb ?? builtinKb());
  const source = st.isDirectory() ? bratDocs(input, onError, say, fromWikidata) : jsonlDocs(input, o.offsetUnit ?? 'codepoint', onError);
  for await (const doc of source) {
    let rel: string;
    try {
      rel = safeRelativePath(documentPath(doc.id, base));
    } catch (e) {
      onError(`${input}: ${(e as Error).message}`);
      continue;
    }
    let article: string;
    try {
      article = await writer.target(rel);
    } catch (e) {
      if (e instanceof OutputError) {
        onError(e.message);
        continue;
      }
      throw e;
    }
    if (!(await writeArticle(writer, rel, article, doc.text, !!o.force, onError))) continue;
    if (doc.textOnly) {
      result.documents++;
      continue;
    }
    let confirmed = doc.spans;
    let suggested = doc.suggestions;
    if (as === 'confirmed') {
      confirmed = [...doc.spans, ...doc.suggestions].map(({ suggestion: _s, source: _src, reason: _r, confidence: _c, ...rest }) => rest);
      suggested = [];
    } else if (as === 'suggestions') {
      suggested = [...doc.spans.map((s) => ({ ...s, suggestion: true })), ...doc.suggestions];
      confirmed = [];
    }
    const { set, errors } = importedToAnnotationSet({ ...doc, spans: confirmed.sort((a, b) => a.start - b.start || a.end - b.end) });
    for (const p of errors) onError(p);
    // The input's own status when it has one; otherwise confirmed data (gold, a brat .ann) is finished and machine output is not.
    const status: ReviewStatus = as === 'auto' && doc.status ? doc.status : suggested.length ? (confirmed.length ? 'inProgress' : 'new') : 'done';
    const data: SidecarData = { ...toSidecar(set, article), status };
    if (suggested.length) data.suggestions = storedSuggestions(doc.text, suggested);
    const w = await writeSidecar(sidecarPath(article), data, { force: !!o.force });
    if (!w.ok) {
      onError(w.error);
      continue;
    }
    result.documents++;
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    for (const a of set.annotations()) {
      result.spans[a.label] = (result.spans[a.label] ?? 0) + 1;
      if (a.entityId) result.links++;
    }
    for (const s of suggested) result.suggestions[s.label] = (result.suggestions[s.label] ?? 0) + 1;
  }
  return result;
}

function builtinKb(): KnowledgeBase | undefined {
  try {
    return builtinKnowledgeBase();
  } catch {
    return undefined;
  }
}

/** A document id as a path under the target: `.txt` added, absolute ids made relative to `base` or refused. */
function documentPath(id: string, base: string | undefined): string {
  let p = id;
  if (isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p)) {
    if (!base) throw new Error(`document id ${JSON.stringify(id)} is an absolute path; pass --base DIR to make ids relative to DIR (for example the folder you ran recognize on)`);
    const r = relative(base, resolve(p));
    if (!r || r.startsWith('..' + sep) || r === '..' || isAbsolute(r)) throw new Error(`document id ${JSON.stringify(id)} is not inside --base ${base}; choose the folder that holds it`);
    p = r.split(sep).join('/');
  }
  return p.endsWith('.txt') ? p : p + '.txt';
}

function storedSuggestions(text: string, spans: readonly ExportSpan[]): StoredSuggestion[] {
  const cps = utf16ToCodePoints(text, spans.flatMap((s) => [s.start, s.end]));
  return spans.map((s, i) => {
    const o: StoredSuggestion = { start: cps[2 * i]!, end: cps[2 * i + 1]!, label: s.label, text: s.text };
    if (s.source) o.source = s.source;
    if (s.reason) o.reason = s.reason;
    if (s.entityId) o.entityId = s.entityId;
    if (typeof s.confidence === 'number') o.confidence = s.confidence;
    return o;
  });
}

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

async function* bratDocs(
  dir: string,
  onError: (m: string) => void,
  say: (m: string, severity: 'error' | 'warning' | 'info') => void,
  fromWikidata: (qid: string) => string,
): AsyncGenerator<ImportedDoc> {
  // The folder is read as brat data: its own export marker does not hide it.
  const found = await findArticles([dir], { exportFolders: [] });
  for (const e of found.errors) onError(e);
  for (const s of found.skipped) say(`skipped ${s.path}: ${s.reason}`, 'warning');
  const statuses = await documentStatuses(join(dir, 'documents.tsv'));
  for (const f of found.articles) {
    const art = readArticle(f.path);
    if (!art.ok) {
      onError(art.error);
      continue;
    }
    const stem = f.path.slice(0, -4);
    const ann = await readRegular(stem + '.ann');
    if (ann === undefined) {
      // A text without an .ann file: imported without annotations.
      yield { id: f.id, text: art.doc.text, spans: [], suggestions: [], textOnly: true };
      continue;
    }
    const sugg = await readRegular(stem + BRAT_SUGGESTIONS_SUFFIX);
    try {
      const doc = parseBrat(f.id, art.doc.text, ann, stem + '.ann', sugg, fromWikidata, art.doc.bom ? 1 : 0);
      // With a split, the export put the files under train/, dev/ or test/; documents.tsv names the document ids.
      const split = /^([^/]+)\/(.+)$/.exec(f.id);
      const st = statuses.get(f.id) ?? (split && (SPLIT_NAMES as readonly string[]).includes(split[1]!) ? statuses.get(split[2]!) : undefined);
      if (st) doc.status = st;
      yield doc;
    } catch (e) {
      if (e instanceof ImportError) onError(e.message);
      else throw e;
    }
  }
}

/** Review statuses from an export's `documents.tsv` (`id<TAB>status<TAB>…`), empty when there is none. */
async function documentStatuses(path: string): Promise<Map<string, ReviewStatus>> {
  const out = new Map<string, ReviewStatus>();
  const text = await readRegular(path);
  if (text === undefined) return out;
  for (const line of text.split('\n').slice(1)) {
    const [id, status] = line.split('\t');
    if (id && isReviewStatus(status)) out.set(id, status);
  }
  return out;
}

/** A regular file's text, or undefined (missing, a link, a pipe). */
async function readRegular(path: string): Promise<string | undefined> {
  const st = await fsp.lstat(path).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  return fsp.readFile(path, 'utf8').catch(() => undefined);
}

async function writeArticle(writer: ConfinedWriter, rel: string, path: string, text: string, force: boolean, onError: (m: string) => void): Promise<boolean> {
  try {
    const existing = await fsp.readFile(path, 'utf8').catch(() => undefined);
    if (existing !== undefined && existing !== text && !force) {
      onError(`${path} already exists with different text; not replaced (use --force to replace it)`);
      return false;
    }
    const sc = await fsp.lstat(sidecarPath(path)).catch(() => undefined);
    if (sc?.isSymbolicLink()) {
      onError(`${sidecarPath(path)} is a symbolic link; nothing is written through links`);
      return false;
    }
    if (!force && sc) {
      onError(`${sidecarPath(path)} already holds annotations; not replaced (use --force to replace them)`);
      return false;
    }
    if (existing !== text) await writer.writeFile(rel, text);
    return true;
  } catch (e) {
    onError(e instanceof OutputError ? e.message : `cannot write ${path}: ${(e as Error).message}`);
    return false;
  }
}
