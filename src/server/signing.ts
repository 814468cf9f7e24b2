import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotFoundError } from '../core/index.js';

/** The server's keys, each derived from the journal's own secret (meta 'verificationKey') for one purpose. */
export interface ServerKeys {
  /** Signs e-receipt links. */
  eReceipt: Buffer;
  /** Binds CSRF tokens to sessions. */
  csrf: Buffer;
}

export function deriveKeys(secret: string): ServerKeys {
  const derive = (purpose: string) => createHmac('sha256', secret).update(`reissue ${purpose} key v1`).digest();
  return { eReceipt: derive('e-receipt'), csrf: derive('csrf') };
}

const mac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url');

/** True when the two strings are equal, in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The CSRF token of a session: an HMAC of its token, so it is bound to it and kept nowhere. */
export function csrfTokenFor(keys: ServerKeys, sessionToken: string): string {
  return mac(keys.csrf, `csrf\n${sessionToken}`);
}

// SALE[.STORE].ISSUED.EXPIRY.MAC: a link names the store whose sale it opens (head office
// holds several shops' sales under one id; the journal's own sale names none) and when it was
// made (links made before a withdrawal no longer open).
// The time is "t" and base 36, so that no run of digits in a link looks like a card number.
const TOKEN = /^([0-9A-Za-z]{8}-\d{6}-\d{6})(?:\.([A-Za-z0-9][A-Za-z0-9_-]{0,31}))?\.t([0-9a-z]{1,11})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;
// A link made before links named their store and time: SALE.EXPIRY.MAC.
const LEGACY_TOKEN = /^([0-9A-Za-z]{8}-\d{6}-\d{6})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

const linkText = (saleId: string, store: string, issued: string, exp: string) => `e-receipt\n${saleId}\n${exp}\nstore ${store}\nissued ${issued}`;

/**
 * An e-receipt link token: the sale, the store it is a sale of ('' for the journal's own),
 * when it was made (epoch ms), its expiry (epoch seconds) and an HMAC over them all.
 */
export function signReceiptToken(keys: ServerKeys, saleId: string, store: string, issuedAtMs: number, expiresAtMs: number): string {
  const issued = Math.floor(issuedAtMs).toString(36);
  const exp = String(Math.floor(expiresAtMs / 1000));
  return `${saleId}${store === '' ? '' : `.${store}`}.t${issued}.${exp}.${mac(keys.eReceipt, linkText(saleId, store, issued, exp))}`;
}

export function invalidLink(): NotFoundError {
  return new NotFoundError('E_RECEIPT_NOT_FOUND', 'this receipt link is not valid', { hint: 'check that the whole link was copied, or ask the shop for a new one' });
}

export interface ReceiptLink {
  saleId: string;
  /** The store whose sale the link opens ('' the journal's own); undefined for a link made before links named it. */
  store: string | undefined;
  /** When the link was made (epoch ms); undefined for a link made before links said so. */
  issuedAt: number | undefined;
  expiresAt: number;
  /** The first characters of the link's signature: names the link in the audit trail, and cannot open it. */
  linkId: string;
}

/** The audit trail's name for a link (see ReceiptLink.linkId). */
export const linkIdOf = (token: string): string => token.slice(-43, -35);

/** The parts of a token whose signature holds, or undefined. */
function signedParts(keys: ServerKeys, token: string): Omit<ReceiptLink, 'expiresAt' | 'linkId'> & { exp: string } | undefined {
  const match = TOKEN.exec(token);
  if (match) {
    const [, saleId = '', store = '', issued = '', exp = '', given = ''] = match;
    return sameSecret(given, mac(keys.eReceipt, linkText(saleId, store, issued, exp))) ? { saleId, store, issuedAt: parseInt(issued, 36), exp } : undefined;
  }
  // A link made before links named their store still opens, as it did, wherever its id is on record once.
  const legacy = LEGACY_TOKEN.exec(token);
  if (!legacy) return undefined;
  const [, saleId = '', exp = '', given = ''] = legacy;
  return sameSecret(given, mac(keys.eReceipt, `e-receipt\n${saleId}\n${exp}`)) ? { saleId, store: undefined, issuedAt: undefined, exp } : undefined;
}

/**
 * The sale a token opens, or NotFoundError E_RECEIPT_NOT_FOUND (forged, damaged, or running
 * longer than `maxLifetimeMs` from now: no link this server signs lives that long, so one
 * that does was made with a stolen key) / E_RECEIPT_EXPIRED.
 */
export function readReceiptToken(keys: ServerKeys, token: string, now: number, maxLifetimeMs: number): ReceiptLink {
  const parts = signedParts(keys, token);
  if (!parts) throw invalidLink();
  const { exp, ...link } = parts;
  const expiresAt = Number(exp) * 1000;
  // Signing floors the expiry to a second, so a fresh link never runs past now + the maximum.
  if (expiresAt - now > maxLifetimeMs) throw invalidLink();
  if (now >= expiresAt) {
    throw new NotFoundError('E_RECEIPT_EXPIRED', 'this receipt link has expired', { hint: 'ask the shop to send the receipt again' });
  }
  return { ...link, expiresAt, linkId: linkIdOf(token) };
}
