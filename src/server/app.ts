import { Hono } from 'hono';
import { PermissionError, requirePermission, type Permission } from '../auth/index.js';
import { InputError, assertSafeInput, checkJsonText, saleIdNamesNoSale, withoutDigits } from '../core/index.js';
import type { ServerDeps } from './deps.js';
import { problemPage } from './html.js';
import { limitBody } from './limit-body.js';
import { loggedPath, loggedPathOf, maskedPathname, type PathReading } from './log.js';
import { openApiDocument } from './openapi.js';
import { ProblemException, RequestValidationError, problemOf, problemResponse } from './problem.js';
import { honoPath, readerLanguage as languageOf, route, seesAddresses, type AppEnv, type RouteSpec, type Session, type AppContext } from './route.js';
import { authRoutes } from './routes/auth.js';
import { printerRoutes } from './routes/printers.js';
import { publicRoutes } from './routes/public.js';
import { reportRoutes } from './routes/reports.js';
import { reprintRoutes } from './routes/reprints.js';
import { syncRoutes } from './routes/sync.js';
import { transactionRoutes } from './routes/transactions.js';
import { captureRoutes } from './routes/captures.js';
import { userRoutes } from './routes/users.js';
import { journalFor, runtime, type Runtime } from './runtime.js';
import { authenticate, securityHeaders } from './security.js';
import { parseWith } from './validate.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Query parameters, each given once. */
function queryOf(c: AppContext): Record<string, string> {
  const out: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) repeated.push(key);
    out[key] = values[values.length - 1] ?? '';
  }
  // A key is named without its digits: the gate has not seen the query yet.
  if (repeated.length > 0) throw new RequestValidationError(repeated.map((path) => ({ path: withoutDigits(path), message: 'is given more than once', code: 'REPEATED' })));
  return out;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body's text. Bytes that are not UTF-8 (a POS sending GBK) would be read as replacement
 * marks and recorded so in a sale's hashed event for ever: refused, nothing done.
 */
function utf8(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new InputError('BODY_NOT_UTF8', 'the request body is not UTF-8 text; nothing was done', { hint: 'send JSON encoded as UTF-8 (a POS set to GBK or GB2312 must convert its text first)' });
  }
}

/**
 * Bodies of the routes that take a few fields (sign-in, a reprint, a print, a user): every
 * string of a body passes the card-number gate, whose time grows with the input, so a body of
 * megabytes held the event loop — every request of every user — for seconds. Only recording
 * transactions takes the server's whole limit (the journal gates those itself).
 */
export const SMALL_BODY_BYTES = 64 * 1024;
/** … and of the one anyone may call without signing in (the sign-in). */
export const PUBLIC_BODY_BYTES = 8 * 1024;

/** The JSON body: required unless `optional` (then an empty body reads as {}); at most `maxBytes` (413). */
async function bodyOf(c: AppContext, optional: boolean, maxBytes: number | undefined): Promise<unknown> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (maxBytes !== undefined && bytes.length > maxBytes) {
    const kib = Math.round(maxBytes / 1024);
    throw new ProblemException(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${kib} KiB, the most this request takes`, 'this request carries a few fields: check what the client sends', { kib, rule: 'request' });
  }
  const text = utf8(bytes);
  if (text.trim() === '') {
    if (optional) return {};
    throw new RequestValidationError([{ path: '', message: 'a JSON body is required', code: 'BODY_REQUIRED' }]);
  }
  if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) {
    throw new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be JSON', 'send Content-Type: application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // The parser's message quotes the input: it is not passed on.
    throw new InputError('BAD_JSON', 'the request body is not valid JSON', { hint: 'check quotes, commas and brackets; amounts are strings such as "128.50"' });
  }
  // Before anything walks the value: a repeated key, nesting too deep, a card number as a long JSON number.
  checkJsonText(text);
  return value;
}

/** Passwords are hashed or checked, never kept, logged or shown: the gate leaves them be. */
const PASSWORD_KEYS: ReadonlySet<string> = new Set(['password']);
const REFUSED = 'the request was refused';

/**
 * The one gate for what a request carries: path parameters, the query and the body (a
 * transaction's body is gated by the journal, with its own exemptions for the merchant no.
 * and barcodes). Card numbers, card secrets and forbidden characters are refused with the
 * field named, never echoed.
 */
const SALE_ID_PARAMS: ReadonlySet<string> = new Set(['id', 'code']);

function gateRequest(r: RouteSpec, params: Record<string, string>, query: Record<string, string>, body: unknown): { path: string; saleId: string }[] {
  const hiding: { path: string; saleId: string }[] = [];
  const idHidingCardNumber = (path: string, saleId: string) => void hiding.push({ path, saleId });
  for (const [key, value] of Object.entries(params)) {
    if (r.signedParams?.includes(key)) continue;
    // Only an {id} or {code} names a sale; a printer's name or a chain is read as the digits it holds.
    assertSafeInput(value, { path: key, outcome: REFUSED, ...(SALE_ID_PARAMS.has(key) ? { idHidingCardNumber } : { saleIds: 'never' as const }) });
  }
  assertSafeInput(query, { outcome: REFUSED, idHidingCardNumber });
  if (body !== undefined && r.bodyGatedBy !== 'transaction') assertSafeInput(body, { skipKeys: PASSWORD_KEYS, outcome: REFUSED, idHidingCardNumber });
  return hiding;
}

/**
 * A value in a sale id's shape whose digits hold a card number is used only if it names a sale
 * the user may see: else it is a card number typed as one (or a mistyped id that reads as one)
 * and is refused like any other, so no answer, log line or record holds it.
 */
async function requireNamedSales(rt: Runtime, session: Session, hiding: readonly { path: string; saleId: string }[]): Promise<void> {
  const journal = journalFor(rt, session);
  for (const { path, saleId } of hiding) {
    if (await journal.namesSale(saleId)) continue;
    throw saleIdNamesNoSale(path, REFUSED);
  }
}

const pathReading = (c: AppContext): PathReading => (c.get('saleIdsChecked') === true ? 'checked' : 'unchecked');

/** Refuses (403) a user without the permission, and journals the refusal as access.denied. */
async function permit(rt: Runtime, c: AppContext, session: Session, permission: Permission): Promise<void> {
  try {
    requirePermission(session.user, permission);
  } catch (error) {
    if (error instanceof PermissionError) {
      await rt.deps.audit('access.denied', {
        user: session.user.name,
        role: session.user.role,
        permission,
        method: c.req.method,
        // Before the request's sale ids are looked up: one whose digits read as a card number is masked.
        path: maskedPathname(new URL(c.req.url), 'unchecked'),
        at: new Date(rt.now()).toISOString(),
      });
    }
    throw error;
  }
}

function register(app: Hono<AppEnv>, rt: Runtime, r: RouteSpec): void {
  app.on(r.method.toUpperCase(), honoPath(r.path), async (c) => {
    let session: Session | undefined;
    if (r.access !== 'public') {
      session = await authenticate(c, rt.deps.auth, () => rt.keys());
      c.set('session', session);
      if (r.access !== 'session') await permit(rt, c, session, r.access);
    }
    const params = c.req.param() as Record<string, string>;
    const rawQuery = queryOf(c);
    const maxBody = r.bodyGatedBy === 'transaction' ? undefined : r.access === 'public' ? PUBLIC_BODY_BYTES : SMALL_BODY_BYTES;
    const rawBody = r.body ? await bodyOf(c, r.bodyOptional === true, maxBody) : undefined;
    const hiding = gateRequest(r, params, rawQuery, rawBody);
    // Without a sign-in nothing is looked up (whether a sale exists is no stranger's to learn
    // from the answer): such a request goes on, its ids logged masked, and its route answers an
    // id naming no sale as it does any other (a verification code is "not genuine").
    if (hiding.length > 0 && session !== undefined) await requireNamedSales(rt, session, hiding);
    // A signed token is read by nothing before its signature holds: its sale id is not vouched for in the log either.
    c.set('saleIdsChecked', r.signedParams === undefined && (hiding.length === 0 || session !== undefined));
    const query: unknown = r.query ? parseWith(r.query, rawQuery) : undefined;
    const body: unknown = r.body ? parseWith(r.body, rawBody) : undefined;
    return r.handle({ c, query, body, params, session });
  });
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack?.split('\n').slice(0, 12).join('\n') };
  return { value: typeof error };
}

/**
 * The HTTP API as a Hono app, built from injected deps: tests call `app.request(...)`;
 * startServer serves it. Every route is declared once (src/server/routes/*) and registered
 * with its access rule, its zod schemas and its place in the OpenAPI document.
 */
export function createApp(deps: ServerDeps): Hono<AppEnv> {
  const rt = runtime(deps);
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const problemCode = c.get('problemCode');
    rt.log.request({
      method: c.req.method,
      path: loggedPathOf(c.req.url, pathReading(c)),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: c.get('session')?.user.name ?? c.get('signedInAs') ?? null,
      ...(problemCode ? { code: problemCode } : {}),
    });
  });
  app.use('*', securityHeaders(rt.transport));
  const limited = limitBody(rt.maxBodyBytes, () => {
    const kib = Math.round(rt.maxBodyBytes / 1024);
    throw new ProblemException(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${kib} KiB`, 'send large imports as several batches', { kib });
  });
  // GET and HEAD carry no body to limit (see limitBody for why the body is not asked for).
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limited(c, next)));

  const routes: RouteSpec[] = [
    ...publicRoutes(rt),
    ...authRoutes(rt),
    ...transactionRoutes(rt),
    ...captureRoutes(rt),
    ...reprintRoutes(rt),
    ...printerRoutes(rt),
    ...reportRoutes(rt),
    ...userRoutes(rt),
    ...syncRoutes(rt, deps.headOffice),
  ];
  let document: Record<string, unknown> | undefined;
  routes.push(
    route({
      method: 'get',
      path: '/api/v1/openapi.json',
      operationId: 'openapi',
      tag: 'system',
      summary: 'This document (OpenAPI 3.1)',
      access: 'public',
      answers: { 200: { description: 'the OpenAPI document', content: { 'application/json': null } } },
      handle: ({ c }) => c.json((document ??= openApiDocument(routes, rt.version)), 200),
    }),
  );
  for (const r of routes) register(app, rt, r);

  const staticFiles = deps.options?.staticFiles;
  if (staticFiles) app.get('*', staticFiles);

  const patterns = routes.map((r) => ({ method: r.method.toUpperCase(), pattern: new RegExp(`^${r.path.replace(/\{[A-Za-z]+\}/g, '[^/]+')}$`) }));
  app.notFound((c) => {
    const language = languageOf(c);
    const path = new URL(c.req.url).pathname;
    const allowed = [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))];
    if (allowed.length > 0) {
      const answer = problemOf(new ProblemException(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here`, `use ${allowed.join(' or ')}`, { method: c.req.method, allowed }), language);
      answer.headers.Allow = allowed.join(', ');
      c.set('problemCode', answer.problem.code);
      return problemResponse(answer);
    }
    c.set('problemCode', 'ROUTE_NOT_FOUND');
    return problemResponse(problemOf(new ProblemException(404, 'ROUTE_NOT_FOUND', 'there is no such page or API route', 'see /api/v1/openapi.json for every route'), language));
  });

  app.onError((error, c) => {
    // A job in the answer (ALREADY_QUEUED …) names its printer as the user may see it.
    const answer = problemOf(error, languageOf(c), seesAddresses(c.get('session')));
    c.set('problemCode', answer.problem.code);
    const url = new URL(c.req.url);
    if (!answer.expected) rt.log.write('error', 'unexpected-error', { method: c.req.method, path: loggedPath(url, pathReading(c)), error: describeError(error) });
    else if (answer.status >= 500) rt.log.write('error', 'server-error', { method: c.req.method, path: loggedPath(url, pathReading(c)), code: answer.problem.code, detail: answer.problem.detail });
    // People open e-receipt links: they get a page, not JSON.
    if (url.pathname.startsWith('/r/')) {
      const language = languageOf(c);
      const other = problemOf(error, language === 'zh' ? 'en' : 'zh').problem;
      const text = (lang: 'zh' | 'en', p: typeof other) => ({ lang, title: p.title, detail: p.detail, hint: p.hint });
      return new Response(problemPage([text(language, answer.problem), text(language === 'zh' ? 'en' : 'zh', other)]), {
        status: answer.status,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Language': answer.headers['Content-Language'] ?? 'en', Vary: 'Accept-Language' },
      });
    }
    return problemResponse(answer);
  });
  return app;
}
