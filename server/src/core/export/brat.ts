/**
 * brat standoff: `name.txt` (the text, UTF-8) and `name.ann` with one line per
 * confirmed span, `T1<TAB>PERSON 10 25<TAB>surface`, offsets in code points
 * (0-based, end exclusive).
 *
 * brat reads `.ann` files line by line with Python's universal line
 * splitting, so a line ends not only at `\n` and `\r` but also at `\v`, `\f`,
 * U+001C–U+001E, U+0085, U+2028 and U+2029. A span that crosses any of them is
 * written as fragments (`0 5;6 10`), as brat does for spans across lines, and
 * its surface is the fragments joined by one space, exactly what brat checks;
 * a tab inside a span is written as it is (brat takes the surface by length).
 * A span with nothing but separators is refused, never written as a line brat
 * rejects.
 *
 * brat reads the `.txt` with Python's universal newlines (`open_textfile` in
 * brat's `annotation.py` opens it in mode `rU`): each `\r\n` becomes one
 * `\n`. The `.txt` is written as the article is, byte for byte, and offsets
 * count code points of the text as brat reads it, so after a `\r\n` they are
 * one less per `\r\n` than in the file (see {@link bratOffsets}).
 *
 * A span linked to an entity with a Wikidata item gets a normalisation line
 * `N1<TAB>Reference T1 Wikidata:Q42<TAB>name`; a link without one keeps its
 * knowledge-base id (`HindiNewsKB:some-id`). Unreviewed suggestions are
 * never mixed with the confirmed spans: they go to `name.suggestions.ann`
 * (same syntax; brat itself ignores the file).
 */
import { codePointSpans, type ExportDoc } from './doc';
import { lowerBound } from '../annotations/occurrences';

/** Maps an entity id to its Wikidata item; `name` defaults to the span text. */
export type EntityResolver = (entityId: string) => { qid: string; name?: string } | undefined;

/**
 * Normalisation database of links without a Wikidata item: the
 * knowledge-base id itself (`N1<TAB>Reference T1 HindiNewsKB:some-id<TAB>name`),
 * so no link is lost in a brat round trip.
 */
export const KB_NORMALIZATION_DB = 'HindiNewsKB';

/** Entity ids that already are Wikidata items: `Q42` or `wikidata:Q42`. */
export const wikidataResolver: EntityResolver = (id) => {
  const m = /^(?:wikidata:)?(Q\d+)$/i.exec(id);
  return m ? { qid: m[1]!.toUpperCase() } : undefined;
};

/** Note of a suggestion in exports made before suggestions had their own file; still read on import. */
export const SUGGESTION_NOTE = 'suggestion';

/** Beside `name.ann`: the unreviewed suggestions of the document. */
export const BRAT_SUGGESTIONS_SUFFIX = '.suggestions.ann';

/** Characters Python's `str.splitlines` (and so brat's reader) ends a line at. */
export const BRAT_LINE_BREAKS = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/u;
const BREAKS_G = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+/gu;

/**
 * A label brat can use as an entity type: letters, digits, `_` and `-`,
 * starting with a letter. Anything else would be read by brat's
 * `annotation.conf` parser as a section (`[events]`), a comment (`#x`), a
 * macro or a flag.
 */
export function isBratLabel(label: string): boolean {
  return /^\p{L}[\p{L}\p{N}\p{M}_-]*$/u.test(label);
}

/** Offsets between the code points of a text file and the text brat reads from it. */
export interface BratOffsets {
  /** Length of the text as brat reads it, in code points. */
  length: number;
  /** brat's offset of the code point offset `cp` of the file's text. */
  toBrat(cp: number): number;
  /** The code point offset in the file's text of brat's offset `b`. */
  fromBrat(b: number): number;
}

/**
 * brat's offsets for the text `cps` (code points): Python's universal
 * newlines read each `\r\n` as one `\n` (a lone `\r` also becomes `\n`,
 * which moves no offset). An offset never falls between the two characters
 * of a `\r\n`: both are line separators, and fragments stop before them.
 * `leading` characters come first in brat's text and not in `cps` (brat
 * reads a byte order mark as a character; the article's text has none).
 */
export function bratOffsets(cps: readonly string[], leading = 0): BratOffsets {
  const pairs: number[] = []; // code point index of the \r of each \r\n
  for (let i = 0; i + 1 < cps.length; i++) if (cps[i] === '\r' && cps[i + 1] === '\n') pairs.push(i);
  // The \n brat reads for the k-th \r\n sits at pairs[k] - k.
  const inBrat = pairs.map((p, k) => p - k);
  // `leading`: characters brat reads before the text (a byte order mark the file starts with).
  return {
    length: leading + cps.length - pairs.length,
    toBrat: (cp) => leading + cp - lowerBound(pairs, cp - 1),
    fromBrat: (b) => b - leading + lowerBound(inBrat, b - leading),
  };
}

/** A span the brat writer refused, with the reason. */
export interface BratRefusal {
  text: string;
  label: string;
  reason: string;
}

export interface BratFiles {
  txt: string;
  ann: string;
  /** The `.suggestions.ann` contents, when the document has unreviewed suggestions. */
  suggestions?: string;
  refused: BratRefusal[];
}

/** The `.txt` and `.ann` contents of one document. */
export function toBrat(doc: ExportDoc, resolver: EntityResolver = wikidataResolver): BratFiles {
  const cps = Array.from(doc.text);
  const offsets = bratOffsets(cps);
  const refused: BratRefusal[] = [];
  const writer = () => {
    let out = '';
    let t = 0;
    let n = 0;
    return {
      add(s: ReturnType<typeof codePointSpans>[number]) {
        if (!isBratLabel(s.label)) {
          refused.push({ text: s.text, label: s.label, reason: `the label ${JSON.stringify(s.label)} is not a brat entity type (letters, digits, _ and -, starting with a letter)` });
          return;
        }
        // Fragments between brat's line separators, each without the separator itself.
        const frags: Array<[number, number]> = [];
        let fs = s.start;
        for (let i = s.start; i < s.end; i++) {
          if (BRAT_LINE_BREAKS.test(cps[i]!)) {
            if (i > fs) frags.push([fs, i]);
            fs = i + 1;
          }
        }
        if (s.end > fs) frags.push([fs, s.end]);
        if (frags.length === 0) {
          refused.push({ text: s.text, label: s.label, reason: 'the span holds only line separators, which brat cannot annotate' });
          return;
        }
        const surface = frags.map(([a, b]) => cps.slice(a, b).join('')).join(' ');
        out += `T${++t}\t${s.label} ${frags.map(([a, b]) => `${offsets.toBrat(a)} ${offsets.toBrat(b)}`).join(';')}\t${surface}\n`;
        const ref = s.entityId ? resolver(s.entityId) : undefined;
        if (ref) out += `N${++n}\tReference T${t} Wikidata:${ref.qid}\t${(ref.name ?? s.text).replace(BREAKS_G, ' ')}\n`;
        else if (s.entityId && /^\S+$/u.test(s.entityId) && !BRAT_LINE_BREAKS.test(s.entityId)) {
          out += `N${++n}\tReference T${t} ${KB_NORMALIZATION_DB}:${s.entityId}\t${s.text.replace(BREAKS_G, ' ')}\n`;
        }
      },
      get text() {
        return out;
      },
    };
  };
  const confirmed = writer();
  const suggested = writer();
  let anySuggestion = false;
  for (const s of codePointSpans(doc)) {
    if (s.suggestion) {
      anySuggestion = true;
      suggested.add(s);
    } else confirmed.add(s);
  }
  const files: BratFiles = { txt: doc.text, ann: confirmed.text, refused };
  if (anySuggestion) files.suggestions = suggested.text;
  return files;
}

/** brat's `annotation.conf` declaring `labels` (those brat cannot use are left out; see {@link isBratLabel}). */
export function bratConf(labels: Iterable<string>): string {
  const ls = [...new Set([...labels].filter(isBratLabel))].sort();
  return `[entities]\n${ls.join('\n')}${ls.length ? '\n' : ''}\n[relations]\n\n[events]\n\n[attributes]\n`;
}
