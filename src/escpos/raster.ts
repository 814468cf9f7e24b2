import type { Raster } from './commands.js';

/** ESC * column data (each column `rows` bytes, MSB at the top) → row-major raster. */
export function columnsToRaster(data: Uint8Array, width: number, rows: number): Raster {
  const height = rows * 8;
  const rowBytes = Math.ceil(width / 8);
  const bits = new Uint8Array(rowBytes * height);
  for (let x = 0; x < width; x++) {
    for (let r = 0; r < rows; r++) {
      const byte = data[x * rows + r] ?? 0;
      if (byte === 0) continue;
      for (let k = 0; k < 8; k++) {
        if (byte & (0x80 >> k)) {
          const y = r * 8 + k;
          const i = y * rowBytes + (x >> 3);
          bits[i] = (bits[i] ?? 0) | (0x80 >> (x & 7));
        }
      }
    }
  }
  return { width, height, bits };
}

/** Stacks rasters of equal width into one (strips of an image sent band by band). */
export function stackRasters(parts: readonly Raster[]): Raster {
  const first = parts[0];
  if (!first) return { width: 0, height: 0, bits: new Uint8Array(0) };
  const height = parts.reduce((h, r) => h + r.height, 0);
  const bits = new Uint8Array(parts.reduce((n, r) => n + r.bits.length, 0));
  let offset = 0;
  for (const part of parts) {
    bits.set(part.bits, offset);
    offset += part.bits.length;
  }
  return { width: first.width, height, bits };
}

export function getPixel(raster: Raster, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return false;
  return ((raster.bits[y * Math.ceil(raster.width / 8) + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

/** Rasters placed side by side (bit images sent one after another on one line). */
export function joinRasters(parts: readonly Raster[]): Raster {
  if (parts.length === 1 && parts[0]) return parts[0];
  const width = parts.reduce((w, p) => w + p.width, 0);
  const height = Math.max(0, ...parts.map((p) => p.height));
  const rowBytes = Math.ceil(width / 8);
  const bits = new Uint8Array(rowBytes * height);
  let x0 = 0;
  for (const part of parts) {
    for (let y = 0; y < part.height; y++) {
      for (let x = 0; x < part.width; x++) {
        if (!getPixel(part, x, y)) continue;
        const i = y * rowBytes + ((x0 + x) >> 3);
        bits[i] = (bits[i] ?? 0) | (0x80 >> ((x0 + x) & 7));
      }
    }
    x0 += part.width;
  }
  return { width, height, bits };
}

/** The same raster on a wider canvas, blank on the right. */
export function widenRaster(raster: Raster, width: number): Raster {
  if (raster.width >= width) return raster;
  const from = Math.ceil(raster.width / 8);
  const to = Math.ceil(width / 8);
  const bits = new Uint8Array(to * raster.height);
  for (let y = 0; y < raster.height; y++) bits.set(raster.bits.subarray(y * from, (y + 1) * from), y * to);
  return { width, height: raster.height, bits };
}
