import { InputError } from '../core/index.js';
import { qrMatrix, type ImageBlock, type QrErrorLevel } from '../receipt/index.js';

/** Largest byte-mode payload of a version-40 symbol at each error level (ISO/IEC 18004). */
export const QR_MAX_BYTES: Readonly<Record<QrErrorLevel, number>> = { L: 2953, M: 2331, Q: 1663, H: 1273 };

/**
 * A QR symbol as a 1-bit raster for printers without QR firmware: `moduleDots` dots per
 * module and up to the standard 4-module quiet zone, narrowed when paper is short of room.
 */
export function qrRaster(data: string, ecc: QrErrorLevel, moduleDots: number, maxDots: number): ImageBlock {
  const { size, modules } = qrMatrix(data, ecc);
  if (size * moduleDots > maxDots) {
    throw new InputError('QR_TOO_LARGE', `QR symbol of ${size} modules at ${moduleDots} dots each is wider than ${maxDots} dots`, {
      hint: 'lower the QR module size or shorten the payload',
      context: { modules: size, moduleDots, maxDots },
    });
  }
  const quiet = Math.min(4, Math.floor((Math.floor(maxDots / moduleDots) - size) / 2));
  const side = (size + 2 * quiet) * moduleDots;
  const rowBytes = Math.ceil(side / 8);
  const bits = new Uint8Array(rowBytes * side);
  const row = new Uint8Array(rowBytes);
  for (let r = 0; r < size; r++) {
    row.fill(0);
    for (let c = 0; c < size; c++) {
      if (!modules[r * size + c]) continue;
      const x0 = (c + quiet) * moduleDots;
      for (let x = x0; x < x0 + moduleDots; x++) row[x >> 3] = (row[x >> 3] ?? 0) | (0x80 >> (x & 7));
    }
    const y0 = (r + quiet) * moduleDots;
    for (let y = y0; y < y0 + moduleDots; y++) bits.set(row, y * rowBytes);
  }
  return { type: 'image', width: side, height: side, bits };
}
