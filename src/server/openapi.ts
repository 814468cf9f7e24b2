/** The OpenAPI 3.1 document, written from the same route list that the server registers. */
import { z } from 'zod';
import { ROLE_PERMISSIONS } from '../auth/index.js';
import type { RouteSpec } from './route.js';
import { problemSchema } from './schemas.js';
import { CSRF_HEADER, SESSION_COOKIE, isUnsafe } from './security.js';

type Json = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), as a client sends it. */
export function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problemAnswer = (description: string) => ({ description, content: { 'application/problem+json': { schema: PROBLEM_REF } } });

function whoMay(permission: string): string {
  const roles = Object.entries(ROLE_PERMISSIONS)
    .filter(([, permissions]) => (permissions as readonly string[]).includes(permission))
    .map(([role]) => role);
  return `Needs the permission \`${permission}\` (roles: ${roles.join(', ')}).`;
}

function operation(r: RouteSpec): Json {
  const parameters: Json[] = [];
  for (const [name, description] of Object.entries(r.params ?? {})) parameters.push({ name, in: 'path', required: true, description, schema: { type: 'string' } });
  if (r.query && r.query instanceof z.ZodObject) {
    for (const [name, field] of Object.entries(r.query.shape as Record<string, z.ZodType>)) {
      const schema = jsonSchema(field);
      const { description, ...rest } = schema;
      parameters.push({ name, in: 'query', required: !field.safeParse(undefined).success, ...(description ? { description } : {}), schema: rest });
    }
  }
  const responses: Json = {};
  for (const [status, answer] of Object.entries(r.answers)) {
    const content: Json = {};
    for (const [media, schema] of Object.entries(answer.content ?? {})) {
      content[media] = media === 'application/problem+json' ? { schema: PROBLEM_REF } : schema ? { schema: jsonSchema(schema) } : media.startsWith('text/') ? { schema: { type: 'string' } } : { schema: { type: 'string', format: 'binary' } };
    }
    responses[status] = {
      description: answer.description,
      ...(Object.keys(content).length > 0 ? { content } : {}),
      ...(answer.headers ? { headers: Object.fromEntries(Object.entries(answer.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) } : {}),
    };
  }
  const add = (status: number, description: string) => {
    if (!(String(status) in responses)) responses[String(status)] = problemAnswer(description);
  };
  if (r.body || r.query || r.params) add(400, 'bad input: `errors` names every field that is wrong (INVALID_REQUEST, INVALID_TRANSACTION, INVALID_BATCH, …)');
  if (r.access !== 'public') {
    add(401, 'not signed in, or the session ended (NOT_SIGNED_IN, SESSION_INVALID, SESSION_EXPIRED)');
    if (r.access !== 'session' || isUnsafe(r.method)) add(403, `not allowed (PERMISSION_DENIED, journaled as access.denied)${isUnsafe(r.method) ? '; or a cookie session without its X-CSRF-Token (CSRF_TOKEN_MISSING, CSRF_TOKEN_INVALID)' : ''}`);
  }
  if (r.params) add(404, 'not found');
  if (r.operationId === 'login') add(429, 'too many failed sign-ins (LOGIN_THROTTLED): wait the Retry-After seconds');
  add(500, 'an unexpected error (INTERNAL), a damaged journal (integrity) or a server set up wrongly (config)');
  add(503, 'a printer or the database cannot be reached, or the server is shutting down');
  const access = r.access === 'public' ? 'No sign-in.' : r.access === 'session' ? 'Any signed-in user.' : whoMay(r.access);
  return {
    operationId: r.operationId,
    tags: [r.tag],
    summary: r.summary,
    description: `${r.description ? `${r.description}\n\n` : ''}${access}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(r.body
      ? { requestBody: { required: !r.bodyOptional, content: { 'application/json': { schema: jsonSchema(r.bodyDoc ?? r.body) } } } }
      : {}),
    responses,
    security: r.access === 'public' ? [] : isUnsafe(r.method) ? [{ sessionCookie: [], csrfToken: [] }, { bearer: [] }] : [{ sessionCookie: [] }, { bearer: [] }],
  };
}

export function openApiDocument(routes: readonly RouteSpec[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reissue API',
      version,
      description:
        'Point-of-sale receipts journaled, printed through a spooler, found and re-issued as marked duplicates under permission. ' +
        'Errors are application/problem+json (RFC 9457) with `code`, `detail`, `hint` and, for bad input, `errors: [{path, message}]`. ' +
        'People-facing words (`title`, `detail`, `hint`, each `errors[].message`, printer `statusText`/`heldText`, job `detailText`/`stateText`, verify `messageText`) are in the language of Accept-Language: Chinese for zh*, English for en* and when the header names neither or is absent; `code` and `errors[].path` never change, for programs (Content-Language says which was used). ' +
        'Status by kind: input 400 (validation too), unauthorized 401, forbidden 403, throttled 429 (Retry-After), not-found 404, conflict 409, integrity and config 500, unavailable 503, anything unexpected 500 with a generic message. ' +
        `Browsers sign in for a session cookie and send the CSRF token as ${CSRF_HEADER} with every POST; integrators send Authorization: Bearer <token> (from sign-in with "bearer": true) and need no CSRF token.`,
    },
    servers: [{ url: '/' }],
    tags: ['system', 'auth', 'transactions', 'printing', 'verification', 'printers', 'reports', 'users'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema) },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'set by POST /api/v1/auth/login' },
        csrfToken: { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'the csrfToken of the session (sign-in answer, GET /api/v1/auth/me, or the reissue_csrf cookie); needed with the cookie on every POST' },
        bearer: { type: 'http', scheme: 'bearer', description: 'the token from POST /api/v1/auth/login with "bearer": true' },
      },
    },
  };
}
