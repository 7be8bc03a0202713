/**
 * Interning of words cut out of a text, by their code units in place: one
 * hash over the word and, usually, one probe, with no string made. Ids are
 * dense (0, 1, 2, …) in order of first sight, so callers keep per-word data
 * in typed arrays indexed by id.
 *
 * Walking a trie per code unit costs a hash probe per character; news text
 * repeats the same few thousand words, so one probe per word is what the
 * hot loops (the tagger's per-token lookup) can afford.
 */
export class WordTable {
  /** Per slot: id + 1 (0 = empty). */
  private slots = new Int32Array(2048);
  /** Per slot: the word's hash, compared before the code units. */
  private slotHash = new Int32Array(2048);
  private mask = 2047;
  /**
   * Per id: where its code units start in `chars`, and how many there are. Small at first, so
   * the growth paths run in the first paragraphs, while the code still collects type feedback
   * (a path first taken in optimised code throws that code away).
   */
  private wordStart = new Int32Array(64);
  private wordLength = new Int32Array(64);
  private chars = new Uint16Array(256);
  private charsUsed = 0;
  /** Number of distinct words interned. */
  size = 0;
  /** Code units stored (to bound the table's memory). */
  get storedUnits(): number {
    return this.charsUsed;
  }

  /** The id of `s.slice(start, end)`, added when new. */
  intern(s: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    const length = end - start;
    const { slots, slotHash, wordStart, wordLength, chars } = this;
    let i = h & this.mask;
    for (let id1 = slots[i]!; id1 !== 0; id1 = slots[i]!) {
      if (slotHash[i] === h && wordLength[id1 - 1] === length) {
        const o = wordStart[id1 - 1]!;
        let k = 0;
        while (k < length && chars[o + k] === s.charCodeAt(start + k)) k++;
        if (k === length) return id1 - 1;
      }
      i = (i + 1) & this.mask;
    }
    return this.add(s, start, end, h, i);
  }

  private add(s: string, start: number, end: number, h: number, slot: number): number {
    const id = this.size++;
    const length = end - start;
    if (id >= this.wordStart.length) {
      this.wordStart = grownInt32(this.wordStart, id + 1);
      this.wordLength = grownInt32(this.wordLength, id + 1);
    }
    if (this.charsUsed + length > this.chars.length) {
      const c = new Uint16Array(Math.max(this.chars.length * 2, this.charsUsed + length));
      c.set(this.chars.subarray(0, this.charsUsed));
      this.chars = c;
    }
    const o = this.charsUsed;
    for (let k = 0; k < length; k++) this.chars[o + k] = s.charCodeAt(start + k);
    this.charsUsed += length;
    this.wordStart[id] = o;
    this.wordLength[id] = length;
    this.slots[slot] = id + 1;
    this.slotHash[slot] = h;
    // Load factor at most one half keeps probe runs short.
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const [oldSlots, oldHash] = [this.slots, this.slotHash];
    const n = oldSlots.length * 2;
    this.slots = new Int32Array(n);
    this.slotHash = new Int32Array(n);
    this.mask = n - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      const id1 = oldSlots[j]!;
      if (id1 === 0) continue;
      let i = oldHash[j]! & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = id1;
      this.slotHash[i] = oldHash[j]!;
    }
  }
}

function grownInt32(a: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(a.length * 2, min));
  b.set(a);
  return b;
}
