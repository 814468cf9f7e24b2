/**
 * A route as one declaration: method, path, who may call it, its query and body schemas,
 * its answers and its handler. The same list registers the Hono routes and writes the
 * OpenAPI document, so the two cannot drift apart.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { can, type Permission, type User } from '../auth/index.js';
import { fieldIssuesFromZod, type FieldIssue } from '../core/index.js';
import { languageFromAcceptLanguage, type Language } from '../i18n/index.js';

/** Who may call a route: anyone, anyone signed in, or someone holding a permission. */
export type Access = 'public' | 'session' | Permission;

export interface Session {
  user: User;
  token: string;
  /** How the request authenticated: the cookie (CSRF checked on writes) or a bearer token. */
  via: 'cookie' | 'bearer';
  expiresAt: string;
  absoluteExpiresAt: string;
}

export interface AppEnv {
  Variables: {
    session: Session | undefined;
    /** Who signed in with this request (login), for the request log. */
    signedInAs: string | undefined;
    /** The problem code of an error answer, for the request log. */
    problemCode: string | undefined;
    /**
     * Set once the request's values passed the gate and every sale id among them whose digits
     * hold a card number names a sale on record: only then is a sale id in its path logged as one.
     */
    saleIdsChecked: boolean | undefined;
  };
}

export type AppContext = Context<AppEnv>;

/** One answer of a route, for the OpenAPI document. */
export interface AnswerSpec {
  description: string;
  /** Media type → schema (zod), or null for a body without a schema (binary, text). */
  content?: Record<string, z.ZodType | null>;
  headers?: Record<string, string>;
}

export interface RouteInput<Q, B> {
  c: AppContext;
  query: Q;
  body: B;
  params: Record<string, string>;
  /** Undefined only on public routes. */
  session: Session | undefined;
}

export interface RouteSpec<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post';
  /** OpenAPI form: /api/v1/transactions/{id}. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Path parameters and what they are. */
  params?: Record<string, string>;
  /**
   * Parameters that are tokens this server signed (an e-receipt link, a receipt's code),
   * checked by their signature before anything reads, keeps or shows them: not read by the
   * input gate, which would refuse a genuine one whose digits happen to line up into a card
   * number; the request is logged with any sale id in its path read as digits (masked).
   */
  signedParams?: readonly string[];
  query?: Q;
  body?: B;
  /** The body may be left out (an empty body reads as {}). */
  bodyOptional?: boolean;
  /**
   * 'transaction': the body holds transactions, which the journal gates itself (with its
   * narrow exemptions for the merchant no. and barcodes); every other body passes the
   * request gate.
   */
  bodyGatedBy?: 'transaction';
  /** What the OpenAPI document shows for the body, when it differs from `body`. */
  bodyDoc?: z.ZodType;
  answers: Record<number, AnswerSpec>;
  handle(input: RouteInput<z.output<Q>, z.output<B>>): Promise<Response> | Response;
}

/** Declares a route, keeping its handler's input types; the result goes into a plain list. */
export function route<Q extends z.ZodType = z.ZodType<undefined>, B extends z.ZodType = z.ZodType<undefined>>(spec: RouteSpec<Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** /api/v1/transactions/{id} → /api/v1/transactions/:id */
export function honoPath(path: string): string {
  return path.replace(/\{([A-Za-z]+)\}/g, ':$1');
}

/** zod issues as field issues: "transactions[2].amount". */
export function zodIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return fieldIssuesFromZod(error, prefix);
}

/** The signed-in session of a non-public route. */
export function signedIn(session: Session | undefined): Session {
  if (!session) throw new Error('a route that needs a session ran without one');
  return session;
}

/** Whether the session's user may see printers' network addresses: whoever manages printers. */
export function seesAddresses(session: Session | undefined): boolean {
  return session !== undefined && can(session.user, 'printers.manage');
}

/** The reader's language: Accept-Language (the web pages send the page's own), English when it names none. */
export function readerLanguage(c: AppContext): Language {
  return languageFromAcceptLanguage(c.req.header('Accept-Language'));
}
