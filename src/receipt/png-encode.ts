import { deflateSync } from 'node:zlib';

/** A 1-bit picture, one byte per dot: 1 = black (burnt), 0 = paper. */
export interface DotImage {
  width: number;
  height: number;
  dots: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Grayscale, 1 bit per pixel, no interlace: the smallest PNG a receipt fits in. In PNG
 * grayscale 0 is black, so burnt dots are written as 0 bits. The same image always gives
 * the same bytes (fixed filter and compression level).
 */
export function encodePng(image: DotImage): Buffer {
  const { width, height, dots } = image;
  const stride = Math.ceil(width / 8);
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * (stride + 1);
    raw[rowStart] = 0; // filter type None
    const src = y * width;
    for (let b = 0; b < stride; b++) {
      let ink = 0;
      const x0 = b * 8;
      for (let bit = 0; bit < 8 && x0 + bit < width; bit++) if (dots[src + x0 + bit]) ink |= 0x80 >> bit;
      // Padding bits past the width stay 1 (white), like the paper.
      raw[rowStart + 1 + b] = ~ink & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, colour type 0 (grayscale), deflate, adaptive filtering, no interlace
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))]);
}
