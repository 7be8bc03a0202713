import type { KbIndex } from '../kbIndex';
import type { EntityLabel } from '../types';

/**
 * `(key, label) => boolean`: true when the knowledge base already holds the
 * normalised `key` as a whole under `label`. Such names are not learned: the
 * recogniser knows them.
 */
export function kbKnows(index: KbIndex): (key: string, label: EntityLabel) => boolean {
  return (key, label) => {
    const m = index.matcher.longestAt(key, 0);
    return !!m && m.end === key.length && m.payloads.some((id) => index.payloads[id]!.label === label);
  };
}
