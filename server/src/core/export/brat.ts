/**
 * brat standoff: `name.txt` (the text, UTF-8) and `name.ann` with one line per
 * span, `T1<TAB>PERSON 10 25<TAB>surface`, offsets in code points (0-based,
 * end exclusive). A span that crosses a line break is written as fragments
 * (`0 5;6 10`), as brat requires. A span whose entity maps to Wikidata gets a
 * normalisation line `N1<TAB>Reference T1 Wikidata:Q42<TAB>name`. An
 * unreviewed suggestion gets a note `#1<TAB>AnnotatorNotes T1<TAB>suggestion`.
 */
import { codePointSpans, type ExportDoc } from './doc';

/** Maps an entity id to its Wikidata item; `name` defaults to the span text. */
export type EntityResolver = (entityId: string) => { qid: string; name?: string } | undefined;

/** Entity ids that already are Wikidata items: `Q42` or `wikidata:Q42`. */
export const wikidataResolver: EntityResolver = (id) => {
  const m = /^(?:wikidata:)?(Q\d+)$/i.exec(id);
  return m ? { qid: m[1]!.toUpperCase() } : undefined;
};

export const SUGGESTION_NOTE = 'suggestion';

const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

/** The `.txt` and `.ann` contents of one document. */
export function toBrat(doc: ExportDoc, resolver: EntityResolver = wikidataResolver): { txt: string; ann: string } {
  const cps = Array.from(doc.text);
  let ann = '';
  let n = 0;
  let notes = 0;
  let t = 0;
  for (const s of codePointSpans(doc)) {
    t++;
    // Fragments between line breaks, each trimmed of the break itself.
    const frags: Array<[number, number]> = [];
    let fs = s.start;
    for (let i = s.start; i < s.end; i++) {
      if (cps[i] === '\n' || cps[i] === '\r') {
        if (i > fs) frags.push([fs, i]);
        fs = i + 1;
      }
    }
    if (s.end > fs) frags.push([fs, s.end]);
    const surface = frags.map(([a, b]) => cps.slice(a, b).join('')).join(' ');
    const label = s.label.replace(/\s/g, '_');
    ann += `T${t}\t${label} ${frags.map(([a, b]) => `${a} ${b}`).join(';')}\t${clean(surface)}\n`;
    const ref = s.entityId ? resolver(s.entityId) : undefined;
    if (ref) ann += `N${++n}\tReference T${t} Wikidata:${ref.qid}\t${clean(ref.name ?? s.text)}\n`;
    if (s.suggestion) ann += `#${++notes}\tAnnotatorNotes T${t}\t${SUGGESTION_NOTE}\n`;
  }
  return { txt: doc.text, ann };
}

/** brat's `annotation.conf` declaring `labels`. */
export function bratConf(labels: Iterable<string>): string {
  const ls = [...new Set([...labels].map((l) => l.replace(/\s/g, '_')))].sort();
  return `[entities]\n${ls.join('\n')}${ls.length ? '\n' : ''}\n[relations]\n\n[events]\n\n[attributes]\n`;
}
