/**
 * Every named lock a transaction can take, with its PostgreSQL advisory-lock namespace
 * (the key, when given, is hashed into the second half). One registry, so no two locks
 * share a number; add a line here to add a lock. SQLite needs none of them: BEGIN
 * IMMEDIATE serialises all writers to a file.
 */
export const LOCKS = {
  /** Schema creation and upgrade: servers starting together do it once, one schema at a time. */
  schema: 7300,
  /** A terminal's (or other chain's) event chain: its head is read and extended by one writer at a time. */
  chain: 7301,
  /** The voids, refunds and completions of one sale (they may come from other terminals). */
  saleDependents: 7302,
  /** Every journal write holds it shared; taken exclusively, it waits for writes in flight (the committed horizon of a backup). */
  journalWriters: 7303,
  /** The print jobs of one sale: two enqueues see each other's jobs. */
  saleJobs: 7304,
  /** The sign-in attempts on one throttle key. */
  loginAttempts: 7310,
  /** Changes to the set of users and admins: the first user, and keeping one enabled admin. */
  users: 7311,
  /** Rebuilding the indexes of months that are over: one process at a time (held for the session, not a transaction). */
  compaction: 7320,
} as const;

export type LockName = keyof typeof LOCKS;
