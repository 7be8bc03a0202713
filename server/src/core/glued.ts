/**
 * Words run together in scraped news: a visarga used as a colon with no space after it
 * (`भाजपाःसुनील कुमार`), and a party's name with the next word glued on (`भाजपाउधर`). Both
 * are read only where the part before is a word of its own: `दुःख`, `निःशुल्क`, `पुनःप्रवेश`
 * and `राजदूत` stay whole.
 */
import type { KbIndex } from './kbIndex';
import { normalizeKey, type NormalizedText } from './normalize';
import { isColonVisarga, isWordChar } from './tokenize';
import { HashTrie } from './trie';

const VISARGA = '\u0903';

/**
 * `t` with every visarga that closes a word of its own (`isWord`) and has the next word glued
 * to it read as a colon: the normalised text gets `:` in its place, one code unit for one, so
 * every offset still maps to the raw text (which keeps its visarga). `t` itself when there is none.
 */
export function withGluedColons(t: NormalizedText, isWord: (w: string) => boolean): NormalizedText {
  const norm = t.norm;
  let i = norm.indexOf(VISARGA);
  if (i < 0) return t;
  let parts: string[] | undefined;
  let last = 0;
  for (; i >= 0; i = norm.indexOf(VISARGA, i + 1)) {
    if (isColonVisarga(norm, i)) continue; // a colon already
    let s = i;
    while (s > 0 && isWordChar(norm.charCodeAt(s - 1))) s--;
    if (i - s < 2 || !isWord(norm.slice(s, i))) continue;
    (parts ??= []).push(norm.slice(last, i), ':');
    last = i + 1;
  }
  if (!parts) return t;
  parts.push(norm.slice(last));
  return { raw: t.raw, norm: parts.join(''), toRaw: t.toRaw };
}

/** A party name found glued to the word after it (offsets into the word, or into the text once placed). */
export interface GluedParty {
  start: number;
  end: number;
  entityId: string;
  /** The party's Latin name. */
  latin: string;
}

/** Index of two Devanagari code units in a 128 × 128 table. */
function pairIndex(a: number, b: number): number {
  return ((a - 0x0900) << 7) | (b - 0x0900);
}

/** A letter that can begin a word: an independent vowel or a consonant (no vowel sign, virama or nukta). */
function startsWord(c: number): boolean {
  return (c >= 0x0904 && c <= 0x0939) || (c >= 0x0958 && c <= 0x0961) || (c >= 0x0972 && c <= 0x097f);
}

/**
 * The knowledge base's one-word Devanagari party names and abbreviations (`भाजपा`, `कांग्रेस`,
 * `माकपा`; none that is also an ordinary word), to find one run together with the next word.
 */
export class GluedParties {
  private readonly trie = new HashTrie();
  /** Trie node → the party whose key ends there. */
  private readonly parties = new Map<number, { entityId: string; latin: string }>();
  /** The keys' first two code units (both Devanagari): most words are passed over after one load. */
  private readonly firstPairs = new Uint8Array(128 * 128);

  constructor(index: KbIndex) {
    for (const p of index.parties.values()) {
      const ambiguous = new Set((p.ambiguous ?? []).map(normalizeKey));
      for (const form of [p.name, ...p.abbreviations, ...(p.variants ?? [])]) {
        const key = normalizeKey(form);
        if (key.length < 3 || ambiguous.has(key) || !/^[\u0900-\u097f]+$/.test(key)) continue;
        this.firstPairs[pairIndex(key.charCodeAt(0), key.charCodeAt(1))] = 1;
        let node = 0;
        for (let k = 0; k < key.length; k++) node = this.trie.childOrAdd(node, key.charCodeAt(k));
        if (!this.parties.has(node)) this.parties.set(node, { entityId: p.id, latin: p.latin });
      }
    }
  }

  /**
   * The party name that begins `word` and is followed, inside it, by a word of its own
   * (`isWord`, two code units or more): `भाजपाउधर` → `भाजपा`, `कांग्रेसनेता` → `कांग्रेस`; the
   * longest such name, or undefined. Words are tested once each (the caller keeps the answer).
   */
  at(word: string, isWord: (w: string) => boolean): GluedParty | undefined {
    if (word.length < 5) return undefined;
    const c0 = word.charCodeAt(0);
    const c1 = word.charCodeAt(1);
    if (c0 < 0x0900 || c0 > 0x097f || c1 < 0x0900 || c1 > 0x097f || this.firstPairs[pairIndex(c0, c1)] === 0) return undefined;
    let node = 0;
    let best: GluedParty | undefined;
    for (let k = 0; k < word.length - 2; k++) {
      node = this.trie.child(node, word.charCodeAt(k));
      if (node < 0) break;
      const party = this.parties.get(node);
      if (party && startsWord(word.charCodeAt(k + 1)) && isWord(word.slice(k + 1))) best = { start: 0, end: k + 1, entityId: party.entityId, latin: party.latin };
    }
    return best;
  }
}
