/** Inlay hints: the Latin name after a Devanagari person name, the ISO value after a date. */
import type { InlayHint } from 'vscode-languageserver';
import { latinName, type KbLookup, type ShownSpan } from './entities';
import type { OffsetMapper } from './positions';

const DEVANAGARI = /[\u0900-\u097F]/;

export function inlayHints(doc: OffsetMapper, spans: readonly ShownSpan[], kb: KbLookup, from: number, to: number): InlayHint[] {
  const out: InlayHint[] = [];
  for (const s of spans) {
    if (s.end < from) continue;
    if (s.start > to) break;
    let label: string | undefined;
    if (s.label === 'PERSON' && DEVANAGARI.test(s.text)) label = latinName(s, kb);
    else if (s.label === 'DATE' && s.date?.iso) label = s.date.iso;
    if (label) out.push({ position: doc.positionAt(s.end), label, paddingLeft: true });
  }
  return out;
}
