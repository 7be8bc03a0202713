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
 * A span linked to an entity with a Wikidata item gets a normalisation line
 * `N1<TAB>Reference T1 Wikidata:Q42<TAB>name`; a link without one keeps its
 * knowledge-base id (`HindiNewsKB:some-id`). Unreviewed suggestions are
 * never mixed with the confirmed spans: they go to `name.suggestions.ann`
 * (same syntax; brat itself ignores the file).
 */
import { codePointSpans, type ExportDoc } from './doc';

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
        out += `T${++t}\t${s.label} ${frags.map(([a, b]) => `${a} ${b}`).join(';')}\t${surface}\n`;
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
