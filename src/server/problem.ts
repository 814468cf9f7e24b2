/**
 * The one place where errors become HTTP answers: RFC 9457 problem details
 * (application/problem+json), with the status taken from the error's kind. Routes throw
 * domain errors; they never build error responses themselves.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InputError, ReissueError, ValidationError, type ErrorDetails, type ErrorKind, type FieldIssue } from '../core/index.js';
import { ThrottledError } from '../auth/index.js';
import { DEFAULT_API_LANGUAGE, localiseError, type Language, type LocalisableError } from '../i18n/index.js';
import { PrintConflictError, PrintWaitTimeoutError } from '../printer/index.js';
import { AmbiguousSaleError, type Candidate } from '../reprint/index.js';
import { ChainRefusedError } from '../journal/index.js';
import { maskPans } from './redact.js';
import { withoutNetworkDetails } from './network-details.js';
import { jobView, shownPrinter, type JobView } from './views.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * HTTP status of each error kind. Every `input` error is 400 — schema violations too (with
 * `errors`), never 422. `integrity` (the journal or a stored hash is damaged) and `config`
 * (the server is set up wrongly) are 500: nothing the client can fix; `unavailable` (a
 * printer or the database cannot be reached) is 503: try again later.
 */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, ContentfulStatusCode>> = Object.freeze({
  input: 400,
  unauthorized: 401,
  forbidden: 403,
  throttled: 429,
  'not-found': 404,
  conflict: 409,
  integrity: 500,
  config: 500,
  unavailable: 503,
  internal: 500,
});

/** The problem type URI of a kind, e.g. "urn:reissue:problem:not-found". */
export const problemType = (kind: ErrorKind | 'http') => `urn:reissue:problem:${kind}`;

export interface Problem {
  type: string;
  title: string;
  status: number;
  /** Stable machine-readable code, e.g. IDEMPOTENCY_CONFLICT. */
  code: string;
  /** What happened, for people, in the language of Accept-Language (`title` too). */
  detail: string;
  /** How to fix it, in the same language. */
  hint?: string;
  /** Every field that is wrong: its path for programs (e.g. "transactions[2].amount"), its message naming it as the screen does ("第 3 笔 金额：…"). */
  errors?: { path: string; message: string }[];
  /** AMBIGUOUS_SALE: the sales that match; choose one by its id. */
  candidates?: Candidate[];
  /** A print conflict or a wait that timed out: the job concerned. */
  job?: JobView;
  /** LOGIN_THROTTLED: seconds until sign-in is possible again (also the Retry-After header). */
  retryAfter?: number;
  /** A shop's events refused at head office (409): where, and the head held there to go on from. */
  position?: { storeId: string; chain: string; seq: number; heldSeq: number; heldHash: string };
}

/** A request refused by the server's own schemas (zod): INVALID_REQUEST, naming every field. */
export class RequestValidationError extends InputError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], details: ErrorDetails = {}) {
    const first = issues[0];
    const where = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid request';
    super('INVALID_REQUEST', `invalid request: ${where}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, {
      hint: details.hint ?? 'fix the named field(s); the OpenAPI document at /api/v1/openapi.json describes every request',
      context: { ...details.context, issues },
    });
    this.issues = issues;
  }
}

export interface ProblemAnswer {
  status: ContentfulStatusCode;
  problem: Problem;
  headers: Record<string, string>;
  /** False for an error nobody foresaw: logged in full, answered with a generic 500. */
  expected: boolean;
}

const HTTP_CODES: Readonly<Record<number, string>> = { 400: 'BAD_REQUEST', 401: 'NOT_SIGNED_IN', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 503: 'UNAVAILABLE' };

function fieldIssues(error: ReissueError): FieldIssue[] | undefined {
  if (error instanceof ValidationError || error instanceof RequestValidationError) return [...error.issues];
  const issues = error.context.issues;
  if (Array.isArray(issues) && issues.every((i) => typeof i === 'object' && i !== null && typeof (i as FieldIssue).path === 'string')) return issues as FieldIssue[];
  // PAN_NOT_MASKED and CARD_SECRET_REFUSED name where, never what.
  const path = error.context.path;
  if (typeof path === 'string' && path !== '') return [{ path, message: error.message, code: error.code, params: error.context }];
  return undefined;
}

const clean = (text: string) => maskPans(text);

/** How a problem names a printer whose address the reader may not see (shownPrinter). */
const UNNAMED_PRINTER: Readonly<Record<Language, string>> = { zh: '打印机', en: 'the printer' };

/** The error's context with each printer given by address named in words only. */
function printersUnnamed(context: Readonly<Record<string, unknown>>, language: Language): Record<string, unknown> {
  const out: Record<string, unknown> = { ...context };
  for (const key of ['printer', 'backup']) {
    const value = out[key];
    if (typeof value === 'string' && shownPrinter(value, false) === null) out[key] = UNNAMED_PRINTER[language];
  }
  return out;
}

/** The problem's people-facing words in one language; card numbers masked in every one of them. */
function worded(problem: Problem, error: LocalisableError, language: Language): Problem {
  const said = localiseError(error, language);
  problem.title = said.title;
  problem.detail = clean(said.detail);
  if (said.hint) problem.hint = clean(said.hint);
  if (said.errors) problem.errors = said.errors.map((i) => ({ path: clean(i.path), message: clean(i.message) }));
  return problem;
}

const languageHeaders = (language: Language): Record<string, string> => ({ 'Content-Language': language, Vary: 'Accept-Language' });

/**
 * The HTTP answer for any error thrown while handling a request, worded in `language` (from
 * Accept-Language; English when the client names none): title, detail, hint and every
 * errors[].message. `code` and `errors[].path` stay as they are, for programs.
 */
export function problemOf(error: unknown, language: Language = DEFAULT_API_LANGUAGE, addresses = false): ProblemAnswer {
  if (error instanceof ReissueError) {
    const status = STATUS_OF_KIND[error.kind];
    const issues = fieldIssues(error);
    const problem: Problem = { type: problemType(error.kind), title: '', status, code: error.code, detail: '' };
    const context = addresses ? error.context : printersUnnamed(error.context, language);
    worded(problem, { code: error.code, kind: error.kind, message: error.message, hint: error.hint, context: issues ? { ...context, issues } : context }, language);
    // Words that fell back to the English message may still hold an address.
    if (!addresses) for (const key of ['detail', 'hint'] as const) if (problem[key] !== undefined) problem[key] = withoutNetworkDetails(problem[key]);
    const headers: Record<string, string> = languageHeaders(language);
    if (error instanceof AmbiguousSaleError) problem.candidates = error.candidates;
    if (error instanceof ChainRefusedError) {
      const { storeId, chain, seq, held } = error.position;
      problem.position = { storeId, chain, seq, heldSeq: held.seq, heldHash: held.hash };
    }
    if (error instanceof PrintConflictError || error instanceof PrintWaitTimeoutError) problem.job = jobView(error.job, language, addresses);
    if (error instanceof ThrottledError) {
      const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
      problem.retryAfter = seconds;
      headers['Retry-After'] = String(seconds);
    }
    if (error.kind === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer realm="reissue"';
    return { status, problem, headers, expected: true };
  }
  if (error instanceof ProblemException) {
    const problem: Problem = { type: problemType('http'), title: '', status: error.status, code: error.problemCode, detail: '' };
    worded(problem, { code: error.problemCode, kind: 'http', message: error.message, hint: error.hint, context: error.context }, language);
    return { status: error.status as ContentfulStatusCode, problem, headers: languageHeaders(language), expected: true };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = HTTP_CODES[status] ?? `HTTP_${status}`;
    const problem: Problem = { type: problemType('http'), title: '', status, code, detail: '' };
    worded(problem, { code, kind: 'http', message: status === 413 ? 'the request body is larger than the server accepts' : error.message || 'the request could not be handled', context: { status } }, language);
    return { status, problem, headers: languageHeaders(language), expected: status < 500 };
  }
  const problem: Problem = { type: problemType('internal'), title: '', status: 500, code: 'INTERNAL', detail: '' };
  worded(problem, { code: 'INTERNAL', kind: 'internal', message: 'an unexpected error occurred; it was logged' }, language);
  return { status: 500, problem, headers: languageHeaders(language), expected: false };
}

/** The problem as a response: application/problem+json, never cached. */
export function problemResponse(answer: ProblemAnswer): Response {
  return new Response(JSON.stringify(answer.problem), {
    status: answer.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...answer.headers },
  });
}

/**
 * In the style of Hono's HTTPException: throw it from anywhere to answer with a problem.
 * Domain errors need no wrapping (they are mapped by kind); this is for answers that have
 * no domain error, such as an unknown route.
 */
export class ProblemException extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly problemCode: string,
    message: string,
    readonly hint?: string,
    /** Values the answer's wording needs (e.g. the methods allowed). */
    readonly context: Record<string, unknown> = {},
  ) {
    super(status, { message });
  }

  override getResponse(): Response {
    return problemResponse(problemOf(this));
  }
}
