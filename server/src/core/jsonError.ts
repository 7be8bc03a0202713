/**
 * JSON syntax errors in words that never quote the input: Node's own
 * messages show the first characters of the text (`Unexpected token 'A',
 * "AWS_SECRET"... is not valid JSON`), and the file may be anything, a
 * secret included, that ended up where a JSON file was expected.
 */

/**
 * Where and how the text failed to parse, without any of its contents. With
 * `text` (what was parsed), the place is found even when Node's message
 * does not give it, and is said as a line and column when the text has
 * several lines (columns and characters count code points from 1).
 */
export function jsonErrorWithoutContents(e: unknown, text?: string): string {
  const msg = (e as Error)?.message ?? '';
  const m = /position (\d+)/.exec(msg);
  let at = m ? Number(m[1]) : undefined;
  if (/end of (JSON )?input/i.test(msg) && (at === undefined || text === undefined || at >= text.length)) return 'invalid JSON: it ends too early';
  // Found by bisection (about 20 parses of a megabyte at most); a larger text is named without a place.
  if (at === undefined && text !== undefined && text.length <= 1 << 20) at = firstBadOffset(text);
  if (at === undefined) return 'invalid JSON';
  if (text !== undefined && at >= text.length) return 'invalid JSON: it ends too early';
  if (text === undefined) return `invalid JSON at character ${at + 1}`;
  const before = text.slice(0, Math.min(at, text.length));
  const nl = before.lastIndexOf('\n');
  const column = Array.from(before.slice(nl + 1)).length + 1;
  if (nl < 0) return `invalid JSON at character ${column}`;
  const line = before.split('\n').length;
  return `invalid JSON at line ${line}, column ${column}`;
}

/**
 * The UTF-16 offset of the first character that cannot continue a JSON
 * text: every prefix before it is the start of some valid JSON, and no
 * prefix from it on is, so it is found by bisection.
 */
function firstBadOffset(text: string): number | undefined {
  const startsJson = (k: number) => {
    try {
      JSON.parse(text.slice(0, k));
      return true;
    } catch (e) {
      // Incomplete rather than wrong: the end came first ("Expected ',' or ']' … at position k" for "[1" too).
      const msg = (e as Error)?.message ?? '';
      const m = /position (\d+)/.exec(msg);
      return m ? Number(m[1]) >= k : /end of (JSON )?input|Unterminated/i.test(msg);
    }
  };
  if (startsJson(text.length)) return undefined;
  let lo = 0; // a prefix that starts valid JSON (the empty one does)
  let hi = text.length; // one that does not
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (startsJson(mid)) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}
