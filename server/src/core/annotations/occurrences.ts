/**
 * Where a span's text occurs in an article, looked up by the characters
 * around each occurrence. Re-anchoring accepts an occurrence only when at
 * least half of a span's stored context agrees, so a candidate worth
 * scoring has {@link KEY_CHARS} characters on one side equal to the span's
 * context there: looking those up instead of scoring every occurrence keeps
 * re-anchoring linear when thousands of spans of one name all lost their
 * context at once (a long article rewritten outside the editor).
 *
 * Contexts are compared without carriage returns (a change of line endings
 * keeps them), so keys skip `\r` too.
 */

/** Characters of context a key holds on each side. */
export const KEY_CHARS = 8;

/** The occurrences of one text. */
export interface TextOccurrences {
  /** Start offsets of every occurrence (overlapping ones too), ascending. */
  positions: number[];
  /** Start offsets by the {@link KEY_CHARS} characters before them, ascending. */
  before: Map<string, number[]>;
  /** Start offsets by the {@link KEY_CHARS} characters after the occurrence, ascending. */
  after: Map<string, number[]>;
}

/** Up to `n` characters of `t` before `i`, carriage returns skipped. */
export function keyBefore(t: string, i: number, n = KEY_CHARS): string {
  let out = '';
  let k = 0;
  for (let j = i - 1; j >= 0 && k < n; j--) {
    const c = t[j]!;
    if (c === '\r') continue;
    out = c + out;
    k++;
  }
  return out;
}

/** Up to `n` characters of `t` from `i`, carriage returns skipped. */
export function keyAfter(t: string, i: number, n = KEY_CHARS): string {
  let out = '';
  let k = 0;
  for (let j = i; j < t.length && k < n; j++) {
    const c = t[j]!;
    if (c === '\r') continue;
    out += c;
    k++;
  }
  return out;
}

/** The occurrences of texts in `text`, each found once, when first asked for. */
export class Occurrences {
  private readonly byText = new Map<string, TextOccurrences>();

  constructor(private readonly text: string) {}

  of(s: string): TextOccurrences {
    let o = this.byText.get(s);
    if (o) return o;
    o = { positions: [], before: new Map(), after: new Map() };
    const t = this.text;
    for (let i = t.indexOf(s); i >= 0; i = t.indexOf(s, i + 1)) {
      o.positions.push(i);
      push(o.before, keyBefore(t, i), i);
      push(o.after, keyAfter(t, i + s.length), i);
    }
    this.byText.set(s, o);
    return o;
  }
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Index of the first entry of ascending `xs` that is ≥ `v`. */
export function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
