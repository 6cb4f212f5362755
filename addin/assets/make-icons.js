// Writes the ribbon/manifest icons (icon-16/32/64/80/128.png) without any image library:
// a blue rounded square with two white arrows crossing — goods in, goods out. Run:
//   node addin/assets/make-icons.js
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { deflateSync } = require('node:zlib');
const { Buffer } = require('node:buffer');

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const BLUE = [15, 108, 189, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

function icon(x, y, size) {
  const u = x / size;
  const v = y / size;
  const r = 0.18; // corner radius
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return CLEAR;
  const w = Math.max(0.09, 1.6 / size); // stroke width, at least ~1.5 px
  // Upper arrow: left → right at v = 0.36, head at the right. Lower arrow: right → left at v = 0.64.
  const shaft = (vy, from, to) => Math.abs(v - vy) < w / 2 && u > from && u < to;
  const head = (vy, tipU, dir) => {
    const du = (tipU - u) * dir; // distance back from the tip
    return du >= 0 && du < 0.2 && Math.abs(v - vy) < du * 0.9;
  };
  if (shaft(0.36, 0.18, 0.7) || head(0.36, 0.84, 1) || shaft(0.64, 0.3, 0.82) || head(0.64, 0.16, -1)) return WHITE;
  return BLUE;
}

for (const size of [16, 32, 64, 80, 128]) writeFileSync(join(__dirname, `icon-${size}.png`), png(size, icon));
