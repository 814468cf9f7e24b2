import { defineTable, type SchemaSpec } from '../../sql/index.js';

/** Users, sessions and sign-in attempts, once for every engine. Mutable tables, unlike the journal's. */

export const usersTable = defineTable({
  name: 'users',
  columns: {
    name: { type: 'text', primaryKey: true },
    role: { type: 'text' },
    operatorNo: { type: 'text', nullable: true, unique: true },
    terminal: { type: 'text', nullable: true },
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

export const loginFailuresTable = defineTable({
  name: 'login_failures',
  columns: {
    id: { type: 'bigint', primaryKey: true, generated: 'never-reused-key' },
    key: { type: 'text' },
    at: { type: 'bigint' },
  },
  indexes: [
    { name: 'login_failures_key', columns: ['key', 'id'] },
    { name: 'login_failures_at', columns: ['at'] },
  ],
});

export const USERS_SCHEMA: SchemaSpec = {
  name: 'users',
  version: '1',
  versionKey: 'usersSchemaVersion',
  tables: [usersTable, sessionsTable, loginFailuresTable],
};
