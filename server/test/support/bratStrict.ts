/**
 * Test-only: a strict reader of brat standoff written from brat's own rules
 * (`server/src/annotation.py` of nlplab/brat and https://brat.nlplab.org/standoff.html),
 * so exports are checked against what brat accepts, not against our importer.
 *
 * What brat does, and this reader enforces:
 * - The `.txt` is read with Python's universal newlines (brat's
 *   `open_textfile` opens it in mode `rU`): `\r\n` and a lone `\r` become
 *   `\n` before any offset is counted.
 * - `.ann` is read line by line with Python's `splitlines` boundaries
 *   (`\n`, `\r\n`, `\r`, `\v`, `\f`, U+001C–U+001E, U+0085, U+2028, U+2029);
 *   a line that cannot be parsed is a failure (brat keeps it as unparsed).
 * - Each line is `ID<TAB>DATA[<TAB>TAIL]`; the ID matches
 *   `^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$` and is unique.
 * - `T`: DATA is `TYPE START END[;START END…]`; offsets are integers,
 *   0 ≤ start ≤ end ≤ text length (code points), fragments do not overlap
 *   (brat's test: `end >= ostart and start < oend`); TAIL starts with the
 *   surface, which must equal the fragments' texts joined by one space and
 *   is taken by length (so it may hold a tab); what follows it, if anything,
 *   starts with whitespace.
 * - `N`: DATA matches `(\S+) (\S+) (\S+?):(\S+)` (type, target, db, id); the
 *   reference text is TAIL.
 * - `#`: DATA is exactly two whitespace-separated fields (type, target).
 * - Every referenced id exists.
 * - `annotation.conf`: only the sections `[entities]`, `[relations]`,
 *   `[events]`, `[attributes]`; an entity type is one token that brat would
 *   not read as a comment (`#`), section, macro (`<`) or flag (`!`, `-`).
 */

export interface StrictTextBound {
  id: string;
  type: string;
  fragments: Array<[number, number]>;
  text: string;
}

export interface StrictNormalization {
  id: string;
  type: string;
  target: string;
  db: string;
  ref: string;
  refText: string;
}

export interface StrictAnn {
  textBounds: StrictTextBound[];
  normalizations: StrictNormalization[];
  notes: Array<{ id: string; type: string; target: string; text: string }>;
  /** Lines brat fails on, with the reason (empty when brat reads the file cleanly). */
  failures: string[];
}

/** Python's `str.splitlines()` without the line ends. */
export function pySplitLines(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\r' && s[i + 1] === '\n') {
      out.push(cur);
      cur = '';
      i++;
    } else if (/[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/.test(c)) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** The text Python reads from a file opened with universal newlines. */
export function universalNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** Read `ann` against the document text `txt` (the file's contents) as brat does. */
export function readBratStrict(txt: string, ann: string): StrictAnn {
  const cps = Array.from(universalNewlines(txt));
  const r: StrictAnn = { textBounds: [], normalizations: [], notes: [], failures: [] };
  const ids = new Set<string>();
  const refs: Array<[string, string]> = [];
  pySplitLines(ann).forEach((line, n) => {
    const fail = (why: string) => r.failures.push(`line ${n + 1}: ${why}: ${JSON.stringify(line)}`);
    const tab = line.indexOf('\t');
    if (tab < 0) return fail('no tab after the id');
    const id = line.slice(0, tab);
    const idTail = line.slice(tab + 1);
    if (!/^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$/.test(id)) return fail('invalid id');
    if (ids.has(id)) return fail('duplicate id');
    ids.add(id);
    const d = idTail.indexOf('\t');
    const data = d < 0 ? idTail : idTail.slice(0, d);
    const tail = d < 0 ? '' : idTail.slice(d);
    const pre = id[0]!;
    if (pre === 'T') {
      const sp = data.indexOf(' ');
      if (sp < 0) return fail('text-bound without offsets');
      const type = data.slice(0, sp);
      const fragments: Array<[number, number]> = [];
      for (const f of data.slice(sp + 1).split(';')) {
        const parts = f.split(' ');
        if (parts.length !== 2) return fail('offsets are not "START END"');
        const end = parts[1]!.replace(/\s+$/u, '');
        if (!/^\d+$/.test(parts[0]!) || !/^\d+$/.test(end)) return fail('offsets are not integers');
        const a = Number(parts[0]);
        const b = Number(end);
        if (a > b || b > cps.length) return fail('offsets outside the text');
        for (const [oa, ob] of fragments) if (b >= oa && a < ob) return fail('fragments overlap');
        fragments.push([a, b]);
      }
      const ref = fragments.map(([a, b]) => cps.slice(a, b).join('')).join(' ');
      const spanLen = Array.from(ref).length;
      if (tail.trim() === '') return fail('text-bound without its text');
      if (tail[0] !== '\t') return fail('no tab before the text');
      const tailCps = Array.from(tail);
      if (spanLen > tailCps.length - 1) return fail('text shorter than the span');
      const text = tailCps.slice(1, spanLen + 1).join('');
      const rest = tailCps.slice(spanLen + 1).join('');
      if (text !== ref) return fail(`text does not match the document (${JSON.stringify(ref)})`);
      if (rest !== '' && !/^\s/u.test(rest)) return fail('text not separated from the rest of the line');
      r.textBounds.push({ id, type, fragments, text });
    } else if (pre === 'N') {
      const m = /^(\S+) (\S+) (\S+?):(\S+)/.exec(data);
      if (!m) return fail('normalisation is not "TYPE TARGET DB:ID"');
      r.normalizations.push({ id, type: m[1]!, target: m[2]!, db: m[3]!, ref: m[4]!, refText: tail.replace(/^\t+/, '') });
      refs.push([id, m[2]!]);
    } else if (pre === '#') {
      const f = data.trim().split(/\s+/);
      if (f.length !== 2) return fail('note is not "TYPE TARGET"');
      r.notes.push({ id, type: f[0]!, target: f[1]!, text: tail.trim() });
      refs.push([id, f[1]!]);
    } else return fail(`annotation kind ${pre} not read here`);
  });
  for (const [from, to] of refs) if (!ids.has(to)) r.failures.push(`${from} refers to ${to}, which is not defined`);
  return r;
}

/** The entity types of an `annotation.conf`, and the lines brat would misread. */
export function readBratConfStrict(conf: string): { entities: string[]; failures: string[] } {
  const entities: string[] = [];
  const failures: string[] = [];
  let section = '';
  for (const raw of pySplitLines(conf)) {
    const line = raw.trim();
    if (!line) continue;
    const sec = /^\[(.*)\]$/.exec(line);
    if (sec) {
      if (!['entities', 'relations', 'events', 'attributes'].includes(sec[1]!)) failures.push(`unknown section ${line}`);
      else if (section === sec[1]) failures.push(`section ${line} twice`);
      section = sec[1]!;
      continue;
    }
    if (/^[#<!-]/.test(line)) {
      failures.push(`line read as a comment, macro or flag: ${JSON.stringify(line)}`);
      continue;
    }
    if (section !== 'entities') {
      failures.push(`unexpected line in [${section}]: ${JSON.stringify(line)}`);
      continue;
    }
    if (/\s/.test(line)) failures.push(`entity type with whitespace: ${JSON.stringify(line)}`);
    entities.push(line);
  }
  return { entities, failures };
}
