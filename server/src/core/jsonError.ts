/**
 * JSON syntax errors in words that never quote the input: Node's own
 * messages show the first characters of the text (`Unexpected token 'A',
 * "AWS_SECRET"... is not valid JSON`), and the file may be anything, a
 * secret included, that ended up where a JSON file was expected.
 */

/** Where and how the text failed to parse, without any of its contents. */
export function jsonErrorWithoutContents(e: unknown): string {
  const msg = (e as Error)?.message ?? '';
  const m = /position (\d+)/.exec(msg);
  if (m) return `invalid JSON at character ${Number(m[1]) + 1}`;
  if (/end of (JSON )?input|Unterminated/i.test(msg)) return 'invalid JSON: it ends too early';
  return 'invalid JSON';
}
