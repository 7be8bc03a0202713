/**
 * `--format pretty`: the article with its spans coloured for a terminal,
 * then a table of what was found and why.
 */
import type { DocumentAnalysis } from '../core/recognizer';

const COLOURS: Record<string, string> = { PERSON: '\x1b[1;36m', PARTY: '\x1b[1;33m', DATE: '\x1b[1;32m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

export function formatPretty(id: string, text: string, a: DocumentAnalysis, colour: boolean): string {
  const c = (code: string, s: string) => (colour ? code + s + RESET : s);
  let out = c('\x1b[1m', `== ${id} ==`) + (a.publication ? c(DIM, `  (published ${a.publication})`) : '') + '\n';
  let at = 0;
  for (const s of a.spans) {
    out += text.slice(at, s.start);
    out += colour ? c(COLOURS[s.label] ?? '', s.text) : `[${s.text}]{${s.label}}`;
    at = s.end;
  }
  out += text.slice(at);
  if (!out.endsWith('\n')) out += '\n';
  const counts: Record<string, number> = {};
  for (const s of a.spans) counts[s.label] = (counts[s.label] ?? 0) + 1;
  out += c(DIM, `-- ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'no spans'}`) + '\n';
  for (const s of a.spans) {
    const value = s.date?.iso ?? s.date?.relative;
    out += `  ${c(COLOURS[s.label] ?? '', s.label.padEnd(6))} ${s.text}${value ? ` = ${value}` : ''}  ${c(DIM, s.reason)}\n`;
  }
  return out + '\n';
}
