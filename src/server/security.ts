/**
 * Who is asking, and whether a write really comes from our own page: session cookies or
 * bearer tokens from the AuthService, CSRF tokens bound to the session, security headers.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AuthenticationError, PermissionError, type AuthService } from '../auth/index.js';
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
  /** Believe X-Forwarded-Proto / X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
}

/** True when the request reached us (or the proxy in front of us) over TLS. */
export function overTls(c: AppContext, options: TransportOptions): boolean {
  if (c.req.url.startsWith('https:')) return true;
  return options.trustProxy && (c.req.header('X-Forwarded-Proto') ?? '').split(',')[0]?.trim().toLowerCase() === 'https';
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
    if (path.startsWith('/api/') || path.startsWith('/r/')) headers.set('Cache-Control', 'no-store');
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

/** Who the client is, for sign-in throttling: the socket's address (or the proxy's X-Forwarded-For). */
export function clientKey(c: AppContext, options: TransportOptions, address: ((c: AppContext) => string | undefined) | undefined): string | undefined {
  if (options.trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return `http:${forwarded}`;
  }
  const direct = address?.(c);
  return direct ? `http:${direct}` : undefined;
}
