/**
 * The one place where raw UTF-16 offsets (the core's currency) become LSP
 * positions and back. LSP columns are UTF-16 code units by default, the same
 * unit as JavaScript string indices, so no re-counting of combining marks or
 * surrogate pairs is needed; what matters is line breaks (\n, \r\n, \r).
 */
import type { Position, Range } from 'vscode-languageserver';

/** What the conversions need from a document: `TextDocument` satisfies it, as does {@link LineIndex}. */
export interface OffsetMapper {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  readonly lineCount: number;
}

/** Line starts of a text that is not open in the editor (workspace files). */
export class LineIndex implements OffsetMapper {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) starts.push(i + 1);
    }
    this.starts = starts;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between \r and \n is not a position; like TextDocument, report the line end.
    return { line: lo, character: Math.min(o, this.lineEnd(lo)) - this.starts[lo]! };
  }
  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    if (p.line < 0) return 0;
    const start = this.starts[p.line]!;
    const end = this.lineEnd(p.line);
    return Math.max(start, Math.min(start + p.character, end));
  }
  /** Offset of the line's end, before its line break. */
  private lineEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    if (end > this.starts[line]! && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

export function toPosition(doc: OffsetMapper, offset: number): Position {
  return doc.positionAt(offset);
}

export function toOffset(doc: OffsetMapper, position: Position): number {
  return doc.offsetAt(position);
}

export function toRange(doc: OffsetMapper, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function rangeToOffsets(doc: OffsetMapper, range: Range): [number, number] {
  return [doc.offsetAt(range.start), doc.offsetAt(range.end)];
}

/** A single-line piece of a span, in LSP coordinates (semantic tokens are single-line). */
export interface LinePiece {
  line: number;
  character: number;
  length: number;
}

/**
 * Split a raw span into one piece per line it touches, leaving out the line
 * breaks themselves. `text` is the document text (needed to see where breaks are).
 */
export function splitPerLine(doc: OffsetMapper, text: string, start: number, end: number): LinePiece[] {
  const s = doc.positionAt(start);
  const e = doc.positionAt(end);
  if (s.line === e.line) return e.character > s.character ? [{ line: s.line, character: s.character, length: e.character - s.character }] : [];
  const out: LinePiece[] = [];
  let pieceStart = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (i > pieceStart) {
      const p = doc.positionAt(pieceStart);
      out.push({ line: p.line, character: p.character, length: i - pieceStart });
    }
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    pieceStart = i + 1;
  }
  if (end > pieceStart) {
    const p = doc.positionAt(pieceStart);
    out.push({ line: p.line, character: p.character, length: end - pieceStart });
  }
  return out;
}
