import { expect } from 'vitest';

/** The problem of an error answer, checked to be application/problem+json with this status and code. */
export async function problemOf(response: Response, status: number, code: string): Promise<Record<string, any>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  const body = JSON.parse(text) as Record<string, any>;
  expect(body.code).toBe(code);
  return body;
}
