import { ReissueError, type ErrorDetails, type ErrorKind } from '../core/index.js';

/** A rule refused the request: 403 over HTTP; every refusal is journaled by the caller. */
export class ForbiddenError extends ReissueError {
  constructor(code: string, message: string, details: ErrorDetails & { kind?: ErrorKind } = {}) {
    super(details.kind ?? 'forbidden', code, message, details);
  }
}
