import { defineTable, type SchemaSpec } from '../../sql/index.js';

/** Users, sessions and sign-in attempts, once for every engine. Mutable tables, unlike the journal's. */

export const usersTable = defineTable({
  name: 'users',
  columns: {
    name: { type: 'text', primaryKey: true },
    role: { type: 'text' },
    operatorNo: { type: 'text', nullable: true, unique: true },
    terminal: { type: 'text', nullable: true },
    /** Head office: the stores the user may see, comma-separated; null for every store. */
    stores: { type: 'text', nullable: true },
    disabled: { type: 'boolean', default: false },
    passwordHash: { type: 'text' },
    createdAt: { type: 'bigint' },
    updatedAt: { type: 'bigint' },
  },
});

export const sessionsTable = defineTable({
  name: 'sessions',
  columns: {
    tokenHash: { type: 'text', primaryKey: true },
    userName: { type: 'text', references: 'users(name)' },
    stamp: { type: 'text' },
    createdAt: { type: 'bigint' },
    idleExpiresAt: { type: 'bigint' },
    absoluteExpiresAt: { type: 'bigint' },
  },
  indexes: [
    { name: 'sessions_user', columns: ['userName'] },
    { name: 'sessions_idle', columns: ['idleExpiresAt'] },
    { name: 'sessions_absolute', columns: ['absoluteExpiresAt'] },
  ],
});

/**
 * Failed (and in-flight) sign-in and approval attempts, one row per throttle key an attempt
 * counts against. Every value is a keyed hash, never a name or an address as typed:
 * `subject` is whose name was tried (a password reset lifts every lock on it), `source`
 * where the attempt came from (a client, or the user asking for an approval), so a name's
 * backstop can count distinct sources.
 */
export const loginFailuresTable = defineTable({
  name: 'login_failures',
  columns: {
    id: { type: 'bigint', primaryKey: true, generated: 'never-reused-key' },
    key: { type: 'text' },
    at: { type: 'bigint' },
    subject: { type: 'text', nullable: true },
    source: { type: 'text', nullable: true },
  },
  indexes: [
    { name: 'login_failures_key', columns: ['key', 'id'] },
    { name: 'login_failures_at', columns: ['at'] },
    { name: 'login_failures_subject', columns: ['subject'] },
  ],
});

export const USERS_SCHEMA: SchemaSpec = {
  name: 'users',
  // 2: login_failures.subject and .source (throttling per name and client, issue 9 item 10).
  // 3: users.stores (a user limited to some shops at head office, issue 13 item 5).
  version: '3',
  versionKey: 'usersSchemaVersion',
  tables: [usersTable, sessionsTable, loginFailuresTable],
};
