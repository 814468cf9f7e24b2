import { ReissueError } from '../core/index.js';
import { isCaptureId, type Journal } from '../journal/index.js';
import { codeMatches, parseVerificationCode } from './verification-code.js';

/** Duplicates' codes looked at, newest first: one that names a sale on record decides. */
const LOOKED_AT = 20;

/**
 * Whether `key` is the one this journal's receipt codes were signed with, judged by the codes
 * its duplicates recorded (reprint.issued, hashed into the audit chain): a key from elsewhere
 * (a shop's sealed settings at head office, which anyone holding the shop's token could have
 * replaced) is taken only when it signs them. True when the journal recorded no such code.
 */
export async function keySignsRecordedCodes(journal: Journal, key: string): Promise<boolean> {
  for (const entry of await journal.auditTrail({ type: 'reprint.issued', limit: LOOKED_AT })) {
    const { code, saleId } = entry.data;
    if (typeof code !== 'string' || typeof saleId !== 'string' || isCaptureId(saleId)) continue;
    let sale;
    try {
      sale = await journal.get(saleId);
    } catch (error) {
      if (error instanceof ReissueError && error.kind === 'not-found') continue;
      throw error;
    }
    let parsed;
    try {
      parsed = parseVerificationCode(code);
    } catch {
      continue;
    }
    return codeMatches(key, sale, parsed);
  }
  return true;
}
