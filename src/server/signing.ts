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

// SALE[.STORE].EXPIRY.MAC: a link made since links name their shop says which store's sale it
// opens (head office holds several shops' sales under one id); an own sale names no store.
const TOKEN = /^([0-9A-Za-z]{8}-\d{6}-\d{6})(?:\.([A-Za-z0-9][A-Za-z0-9_-]{0,31}))?\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

// A link made before links named their shop signed the sale and expiry only: it still opens,
// as it did, wherever that id is on record once.
const legacyText = (saleId: string, exp: string) => `e-receipt\n${saleId}\n${exp}`;
const storeText = (saleId: string, exp: string, store: string) => `e-receipt\n${saleId}\n${exp}\nstore ${store}`;

/**
 * An e-receipt link token: the sale, the store it is a sale of ('' for the journal's own), its
 * expiry (epoch seconds) and an HMAC over the three.
 */
export function signReceiptToken(keys: ServerKeys, saleId: string, store: string, expiresAtMs: number): string {
  const exp = String(Math.floor(expiresAtMs / 1000));
  return `${saleId}${store === '' ? '' : `.${store}`}.${exp}.${mac(keys.eReceipt, storeText(saleId, exp, store))}`;
}

function invalidLink(): NotFoundError {
  return new NotFoundError('E_RECEIPT_NOT_FOUND', 'this receipt link is not valid', { hint: 'check that the whole link was copied, or ask the shop for a new one' });
}

export interface ReceiptLink {
  saleId: string;
  /** The store whose sale the link opens ('' the journal's own); undefined for a link made before links named it. */
  store: string | undefined;
  expiresAt: number;
  /** The first characters of the link's signature: names the link in the audit trail, and cannot open it. */
  linkId: string;
}

/** The audit trail's name for a link (see ReceiptLink.linkId). */
export const linkIdOf = (token: string): string => token.slice(-43, -35);

/**
 * The sale a token opens, or NotFoundError E_RECEIPT_NOT_FOUND (forged, damaged, or running
 * longer than `maxLifetimeMs` from now: no link this server signs lives that long, so one
 * that does was made with a stolen key) / E_RECEIPT_EXPIRED.
 */
export function readReceiptToken(keys: ServerKeys, token: string, now: number, maxLifetimeMs: number): ReceiptLink {
  const match = TOKEN.exec(token);
  if (!match) throw invalidLink();
  const [, saleId = '', named, exp = '', given = ''] = match;
  let store: string | undefined = named ?? '';
  if (!sameSecret(given, mac(keys.eReceipt, storeText(saleId, exp, store)))) {
    if (named !== undefined || !sameSecret(given, mac(keys.eReceipt, legacyText(saleId, exp)))) throw invalidLink();
    store = undefined;
  }
  const expiresAt = Number(exp) * 1000;
  // Signing floors the expiry to a second, so a fresh link never runs past now + the maximum.
  if (expiresAt - now > maxLifetimeMs) throw invalidLink();
  if (now >= expiresAt) {
    throw new NotFoundError('E_RECEIPT_EXPIRED', 'this receipt link has expired', { hint: 'ask the shop to send the receipt again' });
  }
  return { saleId, store, expiresAt, linkId: linkIdOf(token) };
}
