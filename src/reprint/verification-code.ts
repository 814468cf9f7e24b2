import { createHmac, timingSafeEqual } from 'node:crypto';
import { InputError } from '../core/index.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAC_CHARS = 16;
const CODE = /^([0-9A-Za-z]{8}-\d{6}-\d{6}|cap-[a-z]{24})\.(\d{1,4})\.([0-9A-HJKMNP-TV-Z]{16})$/;

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function mac(key: string, saleId: string, saleHash: string, copy: number): string {
  return base32(createHmac('sha256', key).update(`${saleId}\n${saleHash}\n${copy}`).digest()).slice(0, MAC_CHARS);
}

/**
 * The code printed (as a QR) on a receipt: the sale, the copy number and an HMAC over the
 * sale's journal hash, so anyone holding the paper can ask whether it is genuine and which
 * copy it is. Copy 0 is the original.
 */
export function verificationCode(key: string, sale: { id: string; hash: string }, copy: number): string {
  return `${sale.id}.${copy}.${mac(key, sale.id, sale.hash, copy)}`;
}

export interface ParsedCode {
  saleId: string;
  copy: number;
  mac: string;
}

/** The code itself, from the code or a link ending in it. */
const codePart = (text: string) => text.trim().replace(/^.*[/=]/, '');

/** Whether the text is a receipt's code, or a link ending in one, by its shape (its signature is not checked). */
export function isVerificationCode(text: string): boolean {
  return CODE.test(codePart(text));
}

export function parseVerificationCode(code: string): ParsedCode {
  const match = CODE.exec(codePart(code));
  if (!match) {
    throw new InputError('BAD_VERIFICATION_CODE', 'that is not a Reissue receipt code', { hint: 'scan the QR code on the receipt, or type the code printed under it (ID.COPY.CHECK)' });
  }
  return { saleId: match[1] ?? '', copy: Number(match[2]), mac: match[3] ?? '' };
}

/** Constant-time check of a parsed code against the sale it names. */
export function codeMatches(key: string, sale: { id: string; hash: string }, parsed: ParsedCode): boolean {
  const expected = Buffer.from(mac(key, sale.id, sale.hash, parsed.copy));
  const given = Buffer.from(parsed.mac.toUpperCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
