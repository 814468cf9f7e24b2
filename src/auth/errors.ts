import { ReissueError, type ErrorDetails, type ErrorKind } from '../core/index.js';

/**
 * Why an auth refusal happened: unauthenticated → HTTP 401, forbidden → 403, throttled →
 * 429 (with Retry-After from `retryAfterMs`); the core kinds unauthorized / forbidden /
 * throttled carry the same mapping to the edges.
 */
export const AuthDenials = ['unauthenticated', 'forbidden', 'throttled'] as const;
export type AuthDenial = (typeof AuthDenials)[number];

/** Any refusal by the auth module; `denial` says which sort, `code` exactly what. */
export class AuthError extends ReissueError {
  readonly denial: AuthDenial;

  constructor(denial: AuthDenial, kind: ErrorKind, code: string, message: string, details?: ErrorDetails) {
    super(kind, code, message, details);
    this.denial = denial;
  }
}

/**
 * Not signed in: BAD_CREDENTIALS (wrong name or wrong password — deliberately the same),
 * USER_DISABLED, SESSION_INVALID, SESSION_EXPIRED.
 */
export class AuthenticationError extends AuthError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('unauthenticated', 'unauthorized', code, message, details);
  }
}

/** Signed in (or credentials right) but not allowed: PERMISSION_DENIED, SELF_APPROVAL, APPROVER_DISABLED, APPROVER_NOT_PERMITTED. */
export class PermissionError extends AuthError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('forbidden', 'forbidden', code, message, details);
  }
}

/** Too many failed sign-ins: LOGIN_THROTTLED, with `retryAfterMs` (also in context). */
export class ThrottledError extends AuthError {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message: string, details: ErrorDetails = {}, code = 'LOGIN_THROTTLED') {
    super('throttled', 'throttled', code, message, { ...details, context: { ...details.context, retryAfterMs } });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Too many wrong approver passwords from one user for one approver: APPROVAL_THROTTLED. Only
 * that user's requests to that approver wait; the approver's own sign-in is not touched.
 */
export class ApprovalThrottledError extends ThrottledError {
  constructor(retryAfterMs: number, message: string, details: ErrorDetails = {}) {
    super(retryAfterMs, message, details, 'APPROVAL_THROTTLED');
  }
}
