import { ConfigError } from '../../core/index.js';
import { migrate, toInt, type SqlDialect, type SqlExecutor, type SqlRow } from '../../sql/index.js';
import type { AttemptTags, InsertUserOutcome, LoginFailure, SessionRecord, UpdateUserOutcome, UserChange, UserPatch, UserRecord, UserStore } from '../store.js';
import { USERS_SCHEMA, loginFailuresTable, sessionsTable, usersTable } from './user-tables.js';

const USER_SELECT = `SELECT ${usersTable.select()} FROM users`;
const SESSION_SELECT = `SELECT ${sessionsTable.select()} FROM sessions`;
const FAILURE_SELECT = `SELECT ${loginFailuresTable.select()} FROM login_failures`;
const INSERT_USER = usersTable.insertOrIgnore(['name']);
const FIRST_USER = 'SELECT 1 AS present FROM users LIMIT 1';
const OTHER_ADMINS = "SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled AND name <> ?";

const userOf = (row: SqlRow) => usersTable.decode(row) as UserRecord;
const failureOf = (row: SqlRow): LoginFailure => loginFailuresTable.decode(row);
const byName = (a: UserRecord, b: UserRecord) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function updateUser(db: SqlExecutor, name: string, patch: UserPatch): Promise<boolean> {
  const changes = Object.entries(patch).filter(([, v]) => v !== undefined);
  const set = changes.map(([key]) => `${usersTable.column(key)} = ?`).join(', ');
  return (await db.run(`UPDATE users SET ${set} WHERE name = ?`, [...changes.map(([, v]) => v), name])) === 1;
}

/**
 * The UserStore on any SQL engine the dialect speaks. Changes to who is a user or an
 * enabled admin take the 'users' lock, so such decisions are made one at a time; sign-in
 * attempts on one key take turns under their own lock. The caller owns the dialect.
 */
export class SqlUserStore implements UserStore {
  private constructor(private readonly db: SqlDialect) {}

  /** Creates the tables if they are missing (USER_STORE_UNAVAILABLE when that fails). */
  static async open(db: SqlDialect): Promise<SqlUserStore> {
    try {
      await migrate(db, USERS_SCHEMA);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError('USER_STORE_UNAVAILABLE', `cannot open the users tables in ${db.label}: ${reason}`, { hint: db.accessHint, cause: error, context: { rule: db.name, reason } });
    }
    return new SqlUserStore(db);
  }

  private operatorNoClash(error: unknown): boolean {
    return this.db.violatesUnique(error, usersTable.name, usersTable.column('operatorNo'));
  }

  async insertUser(user: UserRecord): Promise<InsertUserOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        await tx.lock('users');
        return (await tx.run(INSERT_USER, usersTable.values(user))) === 1 ? 'created' : 'name-taken';
      });
    } catch (error) {
      if (this.operatorNoClash(error)) return 'operator-no-taken';
      throw error;
    }
  }

  insertFirstUser(user: UserRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // Two first admins cannot both see an empty table.
      await tx.lock('users');
      if (await tx.get(FIRST_USER)) return false;
      return (await tx.run(INSERT_USER, usersTable.values(user))) === 1;
    });
  }

  async getUser(name: string): Promise<UserRecord | undefined> {
    const row = await this.db.get(`${USER_SELECT} WHERE name = ?`, [name]);
    return row ? userOf(row) : undefined;
  }

  async userByOperatorNo(operatorNo: string): Promise<UserRecord | undefined> {
    const row = await this.db.get(`${USER_SELECT} WHERE operator_no = ?`, [operatorNo]);
    return row ? userOf(row) : undefined;
  }

  /** The users a database holds, read without creating or changing anything (a backup file): none when it has no users table. */
  static async usersIn(db: SqlDialect): Promise<UserRecord[]> {
    if (!(await db.get(db.ddl.tableExists, [usersTable.name]))) return [];
    return new SqlUserStore(db).listUsers();
  }

  async listUsers(): Promise<UserRecord[]> {
    // Sorted here, by code unit: the same order whatever collation the database uses.
    return (await this.db.all(USER_SELECT)).map(userOf).sort(byName);
  }

  /** Tells every process on this database that sessions or users changed, once the change committed (see UserStore.watchChanges). */
  private async changed<T>(result: T, any: boolean): Promise<T> {
    if (any) await this.db.signal('auth');
    return result;
  }

  watchChanges(onChange: () => void): () => void {
    return this.db.watch('auth', onChange);
  }

  async updateUser(name: string, patch: UserPatch): Promise<UpdateUserOutcome> {
    try {
      const updated = await updateUser(this.db, name, patch);
      return await this.changed(updated ? 'updated' : 'not-found', updated);
    } catch (error) {
      if (this.operatorNoClash(error)) return 'operator-no-taken';
      throw error;
    }
  }

  async changeUser(name: string, decide: (user: UserRecord, otherEnabledAdmins: number) => UserPatch): Promise<UserChange> {
    try {
      const change = await this.db.transaction(async (tx): Promise<UserChange> => {
        await tx.lock('users');
        const row = await tx.get(`${USER_SELECT} WHERE name = ?`, [name]);
        if (!row) return { outcome: 'not-found' };
        const before = userOf(row);
        const patch = decide(before, toInt((await tx.get(OTHER_ADMINS, [name]))?.n ?? 0));
        await updateUser(tx, name, patch);
        return { outcome: 'updated', before };
      });
      return await this.changed(change, change.outcome === 'updated');
    } catch (error) {
      if (this.operatorNoClash(error)) return { outcome: 'operator-no-taken' };
      throw error;
    }
  }

  async hasUsers(): Promise<boolean> {
    return (await this.db.get(FIRST_USER)) !== undefined;
  }

  async insertSession(session: SessionRecord): Promise<void> {
    await this.db.run(sessionsTable.insert(), sessionsTable.values(session));
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = await this.db.get(`${SESSION_SELECT} WHERE token_hash = ?`, [tokenHash]);
    return row ? sessionsTable.decode(row) : undefined;
  }

  async touchSession(tokenHash: string, idleExpiresAt: number): Promise<boolean> {
    return (await this.db.run('UPDATE sessions SET idle_expires_at = ? WHERE token_hash = ?', [idleExpiresAt, tokenHash])) === 1;
  }

  async deleteSession(tokenHash: string): Promise<boolean> {
    const ended = (await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash])) === 1;
    return this.changed(ended, ended);
  }

  async deleteSessionsOf(userName: string): Promise<number> {
    const ended = await this.db.run('DELETE FROM sessions WHERE user_name = ?', [userName]);
    return this.changed(ended, ended > 0);
  }

  deleteExpiredSessions(now: number): Promise<number> {
    return this.db.run('DELETE FROM sessions WHERE idle_expires_at <= ? OR absolute_expires_at <= ?', [now, now]);
  }

  recordAttempt(key: string, at: number, since: number, tags: AttemptTags = {}): Promise<{ id: number; earlier: LoginFailure[] }> {
    return this.db.transaction(async (tx) => {
      // One key's attempts take turns: an attempt's id is drawn, and the earlier ones read,
      // only after the previous attempt committed, so none is missed while in flight.
      await tx.lock('loginAttempts', key);
      const id = await tx.insert(loginFailuresTable.insert(), [key, at, tags.subject ?? null, tags.source ?? null]);
      const earlier = (await tx.all(`${FAILURE_SELECT} WHERE key = ? AND at >= ? AND id < ? ORDER BY id`, [key, since, id])).map(failureOf);
      return { id, earlier };
    });
  }

  async failuresOf(key: string, since: number): Promise<LoginFailure[]> {
    return (await this.db.all(`${FAILURE_SELECT} WHERE key = ? AND at >= ? ORDER BY id`, [key, since])).map(failureOf);
  }

  async removeFailure(id: number): Promise<void> {
    await this.db.run('DELETE FROM login_failures WHERE id = ?', [id]);
  }

  clearFailures(key: string): Promise<number> {
    return this.db.run('DELETE FROM login_failures WHERE key = ?', [key]);
  }

  clearSubject(subject: string): Promise<number> {
    return this.db.run('DELETE FROM login_failures WHERE subject = ?', [subject]);
  }

  pruneFailures(before: number): Promise<number> {
    return this.db.run('DELETE FROM login_failures WHERE at < ?', [before]);
  }
}
