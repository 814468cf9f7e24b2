import { inflateSync } from 'node:zlib';

/** A decoded grayscale PNG: one byte per pixel, 1 = black (ink), 0 = white (paper). */
export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  ink: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * An independent decoder for the receipt PNGs (grayscale, 1/8 bit, no interlace), written
 * apart from the encoder so that a test compares pixels rather than the encoder with itself.
 * Checks the signature and every chunk CRC.
 */
export function decodePng(png: Uint8Array): DecodedPng {
  const buf = Buffer.from(png);
  if (!SIGNATURE.every((b, i) => buf[i] === b)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    const crc = buf.readUInt32BE(offset + 8 + length);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8] ?? 0;
      colorType = data[9] ?? -1;
      if (data[12] !== 0) throw new Error('interlaced PNGs are not supported');
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!ended) throw new Error('PNG has no IEND');
  if (colorType !== 0 || (bitDepth !== 1 && bitDepth !== 8)) throw new Error(`unsupported PNG: colour type ${colorType}, depth ${bitDepth}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil((width * bitDepth) / 8);
  if (raw.length !== (stride + 1) * height) throw new Error(`IDAT holds ${raw.length} bytes, expected ${(stride + 1) * height}`);
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x > 0 ? (rows[y * stride + x - 1] ?? 0) : 0;
      const b = y > 0 ? (rows[(y - 1) * stride + x] ?? 0) : 0;
      const c = x > 0 && y > 0 ? (rows[(y - 1) * stride + x - 1] ?? 0) : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`unknown filter ${filter}`);
      rows[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const gray = bitDepth === 1 ? ((rows[y * stride + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1 : (rows[y * stride + x] ?? 0) >= 128 ? 1 : 0;
      ink[y * width + x] = gray ? 0 : 1;
    }
  }
  return { width, height, bitDepth, colorType, ink };
}

/** Where two decoded images differ, for a readable failure message. */
export function pixelDiff(a: DecodedPng, b: DecodedPng): { differing: number; first?: { x: number; y: number } } {
  if (a.width !== b.width || a.height !== b.height) return { differing: Math.max(a.ink.length, b.ink.length), first: { x: -1, y: -1 } };
  let differing = 0;
  let first: { x: number; y: number } | undefined;
  for (let i = 0; i < a.ink.length; i++) {
    if (a.ink[i] === b.ink[i]) continue;
    differing++;
    first ??= { x: i % a.width, y: Math.floor(i / a.width) };
  }
  return first ? { differing, first } : { differing };
}
