import { ThrottledError, permissionsOf, type User } from '../../auth/index.js';
import { route, signedIn, type RouteSpec, type Session } from '../route.js';
import type { Runtime } from '../runtime.js';
import { loginBody, sessionView } from '../schemas.js';
import { clearSessionCookies, clientKey, setCsrfCookie, setSessionCookies } from '../security.js';
import { csrfTokenFor } from '../signing.js';

export function authRoutes(rt: Runtime): RouteSpec[] {
  const { auth } = rt.deps;
  // The store's zone and currency come along so pages show times as the store reads them.
  const viewOf = (user: User, s: Pick<Session, 'expiresAt' | 'absoluteExpiresAt'>) => ({
    user,
    permissions: [...permissionsOf(user.role)],
    expiresAt: s.expiresAt,
    absoluteExpiresAt: s.absoluteExpiresAt,
    store: { timeZone: rt.deps.settings.timeZone, currency: rt.deps.settings.currency },
  });
  return [
    route({
      method: 'post',
      path: '/api/v1/auth/login',
      operationId: 'login',
      tag: 'auth',
      summary: 'Sign in',
      description:
        'Checks the name and password (argon2id; repeated failures lock sign-in for a while: 429 with Retry-After). ' +
        'Sets the session cookie (HttpOnly, SameSite=Strict) and the CSRF cookie, and returns the user and the CSRF token to send as X-CSRF-Token with every write. ' +
        'With "bearer": true no cookie is set and the answer carries a bearer token instead (for POS integrators: Authorization: Bearer <token>, no CSRF token needed).',
      access: 'public',
      body: loginBody,
      answers: { 200: { description: 'signed in', content: { 'application/json': sessionView } } },
      async handle({ c, body }) {
        const result = await auth.login({ name: body.username, password: body.password, client: clientKey(c, rt.transport, rt.deps.options?.clientAddress) }).catch((error: unknown) => {
          if (error instanceof ThrottledError) rt.log.write('warn', 'login.locked', { user: body.username.slice(0, 64), retryAfterMs: error.retryAfterMs });
          throw error;
        });
        c.set('signedInAs', result.user.name);
        const view = viewOf(result.user, result);
        if (body.bearer) return c.json({ ...view, token: result.token }, 200);
        const csrfToken = csrfTokenFor(await rt.keys(), result.token);
        setSessionCookies(c, rt.transport, result.token, csrfToken);
        return c.json({ ...view, csrfToken }, 200);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/auth/logout',
      operationId: 'logout',
      tag: 'auth',
      summary: 'Sign out (ends the session or bearer token)',
      access: 'session',
      answers: { 204: { description: 'signed out; the cookies are cleared' } },
      async handle({ c, session }) {
        const s = signedIn(session);
        await auth.logout(s.token);
        if (s.via === 'cookie') clearSessionCookies(c, rt.transport);
        return c.body(null, 204);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/auth/me',
      operationId: 'me',
      tag: 'auth',
      summary: 'Who is signed in (and the current CSRF token)',
      access: 'session',
      answers: { 200: { description: 'the signed-in user', content: { 'application/json': sessionView } } },
      async handle({ c, session }) {
        const s = signedIn(session);
        const view = viewOf(s.user, s);
        if (s.via === 'bearer') return c.json(view, 200);
        const csrfToken = csrfTokenFor(await rt.keys(), s.token);
        setCsrfCookie(c, rt.transport, csrfToken);
        return c.json({ ...view, csrfToken }, 200);
      },
    }),
  ];
}
