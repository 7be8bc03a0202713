/**
 * Dictionary matcher over normalised text: a trie walked from every word
 * start, keeping the longest key that also ends on a word boundary.
 *
 * Word boundaries are Devanagari-aware: matras, nukta, virama and joiners are
 * inside words; spaces, punctuation, the danda and a visarga used as a colon
 * are not. A key is only reported when the text before its first character
 * and after its last character is not a word character, so `भाजपा` never
 * matches inside `भाजपाई` and `आप` never inside `आपका`.
 */
import { isColonVisarga, isWordChar, WORD_CHAR } from './tokenize';
import { HashTrie, type PackedTrie } from './trie';

/** What a key stands for. Kept small: the recogniser resolves the details. */
export interface MatchPayload {
  /** Index into the owner's payload table. */
  readonly id: number;
}

/** A match in normalised offsets. */
export interface Match {
  start: number;
  end: number;
  /** Payload ids of every entry registered for this key (a key can be shared). */
  payloads: readonly number[];
}

const VISARGA = 0x0903;

/**
 * The first-word filter starts at 2^MIN_FILTER_BITS slots and doubles to stay at most
 * 1/FILTER_SPARSITY full: the knowledge base's few thousand keys get 2^18 slots (about 2% full),
 * while a matcher of a few dozen keys (one per document, for names seen in full) costs 1 KB to
 * make instead of a quarter of a megabyte.
 */
const MIN_FILTER_BITS = 10;
const MAX_FILTER_BITS = 24;
const FILTER_SPARSITY = 64;

/** Hash of a word's code units (FNV-1a), step by step, so the scan that finds the word's end computes it too. */
const HASH_SEED = 0x811c9dc5;
function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
/** The word's hash mixed with its length: the filter slot is its top `bits` bits. */
function hashMix(h: number, length: number): number {
  return Math.imul(h ^ length, 0x9e3779b1);
}

/** A {@link Matcher} as plain data (see `pack.ts`), for matchers computed at build time. */
export interface PackedMatcher {
  readonly trie: PackedTrie;
  /** Terminal nodes, and each one's payloads: `payloads[payloadStart[i], payloadStart[i + 1])`. */
  readonly terminalNodes: Int32Array;
  readonly payloadStart: Int32Array;
  readonly payloads: Int32Array;
  readonly isTerminal: Uint8Array;
  /** The code units keys start with. */
  readonly starts: Uint16Array;
  readonly firstWords: Int32Array;
  readonly filterBits: number;
  readonly firstWordHashes: Int32Array;
  readonly size: number;
  readonly maxKeyLength: number;
}

/** A trie keyed by UTF-16 code units (see {@link HashTrie}). */
export class Matcher {
  private trie = new HashTrie();
  private readonly terminal = new Map<number, number[]>();
  /** Marks nodes that end a key, so the walk skips the Map for the rest. */
  private isTerminal: Uint8Array = new Uint8Array(1024);
  /** Code units some key starts with: most positions are rejected without probing the trie. */
  private readonly starts = new Uint8Array(0x10000);
  /**
   * Hashes of every key's first word (its leading run of word characters), by their top
   * `filterBits` bits, one bit each. A key can only match at a word start when it covers that
   * whole word (it must end on a word boundary, and no boundary falls inside a word), so a word
   * whose bit is clear starts no match and costs one load instead of a trie walk. A collision
   * only costs the walk it would have cost anyway. Bits, not bytes: the knowledge base's filter
   * is 32 KB, which stays in cache beside the tagger's tables.
   */
  private firstWords: Int32Array = new Int32Array((1 << MIN_FILTER_BITS) >>> 5);
  private filterBits = MIN_FILTER_BITS;
  /** Every distinct first word's mixed hash, to refill the filter when it doubles. */
  private firstWordHashes: number[] = [];
  private firstWordSeen: Set<number> | undefined;

  /** Number of keys added (distinct or not). */
  size = 0;
  /** Length of the longest key, in code units. */
  private maxKeyLength = 0;

  /** Register a normalised key. Empty keys are ignored. */
  add(key: string, payload: number): void {
    if (key.length === 0) return;
    this.starts[key.charCodeAt(0)] = 1;
    if (WORD_CHAR[key.charCodeAt(0)] === 1) {
      let h = HASH_SEED;
      let e = 0;
      while (e < key.length && WORD_CHAR[key.charCodeAt(e)] === 1) h = hashStep(h, key.charCodeAt(e++));
      this.addFirstWord(hashMix(h, e));
    }
    if (key.length > this.maxKeyLength) this.maxKeyLength = key.length;
    let node = 0;
    for (let i = 0; i < key.length; i++) node = this.trie.childOrAdd(node, key.charCodeAt(i));
    if (node >= this.isTerminal.length) {
      const t = new Uint8Array(Math.max(node + 1, this.isTerminal.length * 2));
      t.set(this.isTerminal);
      this.isTerminal = t;
    }
    this.isTerminal[node] = 1;
    const list = this.terminal.get(node);
    if (list) {
      if (!list.includes(payload)) list.push(payload);
    } else this.terminal.set(node, [payload]);
    this.size++;
  }

  private addFirstWord(mixed: number): void {
    const seen = (this.firstWordSeen ??= new Set(this.firstWordHashes));
    if (seen.has(mixed)) return;
    seen.add(mixed);
    this.firstWordHashes.push(mixed);
    if (this.firstWordHashes.length * FILTER_SPARSITY > 1 << this.filterBits && this.filterBits < MAX_FILTER_BITS) {
      while (this.firstWordHashes.length * FILTER_SPARSITY > 1 << this.filterBits && this.filterBits < MAX_FILTER_BITS) this.filterBits++;
      this.firstWords = new Int32Array((1 << this.filterBits) >>> 5);
      for (const x of this.firstWordHashes) this.setFilterBit(x);
    } else this.setFilterBit(mixed);
  }

  private setFilterBit(mixed: number): void {
    const slot = mixed >>> (32 - this.filterBits);
    this.firstWords[slot >>> 5]! |= 1 << (slot & 31);
  }

  /** The matcher as plain data; {@link Matcher.fromPacked} gives it back. */
  toPacked(): PackedMatcher {
    const nodes = [...this.terminal.keys()].sort((a, b) => a - b);
    const payloadStart = new Int32Array(nodes.length + 1);
    const payloads: number[] = [];
    nodes.forEach((node, i) => {
      payloadStart[i] = payloads.length;
      payloads.push(...this.terminal.get(node)!);
    });
    payloadStart[nodes.length] = payloads.length;
    const starts: number[] = [];
    for (let c = 0; c < this.starts.length; c++) if (this.starts[c] === 1) starts.push(c);
    return {
      trie: this.trie.toPacked(),
      terminalNodes: Int32Array.from(nodes),
      payloadStart,
      payloads: Int32Array.from(payloads),
      isTerminal: this.isTerminal,
      starts: Uint16Array.from(starts),
      firstWords: this.firstWords,
      filterBits: this.filterBits,
      firstWordHashes: Int32Array.from(this.firstWordHashes),
      size: this.size,
      maxKeyLength: this.maxKeyLength,
    };
  }

  /** A matcher from {@link Matcher.toPacked}'s data, which it shares (keys added later copy what they change). */
  static fromPacked(p: PackedMatcher): Matcher {
    const m = new Matcher();
    m.trie = HashTrie.fromPacked(p.trie);
    for (let i = 0; i < p.terminalNodes.length; i++) m.terminal.set(p.terminalNodes[i]!, Array.from(p.payloads.subarray(p.payloadStart[i]!, p.payloadStart[i + 1]!)));
    m.isTerminal = p.isTerminal.slice();
    for (let i = 0; i < p.starts.length; i++) m.starts[p.starts[i]!] = 1;
    m.firstWords = p.firstWords.slice();
    m.filterBits = p.filterBits;
    m.firstWordHashes = Array.from(p.firstWordHashes);
    m.size = p.size;
    m.maxKeyLength = p.maxKeyLength;
    return m;
  }

  /** True when `key` (normalised) is registered. */
  has(key: string): boolean {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      node = this.trie.child(node, key.charCodeAt(i));
      if (node < 0) return false;
    }
    return this.terminal.has(node);
  }

  /**
   * True when `norm.slice(start, end)` is a key that ends on a word boundary
   * (what `longestAt(norm, start, end)?.end === end` says), tested in place:
   * most words are rejected by their first code unit or their length.
   */
  isKeyAt(norm: string, start: number, end: number): boolean {
    if (end <= start || end - start > this.maxKeyLength || this.starts[norm.charCodeAt(start)] === 0) return false;
    let node = 0;
    for (let j = start; j < end; j++) {
      node = this.trie.child(node, norm.charCodeAt(j));
      if (node < 0) return false;
    }
    return this.isTerminal[node] === 1 && endsOnBoundary(norm, end);
  }

  /**
   * All longest matches in `norm`, scanning left to right; a match consumes
   * its text (the next search starts after it). `from`/`to` bound the scan.
   */
  findAll(norm: string, from = 0, to = norm.length): Match[] {
    const out: Match[] = [];
    const starts = this.starts;
    const firstWords = this.firstWords;
    const shift = 32 - this.filterBits;
    const n = norm.length;
    let i = from;
    let prevWord = i > 0 && WORD_CHAR[norm.charCodeAt(i - 1)] === 1;
    while (i < to) {
      // Only start at word starts (or at a non-word char such as `(` or `I.` keys).
      const c = norm.charCodeAt(i);
      const word = WORD_CHAR[c] === 1;
      if (word) {
        if (prevWord || starts[c] === 0) {
          prevWord = true;
          i++;
          continue;
        }
        // A word start: hash the whole word; a word no key begins with is skipped in one step.
        let h = hashStep(HASH_SEED, c);
        let e = i + 1;
        while (e < n) {
          const d = norm.charCodeAt(e);
          if (WORD_CHAR[d] === 0) break;
          h = hashStep(h, d);
          e++;
        }
        const slot = hashMix(h, e - i) >>> shift;
        if (e > to || (firstWords[slot >>> 5]! & (1 << (slot & 31))) === 0) {
          prevWord = true;
          i = e < to ? e : to;
          continue;
        }
      } else if (starts[c] === 0) {
        prevWord = false;
        i++;
        continue;
      }
      const m = this.longestAt(norm, i, to);
      if (m) {
        out.push(m);
        i = m.end;
        prevWord = isWordChar(norm.charCodeAt(i - 1));
      } else {
        prevWord = word;
        i++;
      }
    }
    return out;
  }

  /** The longest key starting at `i` that ends on a word boundary. */
  longestAt(norm: string, i: number, to?: number): Match | undefined {
    // The length read on every call: a default read only when `to` is left out (rare) would be
    // first met in optimised code.
    const length = norm.length;
    to ??= length;
    let node = 0;
    let bestEnd = -1;
    let best: number[] | undefined;
    for (let j = i; j < to; j++) {
      node = this.trie.child(node, norm.charCodeAt(j));
      if (node < 0) break;
      if (this.isTerminal[node] === 1 && endsOnBoundary(norm, j + 1)) {
        bestEnd = j + 1;
        best = this.terminal.get(node);
      }
    }
    return best ? { start: i, end: bestEnd, payloads: best } : undefined;
  }
}

/** True when a key ending at `end` (exclusive) does not run into a longer word. */
export function endsOnBoundary(norm: string, end: number): boolean {
  if (end >= norm.length) return true;
  const last = norm.charCodeAt(end - 1);
  if (!isWordChar(last)) return true; // keys ending in punctuation: `i.n.d.i.a.`
  const next = norm.charCodeAt(end);
  if (next === VISARGA) return isColonVisarga(norm, end);
  return !isWordChar(next);
}
