import { BARCODE_NAMES, decodeCode128 } from './barcode-data.js';
import { decodeExtended, graphics } from './decode-extended.js';
import { at, done, fixed, other, u16, unknown, type Step } from './decode-step.js';

const GS_OTHER: Readonly<Record<number, number>> = {
  0x2f: 1, // GS / print downloaded image
  0x3a: 0, // GS : macro
  0x5e: 3, // GS ^ run macro
  0x24: 2, // GS $ absolute vertical (page mode)
  0x5c: 2, // GS \ relative vertical (page mode)
  0x54: 1, // GS T
  0x7c: 1, // GS | print density
  0x62: 1, // GS b smoothing
  0x45: 1, // GS E head control
  0x3c: 0, // GS < initialise mechanism
  0x63: 0, // GS c print counter
  0x67: 2, // GS g 0 m / GS g 2 m maintenance counters
  0x7a: 1, // GS z
};

export function decodeGs(b: Uint8Array, p: number, avail: number): Step {
  const c = at(b, p + 1);
  const n = (): number => at(b, p + 2);
  switch (c) {
    case 0x21:
      return fixed(avail, 3, () => ({ type: 'size', width: ((n() >> 4) & 7) + 1, height: (n() & 7) + 1 }));
    case 0x42:
      return fixed(avail, 3, () => ({ type: 'invert', on: (n() & 1) !== 0 }));
    case 0x56:
      return cut(b, p, avail);
    case 0x68:
      return fixed(avail, 3, () => ({ type: 'barcode-height', dots: n() }));
    case 0x77:
      return fixed(avail, 3, () => ({ type: 'barcode-module', dots: n() }));
    case 0x48:
      return fixed(avail, 3, () => ({ type: 'hri-position', position: ((n() % 48) & 3) as 0 | 1 | 2 | 3 }));
    case 0x66:
      return fixed(avail, 3, () => ({ type: 'hri-font', font: n() % 48 }));
    case 0x6b:
      return barcode(b, p, avail);
    case 0x4c:
      return fixed(avail, 4, () => ({ type: 'left-margin', dots: u16(b, p + 2) }));
    case 0x57:
      return fixed(avail, 4, () => ({ type: 'print-width', dots: u16(b, p + 2) }));
    case 0x50:
      return fixed(avail, 4, () => ({ type: 'motion-units', x: n(), y: at(b, p + 3) }));
    case 0x61:
      return fixed(avail, 3, () => ({ type: 'asb', mask: n() }));
    case 0x72:
      return fixed(avail, 3, () => ({ type: 'status-request', n: n() }));
    case 0x49:
      return fixed(avail, 3, () => ({ type: 'printer-id-request', n: n() }));
    case 0x76:
      return rasterImage(b, p, avail);
    case 0x28:
      return decodeExtended(b, p, avail, 'GS (');
    case 0x38:
      return graphics8(b, p, avail);
    case 0x2a:
      return fixed(avail, 4, () => {
        const len = 4 + at(b, p + 2) * at(b, p + 3) * 8;
        return avail < len ? { need: len } : other(b, p, len);
      });
    default: {
      const params = GS_OTHER[c];
      return params === undefined ? unknown(b, p, 2) : fixed(avail, 2 + params, () => other(b, p, 2 + params));
    }
  }
}

/** GS V: m 0/1/48/49 cut at once; 65/66 feed to the blade (+n) then cut; 97/98 and 103/104 preset. */
function cut(b: Uint8Array, p: number, avail: number): Step {
  if (avail < 3) return { need: 3 };
  const m = at(b, p + 2);
  if (m === 0 || m === 1 || m === 48 || m === 49) {
    return done(3, { type: 'cut', partial: m % 48 === 1, feed: null, form: 'A' });
  }
  const form = m === 65 || m === 66 ? 'B' : m === 97 || m === 98 ? 'C' : m === 103 || m === 104 ? 'D' : undefined;
  if (!form) return unknown(b, p, 3);
  return fixed(avail, 4, () => ({ type: 'cut', partial: m % 2 === 0, feed: at(b, p + 3), form }));
}

/** GS k: m 0-6 is NUL-terminated (function A), m ≥ 65 carries a length byte (function B). */
function barcode(b: Uint8Array, p: number, avail: number): Step {
  if (avail < 3) return { need: 3 };
  const m = at(b, p + 2);
  let start: number;
  let stop: number;
  let len: number;
  let system: string | undefined;
  if (m <= 6) {
    system = BARCODE_NAMES[m + 65];
    start = p + 3;
    stop = start;
    while (stop < p + avail && stop - start <= 255 && at(b, stop) !== 0) stop++;
    if (stop - start > 255) return unknown(b, p, 3);
    if (stop >= p + avail) return { need: avail + 1 };
    len = stop - p + 1;
  } else {
    if (avail < 4) return { need: 4 };
    system = BARCODE_NAMES[m];
    start = p + 4;
    len = 4 + at(b, p + 3);
    if (avail < len) return { need: len };
    stop = p + len;
  }
  if (!system) return unknown(b, p, len);
  const data = b.subarray(start, stop);
  const text = system.startsWith('CODE128') || system === 'GS1-128' ? decodeCode128(data) : String.fromCharCode(...data);
  return done(len, { type: 'barcode', system, data: text });
}

/** GS v 0 m xL xH yL yH d…: x bytes per row, y rows. */
function rasterImage(b: Uint8Array, p: number, avail: number): Step {
  if (avail < 3) return { need: 3 };
  if (at(b, p + 2) !== 0x30) return unknown(b, p, 3);
  if (avail < 8) return { need: 8 };
  const rowBytes = u16(b, p + 4);
  const height = u16(b, p + 6);
  const len = 8 + rowBytes * height;
  if (avail < len) return { need: len };
  return done(len, { type: 'raster', mode: at(b, p + 3) % 48, width: rowBytes * 8, height, bits: b.slice(p + 8, p + len) });
}

/** GS 8 L p1 p2 p3 p4 m fn …: GS ( L with a four-byte length, for large graphics. */
function graphics8(b: Uint8Array, p: number, avail: number): Step {
  if (avail < 7) return { need: 7 };
  const len = 7 + (u16(b, p + 3) + u16(b, p + 5) * 0x10000);
  if (avail < len) return { need: len };
  const params = b.slice(p + 7, p + len);
  if (at(b, p + 2) === 0x4c) return done(len, graphics(params, 'GS 8'));
  return done(len, { type: 'extended', prefix: 'GS 8', fn: String.fromCharCode(at(b, p + 2)), params });
}

