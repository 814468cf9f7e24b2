/**
 * Who is asking, and whether a write really comes from our own page: session cookies or
 * bearer tokens from the AuthService, CSRF tokens bound to the session, security headers.
 */
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AuthenticationError, PermissionError, type AuthService } from '../auth/index.js';
import { RECEIPT_LINK_PATH } from './log.js';
import type { AppContext, AppEnv, Session } from './route.js';
import { csrfTokenFor, sameSecret, type ServerKeys } from './signing.js';

export const SESSION_COOKIE = 'reissue_session';
export const CSRF_COOKIE = 'reissue_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isUnsafe = (method: string) => UNSAFE_METHODS.has(method.toUpperCase());

/**
 * Content-Security-Policy of every answer: only our own scripts, styles (inline styles too,
 * as receipts rendered to HTML carry theirs), images (and data: URIs), no framing.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

export interface TransportOptions {
  /** true: cookies always Secure; false: never; 'auto' (default): when the request came over TLS. */
  secureCookies: boolean | 'auto';
  /**
   * How many reverse proxies you run in front of the server (0: none, X-Forwarded-* are not
   * believed). Each proxy appends the address it was reached from, so the client is the entry
   * this many places from the right; everything left of it is what the client itself sent.
   */
  trustProxy: number;
}

/** `trustProxy` as hops: true is one proxy, false none; anything else must be a whole number. */
export function proxyHops(trust: boolean | number | undefined): number {
  if (trust === undefined || trust === false) return 0;
  if (trust === true) return 1;
  if (!Number.isSafeInteger(trust) || trust < 0) throw new RangeError(`trustProxy must be a whole number of proxies, not ${trust}`);
  return trust;
}

/**
 * The entry of a comma-separated X-Forwarded-* header that our own proxies wrote: `hops`
 * from the right (the one the outermost trusted proxy appended). Entries further left came
 * from the client and are never believed; with fewer entries than hops, the leftmost is the
 * outermost one a proxy of ours wrote.
 */
export function forwardedEntry(header: string | undefined, hops: number): string | undefined {
  if (hops < 1 || header === undefined) return undefined;
  const entries = header.split(',').map((e) => e.trim());
  const entry = entries[Math.max(0, entries.length - hops)];
  return entry === undefined || entry === '' ? undefined : entry;
}

/** True when the request reached us (or the proxy in front of us) over TLS. */
export function overTls(c: AppContext, options: TransportOptions): boolean {
  if (c.req.url.startsWith('https:')) return true;
  // Without a trusted proxy the header is not believed: not read at all (reading the first header builds them all).
  if (options.trustProxy < 1) return false;
  return forwardedEntry(c.req.header('X-Forwarded-Proto'), options.trustProxy)?.toLowerCase() === 'https';
}

/** Sets the security headers on every answer, errors and static files included. */
export function securityHeaders(options: TransportOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    if (overTls(c, options)) headers.set('Strict-Transport-Security', 'max-age=31536000');
    // Receipts, users and audit entries are nobody's cache's business.
    const path = c.req.path;
    if (path.startsWith('/api/') || RECEIPT_LINK_PATH.test(path)) headers.set('Cache-Control', 'no-store');
  };
}

function secure(c: AppContext, options: TransportOptions): boolean {
  return options.secureCookies === 'auto' ? overTls(c, options) : options.secureCookies;
}

/** The session cookie (HttpOnly) and the CSRF cookie the page reads to send X-CSRF-Token. */
export function setSessionCookies(c: AppContext, options: TransportOptions, token: string, csrf: string): void {
  const base = { path: '/', sameSite: 'Strict', secure: secure(c, options) } as const;
  setCookie(c, SESSION_COOKIE, token, { ...base, httpOnly: true });
  setCookie(c, CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

export function setCsrfCookie(c: AppContext, options: TransportOptions, csrf: string): void {
  setCookie(c, CSRF_COOKIE, csrf, { path: '/', sameSite: 'Strict', secure: secure(c, options), httpOnly: false });
}

export function clearSessionCookies(c: AppContext, options: TransportOptions): void {
  const base = { path: '/', sameSite: 'Strict', secure: secure(c, options) } as const;
  deleteCookie(c, SESSION_COOKIE, { ...base, httpOnly: true });
  deleteCookie(c, CSRF_COOKIE, base);
}

/** The token a request carries and how: Authorization: Bearer wins over the cookie. */
export function credentialOf(c: AppContext): { token: string; via: Session['via'] } | undefined {
  const header = c.req.header('Authorization');
  if (header !== undefined) {
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
    if (!match?.[1]) {
      throw new AuthenticationError('BAD_AUTHORIZATION', 'the Authorization header is not "Bearer <token>"', { hint: 'send the token from POST /api/v1/auth/login as: Authorization: Bearer <token>' });
    }
    return { token: match[1], via: 'bearer' };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/**
 * The session behind the request, or 401. A write made with the session cookie must carry
 * the session's CSRF token in X-CSRF-Token (403 otherwise); a bearer token needs none, as
 * browsers never attach one by themselves.
 */
export async function authenticate(c: AppContext, auth: AuthService, keys: () => Promise<ServerKeys>): Promise<Session> {
  const credential = credentialOf(c);
  if (!credential) {
    throw new AuthenticationError('NOT_SIGNED_IN', 'not signed in', { hint: 'sign in with POST /api/v1/auth/login, or send Authorization: Bearer <token>' });
  }
  if (credential.via === 'cookie' && isUnsafe(c.req.method)) {
    const given = c.req.header(CSRF_HEADER);
    if (!given) {
      throw new PermissionError('CSRF_TOKEN_MISSING', `a ${c.req.method} made with the session cookie needs the ${CSRF_HEADER} header`, {
        hint: `send the csrfToken from sign-in (or GET /api/v1/auth/me, or the ${CSRF_COOKIE} cookie) as ${CSRF_HEADER}`,
      });
    }
    if (!sameSecret(given, csrfTokenFor(await keys(), credential.token))) {
      throw new PermissionError('CSRF_TOKEN_INVALID', `the ${CSRF_HEADER} header does not belong to this session`, { hint: 'reload the page (or GET /api/v1/auth/me) to get the current token' });
    }
  }
  const info = await auth.authenticate(credential.token);
  return { user: info.user, token: credential.token, via: credential.via, expiresAt: info.expiresAt, absoluteExpiresAt: info.absoluteExpiresAt };
}

/**
 * Who the client is, for sign-in throttling and the audit: the socket's address, or behind
 * trusted proxies the address the outermost of them appended to X-Forwarded-For (never an
 * entry the client wrote itself, nor one that is not an IP address).
 */
export function clientKey(c: AppContext, options: TransportOptions, address: ((c: AppContext) => string | undefined) | undefined): string | undefined {
  const forwarded = forwardedEntry(c.req.header('X-Forwarded-For'), options.trustProxy);
  if (forwarded !== undefined && isIP(forwarded) !== 0) return `http:${forwarded}`;
  const direct = address?.(c);
  return direct ? `http:${direct}` : undefined;
}
