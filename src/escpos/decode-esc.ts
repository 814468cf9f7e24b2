import type { Align } from '../receipt/index.js';
import type { EscPosCommand } from './commands.js';
import { decodeExtended } from './decode-extended.js';
import { at, done, fixed, other, u16, unknown, type Step } from './decode-step.js';
import { columnsToRaster } from './raster.js';

const ALIGNS: readonly Align[] = ['left', 'center', 'right'];

/** Commands known by length only; value = parameter bytes after the two-byte prefix. */
const ESC_OTHER: Readonly<Record<number, number>> = {
  0x25: 1, // ESC % user-defined set
  0x3d: 1, // ESC = peripheral
  0x3f: 1, // ESC ? cancel user-defined char
  0x4c: 0, // ESC L page mode
  0x53: 0, // ESC S standard mode
  0x54: 1, // ESC T page direction
  0x55: 1, // ESC U unidirectional
  0x56: 1, // ESC V rotate 90°
  0x57: 8, // ESC W page area
  0x72: 1, // ESC r colour
  0x75: 1, // ESC u peripheral status
  0x76: 0, // ESC v paper status
  0x0c: 0, // ESC FF print page
  0x42: 2, // ESC B n t buzzer (Chinese clones)
};

export function decodeEsc(b: Uint8Array, p: number, avail: number): Step {
  const c = at(b, p + 1);
  const n = (): number => at(b, p + 2);
  switch (c) {
    case 0x40:
      return done(2, { type: 'init' });
    case 0x21:
      return fixed(avail, 3, () => ({
        type: 'print-mode',
        fontB: (n() & 1) !== 0,
        bold: (n() & 8) !== 0,
        doubleHeight: (n() & 16) !== 0,
        doubleWidth: (n() & 32) !== 0,
        underline: (n() & 128) !== 0,
      }));
    case 0x45:
      return fixed(avail, 3, () => ({ type: 'bold', on: (n() & 1) !== 0 }));
    case 0x47:
      return fixed(avail, 3, () => ({ type: 'double-strike', on: (n() & 1) !== 0 }));
    case 0x2d:
      return fixed(avail, 3, () => ({ type: 'underline', dots: underlineDots(n()), kanji: false }));
    case 0x61:
      return fixed(avail, 3, () => ({ type: 'align', align: ALIGNS[n() % 48] ?? 'left' }));
    case 0x64:
      return fixed(avail, 3, () => ({ type: 'feed-lines', lines: n() }));
    case 0x4a:
      return fixed(avail, 3, () => ({ type: 'feed-dots', dots: n() }));
    case 0x32:
      return done(2, { type: 'line-spacing', dots: null });
    case 0x33:
      return fixed(avail, 3, () => ({ type: 'line-spacing', dots: n() }));
    case 0x4d:
      return fixed(avail, 3, () => ({ type: 'font', font: n() % 48 }));
    case 0x74:
      return fixed(avail, 3, () => ({ type: 'code-page', page: n() }));
    case 0x52:
      return fixed(avail, 3, () => ({ type: 'charset', set: n() }));
    case 0x70:
      return fixed(avail, 5, () => ({ type: 'drawer-kick', pin: n() % 48 === 1 ? 5 : 2, onMs: at(b, p + 3) * 2, offMs: at(b, p + 4) * 2 }));
    case 0x7b:
      return fixed(avail, 3, () => ({ type: 'upside-down', on: (n() & 1) !== 0 }));
    case 0x20:
      return fixed(avail, 3, () => ({ type: 'char-spacing', dots: n() }));
    case 0x24:
      return fixed(avail, 4, () => ({ type: 'position', dots: u16(b, p + 2), relative: false }));
    case 0x5c:
      return fixed(avail, 4, () => ({ type: 'position', dots: (u16(b, p + 2) << 16) >> 16, relative: true }));
    case 0x69:
      return done(2, { type: 'cut', partial: false, feed: null, form: 'legacy' });
    case 0x6d:
      return done(2, { type: 'cut', partial: true, feed: null, form: 'legacy' });
    case 0x63:
      return fixed(avail, 4, () => escC(b, p));
    case 0x2a:
      return bitImage(b, p, avail);
    case 0x28:
      return decodeExtended(b, p, avail, 'ESC (');
    case 0x44:
      return untilNul(b, p, avail, 2, 34);
    case 0x26:
      return userChars(b, p, avail);
    default: {
      const params = ESC_OTHER[c];
      return params === undefined ? unknown(b, p, 2) : fixed(avail, 2 + params, () => other(b, p, 2 + params));
    }
  }
}

export function underlineDots(n: number): 0 | 1 | 2 {
  const v = n % 48;
  return v === 1 ? 1 : v === 2 ? 2 : 0;
}

function escC(b: Uint8Array, p: number): EscPosCommand | Step {
  const sub = at(b, p + 2);
  const n = at(b, p + 3);
  if (sub === 0x33) return { type: 'paper-sensor', purpose: 'signal', mask: n };
  if (sub === 0x34) return { type: 'paper-sensor', purpose: 'stop', mask: n };
  if (sub === 0x35) return { type: 'panel-buttons', on: (n & 1) !== 0 };
  return other(b, p, 4);
}

/** ESC * m nL nH d…: column-format bit image, 8 or 24 dots tall. */
function bitImage(b: Uint8Array, p: number, avail: number): Step {
  if (avail < 5) return { need: 5 };
  const m = at(b, p + 2);
  if (m !== 0 && m !== 1 && m !== 32 && m !== 33) return unknown(b, p, 3);
  const width = u16(b, p + 3);
  const rows = m >= 32 ? 3 : 1;
  const len = 5 + width * rows;
  if (avail < len) return { need: len };
  const raster = columnsToRaster(b.subarray(p + 5, p + len), width, rows);
  return done(len, { type: 'bit-image', doubleDensity: m === 1 || m === 33, ...raster });
}

function untilNul(b: Uint8Array, p: number, avail: number, from: number, max: number): Step {
  for (let i = from; i < Math.min(avail, max + 1); i++) {
    if (at(b, p + i) === 0) return other(b, p, i + 1);
  }
  return avail > max ? other(b, p, max + 1) : { need: avail + 1 };
}

/** ESC & y c1 c2 [x d1…d(y×x)]…: user-defined characters, each with its own width x. */
function userChars(b: Uint8Array, p: number, avail: number): Step {
  if (avail < 5) return { need: 5 };
  const y = at(b, p + 2);
  const count = at(b, p + 4) - at(b, p + 3) + 1;
  if (count < 1) return other(b, p, 5);
  let i = 5;
  for (let k = 0; k < count; k++) {
    if (avail < i + 1) return { need: i + 1 };
    i += 1 + y * at(b, p + i);
  }
  return avail < i ? { need: i } : other(b, p, i);
}

