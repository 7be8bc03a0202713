/**
 * The learned model: what the recogniser learned from an annotator's work,
 * as a small file beside the corpus (`.hindi-news/model.json` in a
 * workspace, or any path on the command line).
 *
 * It is a delta over the shipped recogniser, never a copy of it:
 * - `tagger`: adjustments of the PERSON tagger's weights (integers in units
 *   of 1/`units`, `key<TAB>O,B,I` lines like the shipped weights file) and the
 *   words that got weights of their own; valid only over the shipped weights
 *   named by `base` (other weights ignore them and say so);
 * - `names`: names the annotator tagged or accepted that the knowledge base
 *   does not hold, suggested wherever they occur while they are confirmed
 *   more often than left untagged in finished documents (`misses`, version 2);
 * - `titles`: words the annotator cut off the front of suggested names
 *   (`लॉर्ड`, `नवाब`), treated as titles from then on;
 * - `rejections`: suggestions the annotator rejected, by normalised text,
 *   label and context kind (`*`: every context), no longer suggested there
 *   while rejected more often than confirmed there (`confirmed`, version 2);
 * - `documents`: fingerprints of the finished documents already learned, so
 *   learning one again changes nothing.
 *
 * Files are JSON, keys and lines sorted, so the same learning gives the same
 * bytes and diffs stay readable. A file of another schema, a newer version or
 * a damaged one is refused with a message naming it.
 */
import { jsonErrorWithoutContents } from '../jsonError';
import { createHash } from 'node:crypto';
import { ENTITY_LABELS, type EntityLabel } from '../types';
import { UNITS } from './perceptron';

export const LEARNED_SCHEMA = 'hindi-news-learned-model';
export const LEARNED_VERSION = 2;
/** Versions this one reads: version 1 files lack names' `misses` and rejections' `confirmed` (read as none). */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** A name learned from annotations. */
export interface LearnedName {
  /** Normalised text (`normalizeKey`): what is matched. */
  key: string;
  /** The text as the annotator first tagged it. */
  text: string;
  label: EntityLabel;
  /** Annotations it was learned from. */
  count: number;
  /**
   * Occurrences in finished documents learned after it that the annotator
   * left untagged (absent: none). A name left untagged as often as it was
   * confirmed is no longer suggested everywhere.
   */
  misses?: number;
}

/** A rejected suggestion, remembered. */
export interface LearnedRejection {
  key: string;
  text: string;
  label: string;
  /** Context kind (`contextKind`), or `*` for every context. */
  context: string;
  count: number;
  /**
   * Times the annotator confirmed the same text, label and context kind
   * since (absent: never). A rejection in one context kind holds while it
   * was rejected more often than confirmed there; `*` always holds.
   */
  confirmed?: number;
}

/** A word the annotator keeps cutting off the front of suggested names: a title or form of address (`लॉर्ड`, `नवाब`). */
export interface LearnedTitle {
  key: string;
  text: string;
  count: number;
}

export interface LearnedStats {
  /** Finished documents learned. */
  documents: number;
  /** Confirmed spans learned from, per label. */
  spans: Record<string, number>;
  /** Rejections learned from. */
  rejections: number;
  /** Tagger updates (mistakes corrected). */
  updates: number;
}

export interface LearnedModel {
  /** Fingerprint of the tagger weights the delta applies to ({@link weightsFingerprint}). */
  base: string;
  seed: number;
  created: string;
  updated: string;
  stats: LearnedStats;
  tagger: {
    /** Feature key → delta (O, B, I) in units of 1/{@link UNITS}. */
    weights: Map<string, Int32Array>;
    /** Words with weights of their own, starting from the unknown word's. */
    words: Set<string>;
  };
  names: LearnedName[];
  titles: LearnedTitle[];
  rejections: LearnedRejection[];
  documents: string[];
}

/** A model that has learned nothing. */
export function emptyModel(base: string, seed = 1, now = new Date().toISOString()): LearnedModel {
  return {
    base,
    seed,
    created: now,
    updated: now,
    stats: { documents: 0, spans: {}, rejections: 0, updates: 0 },
    tagger: { weights: new Map(), words: new Set() },
    names: [],
    titles: [],
    rejections: [],
    documents: [],
  };
}

/** `sha256:` and 16 hex digits of the weights text: which weights a delta was learned over. */
export function weightsFingerprint(weightsText: string): string {
  return 'sha256:' + createHash('sha256').update(weightsText, 'utf8').digest('hex').slice(0, 16);
}

/** True when the model has learned nothing at all. */
export function isEmptyModel(m: LearnedModel): boolean {
  return m.tagger.weights.size === 0 && m.names.length === 0 && m.titles.length === 0 && m.rejections.length === 0 && m.documents.length === 0;
}

/** The file contents (JSON text, newline-terminated). Deterministic for the same model. */
export function serializeModel(m: LearnedModel): string {
  const lines = [...m.tagger.weights].map(([k, v]) => `${k}\t${v[0]},${v[1]},${v[2]}`).sort();
  const byKey = <T extends { key: string; label: string }>(a: T, b: T, extra = 0): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : extra);
  const names = [...m.names].sort((a, b) => byKey(a, b)).map((n) => ({ text: n.text, key: n.key, label: n.label, count: n.count, ...(n.misses ? { misses: n.misses } : {}) }));
  const titles = [...m.titles].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((t) => ({ text: t.text, key: t.key, count: t.count }));
  const rejections = [...m.rejections]
    .sort((a, b) => byKey(a, b, a.context < b.context ? -1 : a.context > b.context ? 1 : 0))
    .map((r) => ({ text: r.text, key: r.key, label: r.label, context: r.context, count: r.count, ...(r.confirmed ? { confirmed: r.confirmed } : {}) }));
  const spans = Object.fromEntries(Object.entries(m.stats.spans).sort(([a], [b]) => (a < b ? -1 : 1)));
  const file = {
    schema: LEARNED_SCHEMA,
    version: LEARNED_VERSION,
    base: m.base,
    seed: m.seed,
    created: m.created,
    updated: m.updated,
    stats: { documents: m.stats.documents, spans, rejections: m.stats.rejections, updates: m.stats.updates },
    tagger: { units: UNITS, words: [...m.tagger.words].sort(), weights: lines.join('\n') },
    names,
    titles,
    rejections,
    documents: [...m.documents].sort(),
  };
  return JSON.stringify(file, null, 1) + '\n';
}

export type ParseResult = { ok: true; model: LearnedModel } | { ok: false; error: string };

/** Parse and validate a learned model file; `path` names the file in messages. Never throws. */
export function parseModel(raw: string, path: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: `${path}: learned model is not valid JSON (${jsonErrorWithoutContents(e, raw)}); delete it or learn it again` };
  }
  const bad = (why: string): ParseResult => ({ ok: false, error: `${path}: learned model is damaged: ${why}; delete it or learn it again` });
  if (!isObject(json)) return bad('the top level is not an object');
  if (json.schema !== LEARNED_SCHEMA) {
    return { ok: false, error: `${path}: not a Hindi News learned model (schema ${JSON.stringify(json.schema)}, expected "${LEARNED_SCHEMA}")` };
  }
  if (typeof json.version !== 'number' || !Number.isInteger(json.version) || json.version < 1) return bad('"version" is not a positive integer');
  if (!READABLE_VERSIONS.includes(json.version)) {
    return {
      ok: false,
      error:
        json.version > LEARNED_VERSION
          ? `${path}: learned model version ${json.version} was written by a newer Hindi News Annotator (this one reads versions ${READABLE_VERSIONS.join(' and ')}); update it`
          : `${path}: learned model version ${json.version} is not supported (this one reads versions ${READABLE_VERSIONS.join(' and ')}); learn it again`,
    };
  }
  if (typeof json.base !== 'string') return bad('"base" is not a string');
  const seed = json.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) return bad('"seed" is not an integer');
  const t = json.tagger;
  if (!isObject(t)) return bad('"tagger" is not an object');
  if (t.units !== UNITS) return bad(`"tagger.units" is ${JSON.stringify(t.units)}, expected ${UNITS}`);
  if (typeof t.weights !== 'string') return bad('"tagger.weights" is not a string');
  if (!Array.isArray(t.words) || !t.words.every((w: unknown) => typeof w === 'string' && w.length > 0)) return bad('"tagger.words" is not a list of words');
  const weights = new Map<string, Int32Array>();
  const lines = t.weights.length ? t.weights.split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const tab = l.lastIndexOf('\t');
    const v = tab > 0 ? l.slice(tab + 1).split(',') : [];
    if (v.length !== 3 || !v.every((x) => /^-?\d{1,12}$/.test(x))) return bad(`tagger weight line ${i + 1} is not "feature<TAB>O,B,I" with integers`);
    weights.set(l.slice(0, tab), Int32Array.from(v, Number));
  }
  const names: LearnedName[] = [];
  const nl = json.names ?? [];
  if (!Array.isArray(nl)) return bad('"names" is not a list');
  for (let i = 0; i < nl.length; i++) {
    const n = nl[i];
    if (!isObject(n) || typeof n.key !== 'string' || !n.key || typeof n.text !== 'string' || !isLabel(n.label) || !isCount(n.count)) {
      return bad(`names[${i}] needs "key", "text", a label (${ENTITY_LABELS.join(', ')}) and a positive "count"`);
    }
    if (n.misses !== undefined && !(isCount(n.misses) || n.misses === 0)) return bad(`names[${i}].misses is not a count`);
    names.push({ key: n.key, text: n.text, label: n.label, count: n.count, ...(n.misses ? { misses: n.misses as number } : {}) });
  }
  const titles: LearnedTitle[] = [];
  const tl = json.titles ?? [];
  if (!Array.isArray(tl)) return bad('"titles" is not a list');
  for (let i = 0; i < tl.length; i++) {
    const x = tl[i];
    if (!isObject(x) || typeof x.key !== 'string' || !x.key || typeof x.text !== 'string' || !isCount(x.count)) return bad(`titles[${i}] needs "key", "text" and a positive "count"`);
    titles.push({ key: x.key, text: x.text, count: x.count });
  }
  const rejections: LearnedRejection[] = [];
  const rl = json.rejections ?? [];
  if (!Array.isArray(rl)) return bad('"rejections" is not a list');
  for (let i = 0; i < rl.length; i++) {
    const r = rl[i];
    if (!isObject(r) || typeof r.key !== 'string' || !r.key || typeof r.text !== 'string' || typeof r.label !== 'string' || typeof r.context !== 'string' || !isCount(r.count)) {
      return bad(`rejections[${i}] needs "key", "text", "label", "context" and a positive "count"`);
    }
    if (r.confirmed !== undefined && !(isCount(r.confirmed) || r.confirmed === 0)) return bad(`rejections[${i}].confirmed is not a count`);
    rejections.push({ key: r.key, text: r.text, label: r.label, context: r.context, count: r.count, ...(r.confirmed ? { confirmed: r.confirmed as number } : {}) });
  }
  const docs = json.documents ?? [];
  if (!Array.isArray(docs) || !docs.every((d: unknown) => typeof d === 'string')) return bad('"documents" is not a list of fingerprints');
  const s = isObject(json.stats) ? json.stats : {};
  const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);
  const spans: Record<string, number> = {};
  if (isObject(s.spans)) for (const [k, v] of Object.entries(s.spans)) spans[k] = num(v);
  return {
    ok: true,
    model: {
      base: json.base,
      seed,
      created: typeof json.created === 'string' ? json.created : '',
      updated: typeof json.updated === 'string' ? json.updated : '',
      stats: { documents: num(s.documents), spans, rejections: num(s.rejections), updates: num(s.updates) },
      tagger: { weights, words: new Set(t.words as string[]) },
      names,
      titles,
      rejections,
      documents: docs as string[],
    },
  };
}

function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isLabel(x: unknown): x is EntityLabel {
  return typeof x === 'string' && (ENTITY_LABELS as readonly string[]).includes(x);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}
