/**
 * A binary container for data computed at build time and loaded at start-up:
 * typed arrays stored as raw bytes, so loading them is a file read and a
 * header parse (the arrays are views into the file's buffer, not copies),
 * and plain JSON beside them.
 *
 * Layout: the magic `HNAPACK2`; the byte lengths (u32, little endian) of two
 * UTF-8 JSON texts, then the texts: the structure holding the arrays (each
 * array replaced by `{"$a": type, "o": byte offset, "n": length}`) and the
 * plain JSON (parsed without a reviver: most of a pack's JSON is text and
 * lists, which a reviver would visit value by value); then the arrays, each
 * aligned to 8 bytes. Little-endian only: the platforms VS Code and Node
 * run on.
 */

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Int16Array | Uint8Array | Int8Array;

/** What a pack holds: JSON values and typed arrays, nested in arrays and plain objects. */
export type Packable = null | boolean | number | string | TypedArray | readonly Packable[] | { readonly [key: string]: Packable };

const MAGIC = 'HNAPACK2';
const TYPES: Record<string, new (buffer: ArrayBuffer, byteOffset: number, length: number) => TypedArray> = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Uint16Array,
  Int16Array,
  Uint8Array,
  Int8Array,
};

interface ArrayRef {
  $a: string;
  o: number;
  n: number;
}

function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** A decoded pack: the structure holding the typed arrays, and the plain JSON. */
export interface Pack {
  arrays: Packable;
  plain: unknown;
}

const HEAD = MAGIC.length + 8;

/** Encode `arrays` (see {@link Packable}) and the JSON value `plain`. */
export function encodePack(arrays: Packable, plain: unknown): Uint8Array {
  const list: TypedArray[] = [];
  const refs: ArrayRef[] = [];
  let offset = 0;
  const structure = JSON.stringify(arrays, (_key, v: unknown) => {
    if (!ArrayBuffer.isView(v)) return v;
    if (!isTypedArray(v)) throw new Error('a pack cannot hold a DataView');
    const name = v.constructor.name;
    if (!(name in TYPES)) throw new Error(`a pack cannot hold a ${name}`);
    const ref: ArrayRef = { $a: name, o: offset, n: v.length };
    list.push(v);
    refs.push(ref);
    offset += (v.byteLength + 7) & ~7;
    return ref;
  });
  const enc = new TextEncoder();
  const a = enc.encode(structure);
  const b = enc.encode(JSON.stringify(plain) ?? 'null');
  const dataStart = (HEAD + a.length + b.length + 7) & ~7;
  const out = new Uint8Array(dataStart + offset);
  out.set(enc.encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(MAGIC.length, a.length, true);
  view.setUint32(MAGIC.length + 4, b.length, true);
  out.set(a, HEAD);
  out.set(b, HEAD + a.length);
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    out.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), dataStart + refs[i]!.o);
  }
  return out;
}

/**
 * Decode a pack. Typed arrays are views into `bytes` when it is 8-byte
 * aligned (a fresh file read is), copies otherwise. Throws on anything that
 * is not a pack.
 */
export function decodePack(bytes: Uint8Array): Pack {
  if (bytes.length < HEAD || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw new Error('not a data pack (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const aEnd = HEAD + view.getUint32(MAGIC.length, true);
  const bEnd = aEnd + view.getUint32(MAGIC.length + 4, true);
  if (bEnd > bytes.length) throw new Error('truncated data pack');
  const dataStart = (bEnd + 7) & ~7;
  const aligned = bytes.byteOffset % 8 === 0;
  const dec = new TextDecoder();
  const arrays = JSON.parse(dec.decode(bytes.subarray(HEAD, aEnd)), (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || !('$a' in v)) return v;
    const r = v as ArrayRef;
    const Type = TYPES[r.$a];
    if (!Type) throw new Error(`unknown array type ${r.$a} in data pack`);
    const size = (Type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const start = dataStart + r.o;
    if (start + r.n * size > bytes.length) throw new Error('truncated data pack');
    if (aligned) return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + start, r.n);
    const copy = new Uint8Array(r.n * size);
    copy.set(bytes.subarray(start, start + r.n * size));
    return new Type(copy.buffer, 0, r.n);
  }) as Packable;
  return { arrays, plain: JSON.parse(dec.decode(bytes.subarray(aEnd, bEnd))) as unknown };
}
