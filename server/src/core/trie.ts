/**
 * The edge table of a trie over UTF-16 code units: one open-addressing hash
 * table in typed arrays keyed by (node, code unit). No per-node objects and
 * no boxed keys, so walking a word costs a multiply and a probe per
 * character. Node 0 is the root; node ids are dense, so callers can keep
 * per-node data in plain arrays.
 */

/** A {@link HashTrie} as plain data (see `pack.ts`): its slot arrays as they are, so loading one copies nothing. */
export interface PackedTrie {
  readonly keyNode: Int32Array;
  readonly keyChar: Int32Array;
  readonly value: Int32Array;
  readonly edges: number;
  readonly nodeCount: number;
}

export class HashTrie {
  private keyNode: Int32Array = new Int32Array(1024).fill(-1);
  private keyChar: Int32Array = new Int32Array(1024);
  private value: Int32Array = new Int32Array(1024);
  private mask = 1023;
  private edges = 0;
  /** Number of nodes, root included. */
  nodeCount = 1;

  /** The trie as plain data; {@link HashTrie.fromPacked} gives it back, node ids included. */
  toPacked(): PackedTrie {
    return { keyNode: this.keyNode, keyChar: this.keyChar, value: this.value, edges: this.edges, nodeCount: this.nodeCount };
  }

  /** A trie over `p`'s arrays (shared with `p`, not copied). */
  static fromPacked(p: PackedTrie): HashTrie {
    const t = new HashTrie();
    if (p.keyNode.length !== p.keyChar.length || p.keyNode.length !== p.value.length || (p.keyNode.length & (p.keyNode.length - 1)) !== 0) {
      throw new Error('packed trie: slot arrays of different or non-power-of-two lengths');
    }
    t.keyNode = p.keyNode;
    t.keyChar = p.keyChar;
    t.value = p.value;
    t.mask = p.keyNode.length - 1;
    t.edges = p.edges;
    t.nodeCount = p.nodeCount;
    return t;
  }

  private slot(node: number, c: number): number {
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & this.mask;
    while (this.keyNode[h] !== -1 && (this.keyNode[h] !== node || this.keyChar[h] !== c)) h = (h + 1) & this.mask;
    return h;
  }

  /** The child of `node` along code unit `c`, or -1. */
  child(node: number, c: number): number {
    const h = this.slot(node, c);
    return this.keyNode[h] === -1 ? -1 : this.value[h]!;
  }

  /** The child of `node` along `c`, created when missing. */
  childOrAdd(node: number, c: number): number {
    let h = this.slot(node, c);
    if (this.keyNode[h] !== -1) return this.value[h]!;
    if ((this.edges + 1) * 2 > this.keyNode.length) {
      this.grow();
      h = this.slot(node, c);
    }
    const next = this.nodeCount++;
    this.keyNode[h] = node;
    this.keyChar[h] = c;
    this.value[h] = next;
    this.edges++;
    return next;
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
}
