// Draws images/icon.png (128×128): the letters "HN" on a rounded saffron-to-
// indigo tile. Plain node (zlib), so the icon can be regenerated without an
// image editor: `node scripts/make-icon.mjs`.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // supersampling per axis, for smooth edges

const lerp = (a, b, t) => a + (b - a) * t;
const TOP = [245, 130, 32]; // saffron
const BOTTOM = [49, 46, 129]; // indigo

function insideTile(x, y) {
  const r = 24;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

// Letters as rectangles and one parallelogram (the N's diagonal), in pixels.
const rects = [
  [22, 36, 12, 56], [50, 36, 12, 56], [22, 58, 40, 12], // H
  [70, 36, 12, 56], [98, 36, 12, 56], // N stems
];
function insideLetter(x, y) {
  if (rects.some(([rx, ry, w, h]) => x >= rx && x < rx + w && y >= ry && y < ry + h)) return true;
  // N diagonal: from the top of the left stem to the bottom of the right stem.
  if (y < 36 || y >= 92) return false;
  const t = (y - 36) / 56;
  const left = lerp(70, 98, t);
  return x >= left && x < left + 12;
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let tile = 0;
    let letter = 0;
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const px = x + (sx + 0.5) / SS;
        const py = y + (sy + 0.5) / SS;
        if (insideTile(px, py)) {
          tile++;
          if (insideLetter(px, py)) letter++;
        }
      }
    const n = SS * SS;
    const t = y / (SIZE - 1);
    const bg = TOP.map((c, i) => lerp(c, BOTTOM[i], t));
    const a = letter / Math.max(tile, 1);
    const rgb = bg.map((c) => Math.round(lerp(c, 255, a)));
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = rgb[0];
    raw[o + 1] = rgb[1];
    raw[o + 2] = rgb[2];
    raw[o + 3] = Math.round((tile / n) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
