/**
 * Domain errors carry a stable string code, a one-line message, a hint that tells the
 * user how to fix it, and context for logs. Exit codes and HTTP statuses are mapped once,
 * at the edges (cli, server), from the error's `kind`.
 */
export const ErrorKinds = ['input', 'unauthorized', 'forbidden', 'throttled', 'not-found', 'conflict', 'integrity', 'config', 'unavailable', 'internal'] as const;
export type ErrorKind = (typeof ErrorKinds)[number];

export interface ErrorDetails {
  hint?: string;
  context?: Record<string, unknown>;
  cause?: unknown;
}

export class ReissueError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly context: Record<string, unknown>;

  constructor(kind: ErrorKind, code: string, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.hint = details.hint;
    this.context = details.context ?? {};
  }
}

/** Bad input from the user: fix the input and try again. */
export class InputError extends ReissueError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('input', code, message, details);
  }
}

export class NotFoundError extends ReissueError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('not-found', code, message, details);
  }
}

/** The request is well formed but clashes with what is already on record. */
export class ConflictError extends ReissueError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('conflict', code, message, details);
  }
}

/** The record itself is damaged or was tampered with. */
export class IntegrityError extends ReissueError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('integrity', code, message, details);
  }
}

/** The installation is set up in a way Reissue refuses to run with. */
export class ConfigError extends ReissueError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super('config', code, message, details);
  }
}

/** One problem in a piece of input, with the path of the field it concerns. */
export interface FieldIssue {
  path: string;
  /** In English, for logs and the terminal. */
  message: string;
  /** What is wrong, for the edges to say in the reader's language (REQUIRED, FORMAT, an error code …). */
  code?: string;
  /** The values that code's wording needs. */
  params?: Record<string, unknown>;
}

/** Input that failed validation; `issues` names every field that is wrong. */
export class ValidationError extends InputError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], details: ErrorDetails = {}) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    const where = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid input';
    super('INVALID_TRANSACTION', `invalid transaction: ${where}${more}`, {
      hint: details.hint ?? 'fix the named field(s) and send the transaction again; see README "Transaction input"',
      context: { ...details.context, issues },
      cause: details.cause,
    });
    this.issues = issues;
  }
}
