/**
 * Reproducible train/dev/test split by document. Each document's split
 * depends only on its id and the seed (a hash), never on the order or size of
 * the corpus: adding articles later does not move old ones between splits,
 * and a streaming export needs no second pass. The ratios are therefore met
 * approximately, closely on corpora of a few hundred documents and more.
 */
import { createHash } from 'node:crypto';

export type SplitName = 'train' | 'dev' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'dev', 'test'];

export interface SplitSpec {
  /** Shares of train, dev and test; any non-negative numbers, normalised. */
  ratios: readonly [number, number, number];
  seed: number;
}

/** Parse `80/10/10` (or `0.8/0.1/0.1`, `90/10`, `90/10/0`); throws an Error with a clear message. */
export function parseRatios(s: string): [number, number, number] {
  const parts = s.split(/[/:,]/).map((x) => x.trim());
  const nums = parts.map(Number);
  if (parts.length < 2 || parts.length > 3 || nums.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new Error(`--split ${JSON.stringify(s)}: expected train/dev/test shares such as 80/10/10`);
  }
  const [a, b, c = 0] = nums as [number, number, number?];
  if (a + b + c <= 0) throw new Error(`--split ${JSON.stringify(s)}: the shares add up to zero`);
  return [a, b, c];
}

/** The split of document `id`. */
export function assignSplit(id: string, spec: SplitSpec): SplitName {
  const h = createHash('sha256').update(`${spec.seed}\u0000${id}`, 'utf8').digest();
  const u = h.readUInt32BE(0) / 0x100000000;
  const [a, b, c] = spec.ratios;
  const total = a + b + c;
  if (u < a / total) return 'train';
  if (u < (a + b) / total) return 'dev';
  return c > 0 ? 'test' : b > 0 ? 'dev' : 'train';
}
