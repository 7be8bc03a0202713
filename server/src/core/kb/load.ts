/**
 * Reading, validating and merging knowledge-base files.
 *
 * Built-in data and users' workspace files go through the same checks, which
 * mirror `server/data/kb/schema.json`. Validation is by hand rather than with
 * a schema library so that every error can name the file, the entry (its id,
 * or `#index` when it has none) and the 0-based line of the entry or field,
 * which the language server turns into a diagnostic at that place. Invalid
 * entries are dropped; valid ones are kept, so one typo does not disable a
 * whole file.
 */
import { normalizeKey } from '../normalize';
import type { PartyEntry, PersonEntry } from './types';

/** One problem found in a knowledge-base file. */
export interface KbError {
  /** The file name or path as given by the caller. */
  file: string;
  /** The entry's id, or `#index` (position in its array) when it has no usable id. */
  entry?: string;
  message: string;
  /** 0-based line in the file text, when the text was available. */
  line?: number;
}

/** The merged, reference-checked knowledge base the recogniser reads. */
export interface KnowledgeBase {
  persons: PersonEntry[];
  parties: PartyEntry[];
  personById: Map<string, PersonEntry>;
  partyById: Map<string, PartyEntry>;
}

/** The entries of one file, as input to {@link mergeKnowledgeBases}. */
export interface KbPart {
  file: string;
  persons?: readonly PersonEntry[];
  parties?: readonly PartyEntry[];
}

/** Result of validating one file. */
export interface ParsedKbFile {
  persons: PersonEntry[];
  parties: PartyEntry[];
  errors: KbError[];
}

/** `file:line: entry: message` (1-based line), for logs and the command line. */
export function formatKbError(e: KbError): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line + 1}`;
  return e.entry === undefined ? `${where}: ${e.message}` : `${where}: ${e.entry}: ${e.message}`;
}

/**
 * Parse and validate the text of one knowledge-base file
 * (`{"version": 1, "persons": [...], "parties": [...]}`).
 * Never throws. Invalid JSON gives one error at the line of the syntax error
 * and no entries.
 */
export function parseKbFile(file: string, text: string): ParsedKbFile {
  const lines = new LineIndex(text);
  let data: unknown;
  try {
    data = parseJsonWithPositions(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      const line = lines.lineAt(err.offset);
      const column = err.offset - lines.lineStart(line);
      return {
        persons: [],
        parties: [],
        errors: [{ file, line, message: `invalid JSON: ${err.message} (line ${line + 1}, column ${column + 1})` }],
      };
    }
    throw err;
  }
  return validate(file, data, lines);
}

/**
 * Validate an already parsed knowledge-base value (for example a JSON module
 * bundled with the extension). Errors carry no line numbers.
 */
export function validateKbData(file: string, data: unknown): ParsedKbFile {
  return validate(file, data, null);
}

/**
 * Merge files in order: an entry whose id was already defined by an earlier
 * file replaces it (workspace files extend and override the built-ins), keeping
 * the earlier entry's position. Duplicate ids within one file are errors (the
 * first one wins). Afterwards every reference is checked: a person's `party`,
 * a party's `alliances` and an alliance's `members` must name entries of the
 * right kind. An unresolved reference is reported as an error naming the
 * entry, but the entry stays in the knowledge base: it is still matchable.
 */
export function mergeKnowledgeBases(parts: readonly KbPart[]): { kb: KnowledgeBase; errors: KbError[] } {
  const errors: KbError[] = [];
  const personById = new Map<string, PersonEntry>();
  const partyById = new Map<string, PartyEntry>();
  const origin = new Map<object, string>();

  for (const part of parts) {
    const seenPersons = new Set<string>();
    for (const p of part.persons ?? []) {
      if (seenPersons.has(p.id)) {
        errors.push(located(part.file, p, `duplicate person id "${p.id}" in this file; the first definition is kept`));
        continue;
      }
      seenPersons.add(p.id);
      personById.set(p.id, p);
      origin.set(p, part.file);
    }
    const seenParties = new Set<string>();
    for (const p of part.parties ?? []) {
      if (seenParties.has(p.id)) {
        errors.push(located(part.file, p, `duplicate party id "${p.id}" in this file; the first definition is kept`));
        continue;
      }
      seenParties.add(p.id);
      partyById.set(p.id, p);
      origin.set(p, part.file);
    }
  }

  const kindOf = (id: string) => partyById.get(id)?.kind;
  for (const p of personById.values()) {
    if (p.party !== undefined && kindOf(p.party) !== 'party') {
      errors.push(located(origin.get(p)!, p, unresolved('party', p.party, 'party', kindOf(p.party))));
    }
  }
  for (const p of partyById.values()) {
    for (const a of p.alliances ?? []) {
      if (kindOf(a) !== 'alliance') errors.push(located(origin.get(p)!, p, unresolved('alliances', a, 'alliance', kindOf(a))));
    }
    for (const m of p.members ?? []) {
      if (kindOf(m) !== 'party') errors.push(located(origin.get(p)!, p, unresolved('members', m, 'party', kindOf(m))));
    }
  }

  return {
    kb: { persons: [...personById.values()], parties: [...partyById.values()], personById, partyById },
    errors,
  };
}

function unresolved(field: string, id: string, want: 'party' | 'alliance', got: 'party' | 'alliance' | undefined): string {
  return got === undefined
    ? `"${field}" refers to "${id}", which is not a known ${want} id`
    : `"${field}" refers to "${id}", which is ${got === 'alliance' ? 'an alliance' : 'a party'}, not ${want === 'party' ? 'a party' : 'an alliance'}`;
}

/** 0-based line of each validated entry, so merge-time errors can point at it. */
const entryLine = new WeakMap<object, number>();

function located(file: string, entry: PersonEntry | PartyEntry, message: string): KbError {
  const e: KbError = { file, entry: entry.id, message };
  const line = entryLine.get(entry);
  if (line !== undefined) e.line = line;
  return e;
}

// ---------------------------------------------------------------------------
// Validation

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QID_RE = /^Q[1-9][0-9]*$/;
/** Devanagari letters (independent vowels and consonants), not just signs or digits. */
const DEVANAGARI_LETTER_RE = /[\u0904-\u0939\u0958-\u0961\u0972-\u097F]/;
const LATIN_LETTER_RE = /[A-Za-z\u00C0-\u024F]/;

const TOP_FIELDS = new Set(['$schema', 'version', 'persons', 'parties']);
const PERSON_FIELDS = ['id', 'name', 'latin', 'variants', 'short', 'role', 'party', 'qid', 'source'] as const;
const PARTY_FIELDS = [
  'id',
  'kind',
  'name',
  'latin',
  'abbreviations',
  'variants',
  'ambiguous',
  'alliances',
  'members',
  'scope',
  'qid',
  'source',
] as const;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

function validate(file: string, data: unknown, lines: LineIndex | null): ParsedKbFile {
  const errors: KbError[] = [];
  const out: ParsedKbFile = { persons: [], parties: [], errors };
  const lineOf = (offset: number | undefined) => (lines && offset !== undefined ? lines.lineAt(offset) : undefined);
  const push = (message: string, offset?: number, entry?: string) => {
    const e: KbError = { file, message };
    if (entry !== undefined) e.entry = entry;
    const line = lineOf(offset);
    if (line !== undefined) e.line = line;
    errors.push(e);
  };

  if (!isObject(data)) {
    push(`a knowledge-base file must be a JSON object {"version": 1, "persons": [...], "parties": [...]}, not ${typeName(data)}`, 0);
    return out;
  }
  const top = objectInfo.get(data);
  const topAt = (key: string) => top?.keys.get(key) ?? top?.start;
  for (const key of Object.keys(data)) {
    if (!TOP_FIELDS.has(key)) push(`unknown top-level field "${key}" (allowed: version, persons, parties, $schema)`, topAt(key));
  }
  for (const key of top?.duplicates ?? []) push(`top-level field "${key}" appears more than once`, topAt(key));
  if (!('version' in data)) push('missing "version": 1', top?.start);
  else if (data['version'] !== 1) push(`"version" must be 1, not ${typeName(data['version'])}`, topAt('version'));
  if ('$schema' in data && typeof data['$schema'] !== 'string') push('"$schema" must be a string', topAt('$schema'));

  for (const section of ['persons', 'parties'] as const) {
    if (!(section in data)) continue;
    const list = data[section];
    if (!Array.isArray(list)) {
      push(`"${section}" must be an array of entries, not ${typeName(list)}`, topAt(section));
      continue;
    }
    const offsets = arrayOffsets.get(list);
    const seen = new Set<string>();
    list.forEach((raw, index) => {
      const offset = offsets?.[index];
      const info = isObject(raw) ? objectInfo.get(raw) : undefined;
      const ctx = new EntryContext(section, index, raw, info, offset);
      const entry = section === 'persons' ? checkPerson(ctx) : checkParty(ctx);
      for (const issue of ctx.issues) push(issue.message, issue.offset, ctx.name);
      if (!entry) return;
      if (seen.has(entry.id)) {
        push(`duplicate ${section === 'persons' ? 'person' : 'party'} id "${entry.id}" in this file; the first definition is kept`, ctx.offsetOf('id'), ctx.name);
        return;
      }
      seen.add(entry.id);
      const line = lineOf(offset);
      if (line !== undefined) entryLine.set(entry, line);
      if (section === 'persons') out.persons.push(entry as PersonEntry);
      else out.parties.push(entry as PartyEntry);
    });
  }
  return out;
}

/** Collects the problems of one entry and knows where its fields are. */
class EntryContext {
  readonly issues: { message: string; offset: number | undefined }[] = [];
  /** The id when it is a valid slug, else `#index`. */
  readonly name: string;
  readonly obj: Obj | null;

  constructor(
    readonly section: 'persons' | 'parties',
    index: number,
    readonly raw: unknown,
    private readonly info: ObjectInfo | undefined,
    private readonly offset: number | undefined,
  ) {
    this.obj = isObject(raw) ? raw : null;
    const id = this.obj?.['id'];
    this.name = typeof id === 'string' && ID_RE.test(id) ? id : `#${index}`;
  }

  offsetOf(field?: string): number | undefined {
    return (field !== undefined ? this.info?.keys.get(field) : undefined) ?? this.offset;
  }

  fail(message: string, field?: string): void {
    this.issues.push({ message, offset: this.offsetOf(field) });
  }

  /** Required or optional non-empty string; `extra` adds a content check. */
  string(field: string, required: boolean, extra?: (s: string) => string | null): string | undefined {
    const o = this.obj!;
    if (!(field in o)) {
      if (required) this.fail(`missing required field "${field}"`);
      return undefined;
    }
    const v = o[field];
    if (typeof v !== 'string') {
      this.fail(`"${field}" must be a string, not ${typeName(v)}`, field);
      return undefined;
    }
    if (v.trim() === '') {
      this.fail(`"${field}" must not be empty`, field);
      return undefined;
    }
    const problem = extra?.(v);
    if (problem) {
      this.fail(`"${field}" ${problem}`, field);
      return undefined;
    }
    return v;
  }

  /** Optional (or required) array of non-empty strings. */
  strings(field: string, required: boolean, extra?: (s: string) => string | null): string[] | undefined {
    const o = this.obj!;
    if (!(field in o)) {
      if (required) this.fail(`missing required field "${field}" (an array of strings; may be empty)`);
      return undefined;
    }
    const v = o[field];
    if (!Array.isArray(v)) {
      this.fail(`"${field}" must be an array of strings, not ${typeName(v)}`, field);
      return undefined;
    }
    let ok = true;
    v.forEach((s: unknown, i) => {
      if (typeof s !== 'string') {
        this.fail(`"${field}"[${i}] must be a string, not ${typeName(s)}`, field);
        ok = false;
      } else if (s.trim() === '') {
        this.fail(`"${field}"[${i}] must not be empty`, field);
        ok = false;
      } else {
        const problem = extra?.(s);
        if (problem) {
          this.fail(`"${field}"[${i}] ${problem}`, field);
          ok = false;
        }
      }
    });
    return ok ? [...(v as string[])] : undefined;
  }

  rejectUnknown(allowed: readonly string[]): void {
    const o = this.obj!;
    for (const key of Object.keys(o)) {
      if (!allowed.includes(key)) this.fail(`unknown field "${key}" (allowed: ${allowed.join(', ')})`, key);
    }
    for (const key of this.info?.duplicates ?? []) this.fail(`field "${key}" appears more than once`, key);
  }
}

const slug = (s: string) =>
  ID_RE.test(s) ? null : `must be a lower-case Latin slug of letters, digits and single hyphens (like "bjp" or "rahul-gandhi"), not ${JSON.stringify(s)}`;
const devanagari = (s: string) =>
  DEVANAGARI_LETTER_RE.test(s) ? null : `must be written in Devanagari, not ${JSON.stringify(s)}; put Latin spellings in "latin" or "variants"`;
const latinLetters = (s: string) => (LATIN_LETTER_RE.test(s) ? null : `must contain Latin letters, not ${JSON.stringify(s)}`);
const qidCheck = (s: string) => (QID_RE.test(s) ? null : `must be a Wikidata id like "Q10230", not ${JSON.stringify(s)}`);

function notAnObject(ctx: EntryContext): boolean {
  if (ctx.obj) return false;
  ctx.fail(`each entry in "${ctx.section}" must be an object, not ${typeName(ctx.raw)}`);
  return true;
}

function checkPerson(ctx: EntryContext): PersonEntry | null {
  if (notAnObject(ctx)) return null;
  ctx.rejectUnknown(PERSON_FIELDS);
  const id = ctx.string('id', true, slug);
  const name = ctx.string('name', true, devanagari);
  const latin = ctx.string('latin', true, latinLetters);
  const variants = ctx.strings('variants', false);
  const short = ctx.strings('short', false);
  const role = ctx.string('role', false);
  const party = ctx.string('party', false, slug);
  const qid = ctx.string('qid', false, qidCheck);
  const source = ctx.string('source', true);
  if (ctx.issues.length > 0 || id === undefined || name === undefined || latin === undefined || source === undefined) return null;
  const p: PersonEntry = { id, name, latin, source };
  if (variants) p.variants = variants;
  if (short) p.short = short;
  if (role !== undefined) p.role = role;
  if (party !== undefined) p.party = party;
  if (qid !== undefined) p.qid = qid;
  return p;
}

function checkParty(ctx: EntryContext): PartyEntry | null {
  if (notAnObject(ctx)) return null;
  ctx.rejectUnknown(PARTY_FIELDS);
  const id = ctx.string('id', true, slug);
  const kindRaw = ctx.string('kind', true, (s) => (s === 'party' || s === 'alliance' ? null : `must be "party" or "alliance", not ${JSON.stringify(s)}`));
  const kind = kindRaw as PartyEntry['kind'] | undefined;
  const name = ctx.string('name', true, devanagari);
  const latin = ctx.string('latin', true, latinLetters);
  const abbreviations = ctx.strings('abbreviations', true);
  const variants = ctx.strings('variants', false);
  const ambiguous = ctx.strings('ambiguous', false);
  const alliances = ctx.strings('alliances', false, slug);
  const members = ctx.strings('members', false, slug);
  const scope = ctx.string('scope', false);
  const qid = ctx.string('qid', false, qidCheck);
  const source = ctx.string('source', true);
  if (kind === 'party' && members) ctx.fail('"members" is only for alliances (kind "alliance"); a party lists its alliances in "alliances"', 'members');
  if (kind === 'alliance' && alliances) ctx.fail('"alliances" is only for parties (kind "party"); an alliance lists its parties in "members"', 'alliances');
  if (ambiguous && abbreviations) {
    const forms = new Set([...abbreviations, ...(variants ?? [])].map(normalizeKey));
    for (const a of ambiguous) {
      if (!forms.has(normalizeKey(a))) ctx.fail(`"ambiguous" lists ${JSON.stringify(a)}, which is not among the entry's abbreviations or variants`, 'ambiguous');
    }
  }
  if (
    ctx.issues.length > 0 ||
    id === undefined ||
    kind === undefined ||
    name === undefined ||
    latin === undefined ||
    abbreviations === undefined ||
    source === undefined
  ) {
    return null;
  }
  const p: PartyEntry = { id, kind, name, latin, abbreviations, source };
  if (variants) p.variants = variants;
  if (ambiguous) p.ambiguous = ambiguous;
  if (alliances) p.alliances = alliances;
  if (members) p.members = members;
  if (scope !== undefined) p.scope = scope;
  if (qid !== undefined) p.qid = qid;
  return p;
}

// ---------------------------------------------------------------------------
// A strict JSON parser (RFC 8259) that remembers where objects, array
// elements and property names start, so errors can point at lines.
// JSON.parse reports no position for several errors in Node 20, and none at
// all for values that parse but fail validation.

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface ObjectInfo {
  /** Offset of the `{`. */
  start: number;
  /** Offset of each property name's opening quote (the last one for duplicates). */
  keys: Map<string, number>;
  duplicates: string[];
}

const objectInfo = new WeakMap<object, ObjectInfo>();
/** Offset of the first character of each element of a parsed array. */
const arrayOffsets = new WeakMap<unknown[], number[]>();
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/**
 * Deepest nesting of objects and arrays accepted. A knowledge base needs four
 * levels; the limit keeps a hostile file from overflowing the stack (the
 * parser recurses) and taking the other files down with it.
 */
export const MAX_JSON_DEPTH = 256;

function parseJsonWithPositions(text: string): unknown {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, Math.min(at, n));
  };
  const describe = (at: number) => {
    if (at >= n) return 'end of file';
    const cp = text.codePointAt(at)!;
    return cp < 0x20 ? `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(cp)}'`;
  };
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= n) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape: expected four hex digits');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail(`invalid escape sequence \\${e ?? ''} in string`);
        }
        i += 2;
        chunk = i;
        continue;
      }
      if (c < 0x20) fail(`${describe(i)} inside a string; write it as an escape such as \\n or \\t (or the string is missing its closing quote)`);
      i++;
    }
  };

  const parseValue = (): unknown => {
    skipSpace();
    if (i >= n) fail('unexpected end of file, expected a value');
    const c = text[i];
    if (c === '{' || c === '[') {
      if (++depth > MAX_JSON_DEPTH) fail(`objects and arrays nested more than ${MAX_JSON_DEPTH} levels deep`);
      const v = c === '{' ? parseObject() : parseArray();
      depth--;
      return v;
    }
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(text);
      if (!m) fail('invalid number');
      i += m![0].length;
      return Number(m![0]);
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    if (c === "'") fail('strings must use double quotes (") in JSON');
    return fail(`unexpected ${describe(i)}, expected a value`);
  };

  const parseObject = (): Obj => {
    const info: ObjectInfo = { start: i, keys: new Map(), duplicates: [] };
    const obj: Obj = {};
    objectInfo.set(obj, info);
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return obj;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
      const keyAt = i;
      const key = parseString();
      skipSpace();
      if (text[i] !== ':') fail(`expected ':' after property name "${key}", found ${describe(i)}`);
      i++;
      const value = parseValue();
      if (Object.prototype.hasOwnProperty.call(obj, key)) info.duplicates.push(key);
      info.keys.set(key, keyAt);
      // defineProperty, not assignment: a "__proto__" key must stay plain data.
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
      skipSpace();
      if (text[i] === ',') {
        const comma = i;
        i++;
        skipSpace();
        if (text[i] === '}') fail("trailing comma before '}' is not allowed in JSON", comma);
        continue;
      }
      if (text[i] === '}') {
        i++;
        return obj;
      }
      fail(`expected ',' or '}' after the value of "${key}", found ${describe(i)}`);
    }
  };

  const parseArray = (): unknown[] => {
    const arr: unknown[] = [];
    const offsets: number[] = [];
    arrayOffsets.set(arr, offsets);
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return arr;
    }
    for (;;) {
      skipSpace();
      offsets.push(i);
      arr.push(parseValue());
      skipSpace();
      if (text[i] === ',') {
        const comma = i;
        i++;
        skipSpace();
        if (text[i] === ']') fail("trailing comma before ']' is not allowed in JSON", comma);
        continue;
      }
      if (text[i] === ']') {
        i++;
        return arr;
      }
      fail(`expected ',' or ']' after an array element, found ${describe(i)}`);
    }
  };

  const value = parseValue();
  skipSpace();
  if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`);
  return value;
}

/** Offsets → 0-based lines; `\r\n`, `\n` and a lone `\r` each end a line, as in LSP. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === 0x0a) this.starts.push(k + 1);
      else if (c === 0x0d) {
        if (text.charCodeAt(k + 1) === 0x0a) k++;
        this.starts.push(k + 1);
      }
    }
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[line]!;
  }
}
