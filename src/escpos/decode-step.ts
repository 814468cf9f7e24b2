import type { EscPosCommand } from './commands.js';

/** A whole command of `len` bytes, or how many bytes (from its start) are needed to know more. */
export type Step = { len: number; cmd: EscPosCommand } | { need: number };

export const NAMES: Readonly<Record<number, string>> = { 0x1b: 'ESC', 0x1d: 'GS', 0x1c: 'FS', 0x10: 'DLE' };

export function at(b: Uint8Array, i: number): number {
  return b[i] ?? 0;
}

export function u16(b: Uint8Array, i: number): number {
  return at(b, i) | (at(b, i + 1) << 8);
}

export function done(len: number, cmd: EscPosCommand): Step {
  return { len, cmd };
}

export function unknown(b: Uint8Array, p: number, len: number): Step {
  return { len, cmd: { type: 'unknown', bytes: b.slice(p, p + len) } };
}

export function other(b: Uint8Array, p: number, len: number): Step {
  const name = `${NAMES[at(b, p)] ?? '?'} ${String.fromCharCode(at(b, p + 1))}`;
  return { len, cmd: { type: 'other', name, bytes: b.slice(p, p + len) } };
}

/** Fixed-length command: waits for `len` bytes, then builds it. */
export function fixed(avail: number, len: number, build: () => EscPosCommand | Step): Step {
  if (avail < len) return { need: len };
  const made = build();
  return 'type' in made ? done(len, made) : made;
}

