/**
 * Regions of scraped articles where nothing is annotated: URLs, markdown
 * link and image targets, e-mail addresses and file names. A markdown image's
 * alt text stays ordinary text.
 */

// Each alternative is anchored on a cheap literal so the scan stays linear.
const SKIP_RE =
  /\]\([^)\s]*\)|\b(?:https?|ftp):\/\/[^\s<>"'()\]]+|\bwww\.[^\s<>"'()\]]+|[\w.+-]+@[\w-]+\.[\w.-]+|[\w\-./]+\.(?:jpe?g|png|gif|webp|svg|pdf|html?|php|aspx?|mp4|mp3)\b/gi;

/** Sorted, non-overlapping raw ranges `[start, end)` to skip. */
export function findSkipRegions(raw: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  SKIP_RE.lastIndex = 0;
  for (let m = SKIP_RE.exec(raw); m; m = SKIP_RE.exec(raw)) {
    let s = m.index;
    const e = s + m[0].length;
    if (m[0].startsWith('](')) s += 1; // keep the `]` of the alt text outside
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Binary search: does raw `[start, end)` touch any skipped region? */
export function overlapsSkip(regions: ReadonlyArray<readonly [number, number]>, start: number, end: number): boolean {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid]!;
    if (r[1] <= start) lo = mid + 1;
    else if (r[0] >= end) hi = mid - 1;
    else return true;
  }
  return false;
}
