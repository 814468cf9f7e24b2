import type { EscPosCommand } from './commands.js';
import { at, done, u16, type Step } from './decode-step.js';

const QR_LEVELS = ['L', 'M', 'Q', 'H'] as const;

/** ESC/GS/FS ( X pL pH …: the length field makes any function skippable. */
export function decodeExtended(b: Uint8Array, p: number, avail: number, prefix: 'ESC (' | 'GS (' | 'FS ('): Step {
  if (avail < 5) return { need: 5 };
  const len = 5 + u16(b, p + 3);
  if (avail < len) return { need: len };
  const fn = String.fromCharCode(at(b, p + 2));
  const params = b.slice(p + 5, p + len);
  if (prefix === 'GS (') {
    if (fn === 'k') return done(len, symbol(params));
    if (fn === 'L') return done(len, graphics(params, 'GS ('));
    if (fn === 'H' && params.length === 6 && params[0] === 48 && params[1] === 48) {
      return done(len, { type: 'process-id', id: String.fromCharCode(...params.subarray(2)) });
    }
  }
  return done(len, { type: 'extended', prefix, fn, params });
}

/** GS ( k: cn 49 is QR Code; other symbols (PDF417, MaxiCode…) pass through. */
function symbol(params: Uint8Array): EscPosCommand {
  const cn = at(params, 0);
  const fn = at(params, 1);
  if (cn === 49) {
    if (fn === 65) return { type: 'qr-model', model: at(params, 2) - 48 };
    if (fn === 67) return { type: 'qr-size', dots: at(params, 2) };
    if (fn === 69) return { type: 'qr-ecc', level: QR_LEVELS[at(params, 2) - 48] ?? 'L' };
    if (fn === 80) return { type: 'qr-store', data: params.slice(3) };
    if (fn === 81) return { type: 'qr-print' };
  }
  return { type: 'symbol-2d', cn, fn, params: params.slice(2) };
}

/** GS ( L / GS 8 L: fn 112 stores a raster, fn 50 (or 2) prints what was stored. */
export function graphics(params: Uint8Array, prefix: 'GS (' | 'GS 8'): EscPosCommand {
  const fn = at(params, 1);
  if (fn === 50 || fn === 2) return { type: 'graphics-print' };
  if (fn === 112 && params.length >= 10) {
    const width = u16(params, 6);
    const height = u16(params, 8);
    const bits = params.slice(10, 10 + Math.ceil(width / 8) * height);
    if (bits.length === Math.ceil(width / 8) * height) {
      return { type: 'graphics-store', scaleX: at(params, 3), scaleY: at(params, 4), width, height, bits };
    }
  }
  return { type: 'extended', prefix, fn: 'L', params };
}

