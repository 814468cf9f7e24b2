import { at, done, fixed, unknown, type Step } from './decode-step.js';

export function decodeDle(b: Uint8Array, p: number, avail: number): Step {
  const c = at(b, p + 1);
  if (c === 0x04) {
    if (avail < 3) return { need: 3 };
    const n = at(b, p + 2);
    if (n === 7 || n === 8) return fixed(avail, 4, () => ({ type: 'realtime-status', n, a: at(b, p + 3) }));
    return done(3, { type: 'realtime-status', n, a: null });
  }
  if (c === 0x05) return fixed(avail, 3, () => ({ type: 'realtime-request', n: at(b, p + 2) }));
  if (c === 0x14) {
    if (avail < 3) return { need: 3 };
    const fn = at(b, p + 2);
    const len = fn === 1 || fn === 2 ? 5 : fn === 3 ? 8 : fn === 7 ? 4 : fn === 8 ? 10 : 0;
    if (len === 0) return unknown(b, p, 3);
    return fixed(avail, len, () =>
      fn === 1
        ? { type: 'drawer-kick', pin: at(b, p + 3) === 1 ? 5 : 2, onMs: at(b, p + 4) * 100, offMs: at(b, p + 4) * 100 }
        : { type: 'realtime-command', fn, params: b.slice(p + 3, p + len) },
    );
  }
  return unknown(b, p, 2);
}
