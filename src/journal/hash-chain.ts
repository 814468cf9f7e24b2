import { createHash } from 'node:crypto';
import type { NewEventRow } from './store.js';

/** prev_hash of the first event of every terminal's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the previous hash and every stored field of the event, newline separated.
 * The payload is hashed exactly as stored (canonical JSON), so verification needs no re-encoding.
 */
export function eventHash(event: Omit<NewEventRow, 'hash'>): string {
  return createHash('sha256')
    .update(`${event.prevHash}\n${event.terminalId}\n${event.seq}\n${event.type}\n${event.recordedAt}\n${event.payload}`)
    .digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
