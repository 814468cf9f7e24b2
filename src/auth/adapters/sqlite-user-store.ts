import { ConfigError } from '../../core/index.js';
import type { InsertUserOutcome, LoginFailure, SessionRecord, UpdateUserOutcome, UserPatch, UserRecord, UserStore } from '../store.js';
import type { Role } from '../roles.js';
import type { SqliteUserHandle, SqliteUserStatement } from './sqlite-handle.js';

/** Users, sessions and failed sign-ins. Mutable tables, unlike the journal's. */
export const SQLITE_USER_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  name          TEXT    PRIMARY KEY,
  role          TEXT    NOT NULL,
  operator_no   TEXT    UNIQUE,
  terminal      TEXT,
  disabled      INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sessions (
  token_hash          TEXT    PRIMARY KEY,
  user_name           TEXT    NOT NULL REFERENCES users(name),
  stamp               TEXT    NOT NULL,
  created_at          INTEGER NOT NULL,
  idle_expires_at     INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_name);
CREATE INDEX IF NOT EXISTS sessions_idle ON sessions (idle_expires_at);
CREATE INDEX IF NOT EXISTS sessions_absolute ON sessions (absolute_expires_at);
CREATE TABLE IF NOT EXISTS login_failures (
  id  INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT    NOT NULL,
  at  INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, id);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures (at);
`;

const USER_COLUMNS = 'name, role, operator_no AS operatorNo, terminal, disabled, password_hash AS passwordHash, created_at AS createdAt, updated_at AS updatedAt';
const SESSION_COLUMNS = 'token_hash AS tokenHash, user_name AS userName, stamp, created_at AS createdAt, idle_expires_at AS idleExpiresAt, absolute_expires_at AS absoluteExpiresAt';
const PATCH_COLUMNS = { role: 'role', operatorNo: 'operator_no', terminal: 'terminal', disabled: 'disabled', passwordHash: 'password_hash', updatedAt: 'updated_at' } as const;

type Row = Record<string, unknown>;

function userOf(row: Row): UserRecord {
  return {
    name: row.name as string,
    role: row.role as Role,
    operatorNo: (row.operatorNo as string | null) ?? null,
    terminal: (row.terminal as string | null) ?? null,
    disabled: row.disabled === 1,
    passwordHash: row.passwordHash as string,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

const isOperatorNoClash = (error: unknown) => error instanceof Error && /UNIQUE constraint failed: users\.operator_no/.test(error.message);
const sqlValue = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/**
 * The UserStore on SQLite. It takes an open handle (better-sqlite3) and creates its tables if
 * they are missing. Each method is one statement and no explicit transaction is opened, so
 * the handle may be shared with the journal; a separate handle on the same file keeps sign-in
 * writes out of a journal transaction that might roll back, and is the better choice.
 */
export class SqliteUserStore implements UserStore {
  readonly db: SqliteUserHandle;
  private readonly statements = new Map<string, SqliteUserStatement>();

  constructor(db: SqliteUserHandle) {
    this.db = db;
    try {
      this.db.exec(SQLITE_USER_SCHEMA);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError('USER_STORE_UNAVAILABLE', `cannot create the users tables in SQLite: ${reason}`, {
        hint: 'open the database file read-write, on a disk with free space, as a user allowed to write it',
        cause: error,
        context: { rule: 'sqlite', reason },
      });
    }
  }

  private stmt(sql: string): SqliteUserStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private static values(user: UserRecord): unknown[] {
    return [user.name, user.role, user.operatorNo, user.terminal, user.disabled ? 1 : 0, user.passwordHash, user.createdAt, user.updatedAt];
  }

  async insertUser(user: UserRecord): Promise<InsertUserOutcome> {
    try {
      const { changes } = this.stmt(
        'INSERT INTO users (name, role, operator_no, terminal, disabled, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
      ).run(...SqliteUserStore.values(user));
      return changes === 1 ? 'created' : 'name-taken';
    } catch (error) {
      if (isOperatorNoClash(error)) return 'operator-no-taken';
      throw error;
    }
  }

  async insertFirstUser(user: UserRecord): Promise<boolean> {
    const { changes } = this.stmt(
      `INSERT INTO users (name, role, operator_no, terminal, disabled, password_hash, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM users)`,
    ).run(...SqliteUserStore.values(user));
    return changes === 1;
  }

  async getUser(name: string): Promise<UserRecord | undefined> {
    const row = this.stmt(`SELECT ${USER_COLUMNS} FROM users WHERE name = ?`).get(name) as Row | undefined;
    return row ? userOf(row) : undefined;
  }

  async userByOperatorNo(operatorNo: string): Promise<UserRecord | undefined> {
    const row = this.stmt(`SELECT ${USER_COLUMNS} FROM users WHERE operator_no = ?`).get(operatorNo) as Row | undefined;
    return row ? userOf(row) : undefined;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.stmt(`SELECT ${USER_COLUMNS} FROM users ORDER BY name`).all() as Row[]).map(userOf);
  }

  async updateUser(name: string, patch: UserPatch): Promise<UpdateUserOutcome> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof UserPatch, unknown][];
    const set = entries.map(([key]) => `${PATCH_COLUMNS[key]} = ?`).join(', ');
    try {
      const { changes } = this.db.prepare(`UPDATE users SET ${set} WHERE name = ?`).run(...entries.map(([, v]) => sqlValue(v)), name);
      return changes === 1 ? 'updated' : 'not-found';
    } catch (error) {
      if (isOperatorNoClash(error)) return 'operator-no-taken';
      throw error;
    }
  }

  async hasUsers(): Promise<boolean> {
    return (this.stmt('SELECT EXISTS (SELECT 1 FROM users) AS present').get() as Row).present === 1;
  }

  async insertSession(session: SessionRecord): Promise<void> {
    this.stmt('INSERT INTO sessions (token_hash, user_name, stamp, created_at, idle_expires_at, absolute_expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      session.tokenHash, session.userName, session.stamp, session.createdAt, session.idleExpiresAt, session.absoluteExpiresAt,
    );
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = this.stmt(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`).get(tokenHash) as SessionRecord | undefined;
    return row ? { ...row } : undefined;
  }

  async touchSession(tokenHash: string, idleExpiresAt: number): Promise<boolean> {
    return this.stmt('UPDATE sessions SET idle_expires_at = ? WHERE token_hash = ?').run(idleExpiresAt, tokenHash).changes === 1;
  }

  async deleteSession(tokenHash: string): Promise<boolean> {
    return this.stmt('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash).changes === 1;
  }

  async deleteSessionsOf(userName: string): Promise<number> {
    return this.stmt('DELETE FROM sessions WHERE user_name = ?').run(userName).changes;
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.stmt('DELETE FROM sessions WHERE idle_expires_at <= ? OR absolute_expires_at <= ?').run(now, now).changes;
  }

  async recordAttempt(key: string, at: number, since: number): Promise<{ id: number; earlier: LoginFailure[] }> {
    // Two statements with no await between them: nothing of this process runs in between, and
    // another process's insert lands wholly before or after the read (SQLite has one writer).
    const id = Number(this.stmt('INSERT INTO login_failures (key, at) VALUES (?, ?)').run(key, at).lastInsertRowid);
    const earlier = this.stmt('SELECT id, key, at FROM login_failures WHERE key = ? AND at >= ? AND id < ? ORDER BY id').all(key, since, id) as LoginFailure[];
    return { id, earlier };
  }

  async failuresOf(key: string, since: number): Promise<LoginFailure[]> {
    return this.stmt('SELECT id, key, at FROM login_failures WHERE key = ? AND at >= ? ORDER BY id').all(key, since) as LoginFailure[];
  }

  async removeFailure(id: number): Promise<void> {
    this.stmt('DELETE FROM login_failures WHERE id = ?').run(id);
  }

  async clearFailures(key: string): Promise<number> {
    return this.stmt('DELETE FROM login_failures WHERE key = ?').run(key).changes;
  }

  async pruneFailures(before: number): Promise<number> {
    return this.stmt('DELETE FROM login_failures WHERE at < ?').run(before).changes;
  }
}
