import { randomBytes } from 'node:crypto';

/** Cryptographically random bytes from the operating system: AuthService's `random` in production. */
export function cryptoRandom(size: number): Uint8Array {
  return randomBytes(size);
}
