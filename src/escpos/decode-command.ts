import { decodeDle } from './decode-dle.js';
import { decodeEsc } from './decode-esc.js';
import { decodeFs } from './decode-fs.js';
import { decodeGs } from './decode-gs.js';
import { at, done, unknown, type Step } from './decode-step.js';

/** Decodes the control command starting at b[p] (a byte below 0x20); `end` bounds the data. */
export function decodeCommand(b: Uint8Array, p: number, end: number): Step {
  const avail = end - p;
  const first = at(b, p);
  switch (first) {
    case 0x0a:
      return done(1, { type: 'lf' });
    case 0x0d:
      return done(1, { type: 'cr' });
    case 0x0c:
      return done(1, { type: 'ff' });
    case 0x09:
      return done(1, { type: 'ht' });
    case 0x18:
      return done(1, { type: 'can' });
    case 0x1b:
    case 0x1d:
    case 0x1c:
    case 0x10:
      break;
    default:
      return unknown(b, p, 1);
  }
  if (avail < 2) return { need: 2 };
  const decode = first === 0x1b ? decodeEsc : first === 0x1d ? decodeGs : first === 0x1c ? decodeFs : decodeDle;
  return decode(b, p, avail);
}

