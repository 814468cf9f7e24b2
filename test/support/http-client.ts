import { expect } from 'vitest';
import { CSRF_HEADER, type createApp } from '../../src/server/index.js';

/** Who calls: a cookie session (with its CSRF token) or a bearer token. */
export interface Who {
  cookie?: string;
  csrf?: string;
  bearer?: string;
}

export interface Call {
  as?: Who;
  body?: unknown;
  /** The body exactly as sent (JSON a serialiser would never write: a repeated key, deep nesting). */
  raw?: string;
  headers?: Record<string, string>;
}

type App = ReturnType<typeof createApp>;

/** Requests against an in-process app, signed in as someone or not. */
export function httpClient(app: App) {
  const call = (method: string, path: string, options: Call = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...options.headers };
    const as = options.as;
    if (as?.bearer) headers.Authorization = `Bearer ${as.bearer}`;
    if (as?.cookie) headers.Cookie = as.cookie;
    if (as?.cookie && as.csrf && method !== 'GET') headers[CSRF_HEADER] = as.csrf;
    let body = options.raw;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    return Promise.resolve(app.request(`http://localhost${path}`, { method, headers, ...(body === undefined ? {} : { body }) }));
  };

  /** The problem of an error answer, checked to be application/problem+json with the status (and code). */
  const problem = async (response: Response, status: number, code?: string): Promise<{ text: string; body: Record<string, any> }> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    const body = JSON.parse(text) as Record<string, any>;
    if (code !== undefined) expect(body.code, text).toBe(code);
    return { text, body };
  };

  const bearer = async (username: string, password = `${username}-password`): Promise<Who> => {
    const response = await call('POST', '/api/v1/auth/login', { body: { username, password, bearer: true } });
    expect(response.status).toBe(200);
    return { bearer: ((await response.json()) as { token: string }).token };
  };

  return { call, problem, bearer };
}
