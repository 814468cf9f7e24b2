/** What the auth module reports to the `onAudit` hook, for the caller to journal. */
export const AuditEventTypes = [
  'user.added',
  'user.changed',
  'user.disabled',
  'user.enabled',
  'user.password-changed',
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'approval.granted',
  'approval.refused',
  'approval.throttled',
] as const;
export type AuditEventType = (typeof AuditEventTypes)[number];

/**
 * One auditable happening. `user` is whom it concerns (for a failed sign-in: the name as
 * typed, in lower case); `by` who did it when someone else did; `at` ISO 8601 UTC. `detail`
 * never holds a password, a hash or a session token.
 */
export interface AuditEvent {
  type: AuditEventType;
  user: string;
  by?: string;
  at: string;
  detail: Record<string, unknown>;
}

/**
 * Receives every audit event, after the change it reports is stored. It is awaited, and
 * if it throws the caller gets its error instead of the result: an approval or a session
 * that could not be journaled is not handed out (the stored change itself stays).
 */
export type AuditHook = (event: AuditEvent) => void | Promise<void>;
