import { ReissueError, type ErrorKind } from '../core/index.js';

/** Exit codes of `reissue`, documented in the README. */
export const ExitCodes = {
  ok: 0,
  failure: 1,
  badInput: 2,
  notFound: 3,
  conflict: 4,
  config: 5,
  unavailable: 6,
  refused: 7,
} as const;

const BY_KIND: Record<ErrorKind, number> = {
  input: ExitCodes.badInput,
  unauthorized: ExitCodes.refused,
  forbidden: ExitCodes.refused,
  throttled: ExitCodes.refused,
  'not-found': ExitCodes.notFound,
  conflict: ExitCodes.conflict,
  integrity: ExitCodes.failure,
  config: ExitCodes.config,
  unavailable: ExitCodes.unavailable,
  internal: ExitCodes.failure,
};

export function exitCodeFor(error: unknown): number {
  return error instanceof ReissueError ? BY_KIND[error.kind] : ExitCodes.failure;
}
