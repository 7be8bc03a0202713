import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePack, encodePack } from './pack';

test('pack: typed arrays of every kind and plain JSON come back equal, arrays as views into the bytes', () => {
  const arrays = {
    f32: Float32Array.from([1.5, -2.25, 3e-7]),
    f64: Float64Array.from([Math.PI]),
    nested: { i32: Int32Array.from([-1, 0, 2 ** 31 - 1]), u16: Uint16Array.from([0x0915, 0xffff]), list: [Uint8Array.from([1, 2, 3]), Int8Array.from([-128]), 7, 'text'] },
    u32: Uint32Array.from([2 ** 32 - 1]),
    i16: Int16Array.from([-32768]),
    empty: new Int32Array(0),
  };
  const plain = { kb: [{ id: 'bjp', name: 'भारतीय जनता पार्टी' }], n: 3, s: 'दुःख\n\t"' };
  const bytes = encodePack(arrays, plain);
  const copy = new Uint8Array(new ArrayBuffer(bytes.length + 8), 8);
  copy.set(bytes);
  const back = decodePack(copy);
  assert.deepEqual(back.arrays, arrays);
  assert.deepEqual(back.plain, plain);
  const f32 = (back.arrays as { f32: Float32Array }).f32;
  assert.equal(f32.buffer, copy.buffer, 'aligned input: the arrays are views, not copies');
});

test('pack: bytes at an odd offset decode to copies with the same values', () => {
  const bytes = encodePack({ a: Float64Array.from([1, 2, 3]), b: Int32Array.from([4]) }, null);
  const odd = new Uint8Array(new ArrayBuffer(bytes.length + 3), 3);
  odd.set(bytes);
  const back = decodePack(odd).arrays as { a: Float64Array; b: Int32Array };
  assert.deepEqual([...back.a], [1, 2, 3]);
  assert.deepEqual([...back.b], [4]);
  assert.notEqual(back.a.buffer, odd.buffer);
});

test('pack: anything that is not a whole pack is refused', () => {
  const bytes = encodePack({ a: new Float32Array(100) }, { x: 1 });
  assert.throws(() => decodePack(new TextEncoder().encode('{"json": true}')), /not a data pack/);
  assert.throws(() => decodePack(bytes.subarray(0, 40)), /truncated/);
  assert.throws(() => decodePack(bytes.subarray(0, bytes.length - 8)), /truncated/);
  assert.throws(() => encodePack({ d: new DataView(new ArrayBuffer(4)) as unknown as Uint8Array }, null));
});
