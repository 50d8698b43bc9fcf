import { deflateSync } from 'node:zlib';

/**
 * Draws the Token Desk key glyph into PNG bytes, so the app needs no binary icon assets at
 * run time (and the packaging icon, build/icon.png, comes from the same drawing).
 */

export type IconStyle =
  /** White key on a blue rounded square: app icon, and tray icon on Windows and Linux. */
  | 'badge'
  /** Black key on transparent: a macOS menu-bar template image. */
  | 'template';

type Rgb = readonly [number, number, number];
const BLUE: Rgb = [36, 87, 197];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const SUPERSAMPLE = 4;

/** Whether point (x, y) of the unit square lies on the key. */
function onKey(x: number, y: number): boolean {
  const dx = x - 0.25;
  const dy = y - 0.5;
  const d = Math.hypot(dx, dy);
  if (d <= 0.25 && d >= 0.11) return true; // bow (ring)
  if (x >= 0.45 && x <= 1 && y >= 0.43 && y <= 0.57) return true; // shaft
  if (x >= 0.7 && x <= 0.8 && y >= 0.57 && y <= 0.76) return true; // first bit
  return x >= 0.88 && x <= 1 && y >= 0.57 && y <= 0.7; // second bit
}

/** Whether (x, y) lies in a square of side 1 inset by `inset`, with corner radius `radius`. */
function onRoundedSquare(x: number, y: number, inset: number, radius: number): boolean {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  if (x < inset || x > 1 - inset || y < inset || y > 1 - inset) return false;
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** RGBA pixels of the glyph at `size` × `size`, antialiased by supersampling. */
export function drawIcon(size: number, style: IconStyle): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  // The key sits in a box inside the badge, or fills nearly all of a template image.
  const box = style === 'badge' ? { x: 0.14, y: 0.14, s: 0.72 } : { x: 0.02, y: 0.02, s: 0.96 };
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let background = 0;
      let key = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (onKey((x - box.x) / box.s, (y - box.y) / box.s)) key++;
          else if (style === 'badge' && onRoundedSquare(x, y, 0.04, 0.2)) background++;
        }
      }
      const fg: Rgb = style === 'badge' ? WHITE : BLACK;
      const a = (key + background) / samples;
      const i = (py * size + px) * 4;
      if (a === 0) continue;
      for (let c = 0; c < 3; c++) {
        pixels[i + c] = Math.round((fg[c]! * key + BLUE[c]! * background) / (key + background));
      }
      pixels[i + 3] = Math.round(a * 255);
    }
  }
  return pixels;
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, no interlace). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(
      raw,
      y * (width * 4 + 1) + 1,
    );
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The glyph as PNG bytes. */
export function iconPng(size: number, style: IconStyle): Buffer {
  return encodePng(drawIcon(size, style), size, size);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
