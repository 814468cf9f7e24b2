import type { QrErrorLevel } from '../receipt/index.js';
import type { Raster } from './commands.js';
import { getPixel } from './raster.js';
import { readSegments } from './qr-segments.js';
import { alignmentPositions, QR_BLOCKS, QR_EC_PER_BLOCK } from './qr-tables.js';

export interface DecodedQr {
  data: string;
  version: number;
  ecc: QrErrorLevel;
  /** Dots per module in the raster. */
  moduleDots: number;
}

/**
 * Reads a QR symbol from a clean, axis-aligned raster: the kind an encoder sends to a printer
 * without QR firmware (whole dots per module, no skew, no noise). Anything else — a photo, a
 * logo, a damaged symbol — gives undefined: every Reed-Solomon block must check out, so a
 * misread never passes for a payload.
 */
export function decodeQrRaster(raster: Raster): DecodedQr | undefined {
  const box = blackBox(raster);
  if (!box) return undefined;
  let run = 0;
  while (getPixel(raster, box.x + run, box.y)) run++;
  const m = run / 7;
  const side = box.w / m;
  if (!Number.isInteger(m) || m < 1 || box.w !== box.h || !Number.isInteger(side) || side < 21 || side > 177 || (side - 17) % 4 !== 0) {
    return undefined;
  }
  const n = side;
  const modules = new Uint8Array(n * n);
  const half = m >> 1;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) modules[r * n + c] = getPixel(raster, box.x + c * m + half, box.y + r * m + half) ? 1 : 0;
  }
  const version = (n - 17) / 4;
  const decoded = decodeModules(modules, n, version);
  return decoded && { ...decoded, version, moduleDots: m };
}

function blackBox(raster: Raster): { x: number; y: number; w: number; h: number } | undefined {
  const rowBytes = Math.ceil(raster.width / 8);
  let minX = Infinity;
  let maxX = -1;
  let minY = -1;
  let maxY = -1;
  for (let y = 0; y < raster.height; y++) {
    for (let i = 0; i < rowBytes; i++) {
      const byte = raster.bits[y * rowBytes + i] ?? 0;
      if (byte === 0) continue;
      if (minY < 0) minY = y;
      maxY = y;
      minX = Math.min(minX, i * 8 + Math.clz32(byte) - 24);
      maxX = Math.max(maxX, i * 8 + 7 - (31 - Math.clz32(byte & -byte)));
    }
  }
  if (minY < 0) return undefined;
  return { x: minX, y: minY, w: Math.min(maxX, raster.width - 1) - minX + 1, h: maxY - minY + 1 };
}

const LEVEL_BY_BITS: readonly QrErrorLevel[] = ['M', 'L', 'H', 'Q'];
const LEVEL_INDEX: Readonly<Record<QrErrorLevel, number>> = { L: 0, M: 1, Q: 2, H: 3 };

function decodeModules(modules: Uint8Array, n: number, version: number): { data: string; ecc: QrErrorLevel } | undefined {
  const at = (r: number, c: number): number => modules[r * n + c] ?? 0;
  for (const [r, c] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) {
    if (!at(r, c) || at(r + 1, c + 1) || !at(r + 3, c + 3)) return undefined;
  }
  const format = readFormat(at, n);
  if (!format) return undefined;
  const reserved = functionModules(n, version);
  const bits: number[] = [];
  let upward = true;
  for (let col = n - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (let i = 0; i < n; i++) {
      const r = upward ? n - 1 - i : i;
      for (let c = col; c > col - 2; c--) {
        if (!reserved[r * n + c]) bits.push(at(r, c) ^ (masked(format.mask, r, c) ? 1 : 0));
      }
    }
    upward = !upward;
  }
  const codewords = new Uint8Array(Math.floor(bits.length / 8));
  for (let i = 0; i < codewords.length; i++) {
    let v = 0;
    for (let k = 0; k < 8; k++) v = (v << 1) | (bits[i * 8 + k] ?? 0);
    codewords[i] = v;
  }
  const data = deinterleave(codewords, version, format.ecc);
  if (!data) return undefined;
  const text = readSegments(data, version);
  return text === undefined ? undefined : { data: text, ecc: format.ecc };
}

function readFormat(at: (r: number, c: number) => number, n: number): { ecc: QrErrorLevel; mask: number } | undefined {
  let a = 0;
  let b = 0;
  for (let i = 0; i < 15; i++) {
    a |= (i < 6 ? at(i, 8) : i < 8 ? at(i + 1, 8) : at(n - 15 + i, 8)) << i;
    b |= (i < 8 ? at(8, n - i - 1) : i < 9 ? at(8, 7) : at(8, 14 - i)) << i;
  }
  let best: { ecc: QrErrorLevel; mask: number } | undefined;
  let bestDistance = 4;
  for (let value = 0; value < 32; value++) {
    const code = formatCode(value);
    const distance = Math.min(popcount(code ^ a), popcount(code ^ b));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = { ecc: LEVEL_BY_BITS[value >> 3] ?? 'M', mask: value & 7 };
    }
  }
  return best;
}

function formatCode(value: number): number {
  let rem = value << 10;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  return ((value << 10) | rem) ^ 0x5412;
}

function popcount(v: number): number {
  let count = 0;
  for (let x = v; x; x &= x - 1) count++;
  return count;
}

function functionModules(n: number, version: number): Uint8Array {
  const reserved = new Uint8Array(n * n);
  const mark = (r0: number, c0: number, h: number, w: number): void => {
    for (let r = Math.max(0, r0); r < Math.min(n, r0 + h); r++) reserved.fill(1, r * n + Math.max(0, c0), r * n + Math.min(n, c0 + w));
  };
  mark(0, 0, 9, 9);
  mark(0, n - 8, 9, 8);
  mark(n - 8, 0, 8, 9);
  mark(6, 0, 1, n);
  mark(0, 6, n, 1);
  const centres = alignmentPositions(version);
  const last = centres.length - 1;
  centres.forEach((cy, i) =>
    centres.forEach((cx, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      mark(cy - 2, cx - 2, 5, 5);
    }),
  );
  if (version >= 7) {
    mark(0, n - 11, 6, 3);
    mark(n - 11, 0, 3, 6);
  }
  return reserved;
}

function masked(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** Splits the codeword stream into its blocks, checks each block's syndromes and joins the data. */
function deinterleave(codewords: Uint8Array, version: number, ecc: QrErrorLevel): Uint8Array | undefined {
  const index = (version - 1) * 4 + LEVEL_INDEX[ecc];
  const blockCount = QR_BLOCKS[index] ?? 0;
  const ecLen = QR_EC_PER_BLOCK[index] ?? 0;
  const dataTotal = codewords.length - blockCount * ecLen;
  if (blockCount === 0 || ecLen === 0 || dataTotal <= 0) return undefined;
  const shortLen = Math.floor(dataTotal / blockCount);
  const longFrom = blockCount - (dataTotal % blockCount);
  const blocks = Array.from({ length: blockCount }, (_, j) => new Uint8Array(shortLen + (j >= longFrom ? 1 : 0) + ecLen));
  let k = 0;
  for (let i = 0; i <= shortLen; i++) {
    for (let j = 0; j < blockCount; j++) {
      if (i < shortLen || j >= longFrom) (blocks[j] as Uint8Array)[i] = codewords[k++] ?? 0;
    }
  }
  for (let i = 0; i < ecLen; i++) {
    for (let j = 0; j < blockCount; j++) {
      const block = blocks[j] as Uint8Array;
      block[block.length - ecLen + i] = codewords[k++] ?? 0;
    }
  }
  const data = new Uint8Array(dataTotal);
  let offset = 0;
  for (const block of blocks) {
    if (!syndromesZero(block, ecLen)) return undefined;
    data.set(block.subarray(0, block.length - ecLen), offset);
    offset += block.length - ecLen;
  }
  return data;
}

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++, x = x & 0x80 ? ((x << 1) ^ 0x11d) & 0xff : x << 1) {
  EXP[i] = x;
  LOG[x] = i;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255] ?? 0;

function syndromesZero(block: Uint8Array, ecLen: number): boolean {
  for (let i = 0; i < ecLen; i++) {
    let s = 0;
    for (const cw of block) s = (s === 0 ? 0 : (EXP[(LOG[s] ?? 0) + i] ?? 0)) ^ cw;
    if (s !== 0) return false;
  }
  return true;
}
