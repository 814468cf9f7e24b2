import * as crypto from 'node:crypto';
import type { NewEventRow } from './store.js';

/** prev_hash of the first event of every terminal's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the previous hash and every stored field of the event, newline separated.
 * The payload is hashed exactly as stored (canonical JSON), so verification needs no re-encoding.
 */
export function eventHash(event: Omit<NewEventRow, 'hash'>): string {
  return sha256Hex(`${event.prevHash}\n${event.terminalId}\n${event.seq}\n${event.type}\n${event.recordedAt}\n${event.payload}`);
}

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
// crypto.hash (Node ≥ 20.12) hashes a string in one call, without a Hash object per sale.
const oneShot = (crypto as { hash?: OneShotHash }).hash;

/** SHA-256 of the UTF-8 bytes of `text`, as lowercase hex. */
export const sha256Hex: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');
