import { decodeExtended } from './decode-extended.js';
import { underlineDots } from './decode-esc.js';
import { at, done, fixed, other, u16, unknown, type Step } from './decode-step.js';

const FS_OTHER: Readonly<Record<number, number>> = {
  0x3f: 2, // FS ? c1 c2 cancel user Kanji
  0x54: 1, // FS T n (Chinese clones; parameter count as documented by them)
  0x0e: 0, // FS SO double width
  0x14: 0, // FS DC4 cancel double width
  0x4a: 0, // FS J vertical
  0x4b: 0, // FS K horizontal
  0x49: 1, // FS I rotation
  0x72: 1, // FS r super/subscript
  0x69: 1, // FS i bitmap
  0x47: 0, // FS G misplace
  0x32: 74, // FS 2 c1 c2 + 72 bytes user-defined 24×24 character
};

export function decodeFs(b: Uint8Array, p: number, avail: number): Step {
  const c = at(b, p + 1);
  const n = (): number => at(b, p + 2);
  switch (c) {
    case 0x26:
      return done(2, { type: 'kanji-mode', on: true });
    case 0x2e:
      return done(2, { type: 'kanji-mode', on: false });
    case 0x21:
      return fixed(avail, 3, () => ({
        type: 'kanji-print-mode',
        doubleWidth: (n() & 4) !== 0,
        doubleHeight: (n() & 8) !== 0,
        underline: (n() & 128) !== 0,
      }));
    case 0x2d:
      return fixed(avail, 3, () => ({ type: 'underline', dots: underlineDots(n()), kanji: true }));
    case 0x43:
      return fixed(avail, 3, () => ({ type: 'kanji-code', n: n() % 48 }));
    case 0x53:
      return fixed(avail, 4, () => ({ type: 'kanji-spacing', left: n(), right: at(b, p + 3) }));
    case 0x57:
      return fixed(avail, 3, () => ({ type: 'kanji-quadruple', on: (n() & 1) !== 0 }));
    case 0x70:
      return fixed(avail, 4, () => ({ type: 'nv-image', n: n(), mode: at(b, p + 3) % 48 }));
    case 0x28:
      return decodeExtended(b, p, avail, 'FS (');
    case 0x71:
      return nvDefine(b, p, avail);
    default: {
      const params = FS_OTHER[c];
      return params === undefined ? unknown(b, p, 2) : fixed(avail, 2 + params, () => other(b, p, 2 + params));
    }
  }
}

/** FS q n [xL xH yL yH d…]…: defines NV images, each (x × 8) × y dots. */
function nvDefine(b: Uint8Array, p: number, avail: number): Step {
  if (avail < 3) return { need: 3 };
  let i = 3;
  for (let k = 0; k < at(b, p + 2); k++) {
    if (avail < i + 4) return { need: i + 4 };
    i += 4 + u16(b, p + i) * u16(b, p + i + 2) * 8;
  }
  return avail < i ? { need: i } : other(b, p, i);
}

