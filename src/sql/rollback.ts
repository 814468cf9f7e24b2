/**
 * Keeps the error that made a transaction fail as the one reported when the rollback
 * fails too (e.g. SQLite already rolled back after a full disk: "cannot rollback - no
 * transaction is active"); the rollback's failure rides along for the logs.
 */
export function noteRollbackFailure(error: unknown, rollbackError: unknown): void {
  if (typeof error === 'object' && error !== null && !('rollbackError' in error)) {
    Object.defineProperty(error, 'rollbackError', { value: rollbackError, enumerable: false, configurable: true });
  }
}
