/**
 * The pages' only way to the server: its HTTP API under /api/v1. Sends the session cookie
 * (same origin), the page's language (the server answers problems in it), the CSRF token on
 * every write, and turns problem+json answers into ApiError.
 */
import type { Problem, SessionView } from '../server/index.js';
import { setStoreZone } from './format.js';
import { lang, t } from './i18n.js';

/**
 * What a page knows of a refusal: the server's problem, or one the page made (no network, or
 * an answer that is not the server's own: `notFromServer`, a proxy's 502/504 page above all).
 */
export type PageProblem = Pick<Problem, 'status' | 'code' | 'detail'> & Partial<Omit<Problem, 'status' | 'code' | 'detail'>> & { notFromServer?: boolean };

export class ApiError extends Error {
  constructor(readonly problem: PageProblem) {
    super(problem.detail);
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

export type Session = SessionView;

const CSRF_COOKIE = 'reissue_csrf';
let csrfToken: string | undefined;

function csrfFromCookie(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function rememberCsrf(token: string | undefined): void {
  if (token) csrfToken = token;
}

export type Query = Record<string, string | number | undefined>;

/** An API path with its query; empty values are left out. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return `/api/v1${path}${text ? `?${text}` : ''}`;
}

/** The page's language as the server reads it. */
export function acceptLanguage(): string {
  return lang() === 'zh' ? 'zh-CN' : 'en';
}

async function problemOf(response: Response): Promise<PageProblem> {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (body.code !== undefined) return { ...body, status: response.status, code: body.code, detail: body.detail ?? response.statusText };
    } catch {
      // fall through
    }
  }
  return answerNotFromServer(response.status);
}

/**
 * An answer with no problem of the server's (a proxy's 502 or 504 page, a gateway's JSON): its
 * English status text is no use to the reader, so the page says it by the status's class.
 */
function answerNotFromServer(status: number): PageProblem {
  const code = `HTTP_${status}`;
  if (status === 502 || status === 503 || status === 504) {
    return { status, code, notFromServer: true, title: t('common.gatewayTitle'), detail: t('common.gateway', { status }), hint: t('common.gatewayHint') };
  }
  if (status >= 500) return { status, code, notFromServer: true, detail: t('common.serverFault', { status }), hint: t('common.serverFaultHint') };
  return { status, code, notFromServer: true, detail: t('common.httpRefused', { status }), hint: t('common.httpRefusedHint') };
}

/** Whether a request failed with a proxy's timeout or bad-gateway page: the server may have done what was asked. */
export function gatewayLost(error: unknown): error is ApiError {
  return error instanceof ApiError && error.problem.notFromServer === true && (error.status === 502 || error.status === 504);
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: Query;
  body?: unknown;
  /** Do not send the user to the sign-in page on 401 (the sign-in page itself). */
  noRedirect?: boolean;
  headers?: Record<string, string>;
}

/** Calls the API and returns its JSON (undefined for 204); throws ApiError with the problem. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage(), ...options.headers };
  if (method !== 'GET') {
    // The cookie's first: it is the session this browser holds now (another tab may have signed in since this page kept its token).
    const token = csrfFromCookie() ?? csrfToken;
    if (token) headers['X-CSRF-Token'] = token;
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', detail: t('common.networkDown'), hint: t('common.networkHint') });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !options.noRedirect) toSignIn();
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A text or binary answer of the API (a receipt as text), '' when it fails. */
export async function apiText(path: string, query: Query = {}): Promise<string> {
  try {
    const response = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { 'Accept-Language': acceptLanguage() } });
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}

/** The signed-in user (and the CSRF token); redirects to the sign-in page when there is none. */
export async function me(options: { noRedirect?: boolean } = {}): Promise<Session> {
  const session = await api<Session>('/auth/me', { noRedirect: options.noRedirect === true });
  rememberCsrf(session.csrfToken);
  setStoreZone(session.store.timeZone);
  return session;
}

export async function login(username: string, password: string): Promise<Session> {
  const session = await api<Session>('/auth/login', { method: 'POST', body: { username, password }, noRedirect: true });
  rememberCsrf(session.csrfToken);
  setStoreZone(session.store.timeZone);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await api<void>('/auth/logout', { method: 'POST', noRedirect: true });
  } finally {
    csrfToken = undefined;
  }
}

/** To the sign-in page, coming back here afterwards. */
export function toSignIn(): void {
  if (location.pathname === '/login.html') return;
  const here = `${location.pathname}${location.search}`;
  location.assign(`/login.html?next=${encodeURIComponent(here)}`);
}
