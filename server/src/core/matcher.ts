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
import { isColonVisarga, isWordChar } from './tokenize';

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
 * A trie keyed by UTF-16 code units. Edges live in one open-addressing hash
 * table over typed arrays keyed by (node, code unit): no per-node objects,
 * no boxed keys, so a walk costs a multiply and an array probe per character.
 */
export class Matcher {
  private keyNode = new Int32Array(1024).fill(-1);
  private keyChar = new Int32Array(1024);
  private value = new Int32Array(1024);
  private mask = 1023;
  private edgeCount = 0;
  private readonly terminal = new Map<number, number[]>();
  /** Marks nodes that end a key, so the walk skips the Map for the rest. */
  private isTerminal = new Uint8Array(1024);
  private nodes = 1;

  private slot(node: number, c: number): number {
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & this.mask;
    while (this.keyNode[h] !== -1 && (this.keyNode[h] !== node || this.keyChar[h] !== c)) h = (h + 1) & this.mask;
    return h;
  }

  /** The child of `node` along code unit `c`, or -1. */
  private child(node: number, c: number): number {
    const h = this.slot(node, c);
    return this.keyNode[h] === -1 ? -1 : this.value[h]!;
  }

  private grow(): void {
    const [kn, kc, v] = [this.keyNode, this.keyChar, this.value];
    const size = kn.length * 2;
    this.keyNode = new Int32Array(size).fill(-1);
    this.keyChar = new Int32Array(size);
    this.value = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < kn.length; i++) {
      if (kn[i] === -1) continue;
      const h = this.slot(kn[i]!, kc[i]!);
      this.keyNode[h] = kn[i]!;
      this.keyChar[h] = kc[i]!;
      this.value[h] = v[i]!;
    }
  }

  /** Number of keys added (distinct or not). */
  size = 0;

  /** Register a normalised key. Empty keys are ignored. */
  add(key: string, payload: number): void {
    if (key.length === 0) return;
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let next = this.child(node, c);
      if (next < 0) {
        if ((this.edgeCount + 1) * 2 > this.keyNode.length) this.grow();
        next = this.nodes++;
        const h = this.slot(node, c);
        this.keyNode[h] = node;
        this.keyChar[h] = c;
        this.value[h] = next;
        this.edgeCount++;
      }
      node = next;
    }
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

  /** True when `key` (normalised) is registered. */
  has(key: string): boolean {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      node = this.child(node, key.charCodeAt(i));
      if (node < 0) return false;
    }
    return this.terminal.has(node);
  }

  /**
   * All longest matches in `norm`, scanning left to right; a match consumes
   * its text (the next search starts after it). `from`/`to` bound the scan.
   */
  findAll(norm: string, from = 0, to = norm.length): Match[] {
    const out: Match[] = [];
    let i = from;
    while (i < to) {
      // Only start at word starts (or at a non-word char such as `(` or `I.` keys).
      const c = norm.charCodeAt(i);
      if (i > 0 && isWordChar(c) && isWordChar(norm.charCodeAt(i - 1))) {
        i++;
        continue;
      }
      const m = this.longestAt(norm, i, to);
      if (m) {
        out.push(m);
        i = m.end;
      } else i++;
    }
    return out;
  }

  /** The longest key starting at `i` that ends on a word boundary. */
  longestAt(norm: string, i: number, to = norm.length): Match | undefined {
    let node = 0;
    let bestEnd = -1;
    let best: number[] | undefined;
    for (let j = i; j < to; j++) {
      node = this.child(node, norm.charCodeAt(j));
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
