import { ConfigError } from '../../core/index.js';
import type { Role } from '../roles.js';
import type { InsertUserOutcome, LoginFailure, SessionRecord, UpdateUserOutcome, UserPatch, UserRecord, UserStore } from '../store.js';
import type { PgUserClient, PgUserPool } from './pg-pool.js';

/** Users, sessions and failed sign-ins: the SQLite user schema in PostgreSQL types. */
export const POSTGRES_USER_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  name          TEXT    PRIMARY KEY,
  role          TEXT    NOT NULL,
  operator_no   TEXT    CONSTRAINT users_operator_no_unique UNIQUE,
  terminal      TEXT,
  disabled      BOOLEAN NOT NULL DEFAULT false,
  password_hash TEXT    NOT NULL,
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash          TEXT   PRIMARY KEY,
  user_name           TEXT   NOT NULL REFERENCES users(name),
  stamp               TEXT   NOT NULL,
  created_at          BIGINT NOT NULL,
  idle_expires_at     BIGINT NOT NULL,
  absolute_expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_name);
CREATE INDEX IF NOT EXISTS sessions_idle ON sessions (idle_expires_at);
CREATE INDEX IF NOT EXISTS sessions_absolute ON sessions (absolute_expires_at);
CREATE TABLE IF NOT EXISTS login_failures (
  id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key TEXT   NOT NULL,
  at  BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, id);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures (at);
`;

/** Advisory lock held while the schema is created, so servers starting together do not race. */
const SCHEMA_LOCK = 7_301_844_301;
const UNIQUE_VIOLATION = '23505';
/** With hashtext(key): serialises the attempts on one throttle key (the journal uses 7301–7304). */
const ATTEMPT_LOCK = 7310;

const USER_COLUMNS = 'name, role, operator_no AS "operatorNo", terminal, disabled, password_hash AS "passwordHash", created_at AS "createdAt", updated_at AS "updatedAt"';
const SESSION_COLUMNS =
  'token_hash AS "tokenHash", user_name AS "userName", stamp, created_at AS "createdAt", idle_expires_at AS "idleExpiresAt", absolute_expires_at AS "absoluteExpiresAt"';
const INSERT_COLUMNS = 'name, role, operator_no, terminal, disabled, password_hash, created_at, updated_at';
const PATCH_COLUMNS = { role: 'role', operatorNo: 'operator_no', terminal: 'terminal', disabled: 'disabled', passwordHash: 'password_hash', updatedAt: 'updated_at' } as const;

type Row = Record<string, unknown>;

// BIGINT arrives from pg as a string; converted per row so no global pg type parser changes.
function userOf(row: Row): UserRecord {
  return {
    name: row.name as string,
    role: row.role as Role,
    operatorNo: (row.operatorNo as string | null) ?? null,
    terminal: (row.terminal as string | null) ?? null,
    disabled: row.disabled === true,
    passwordHash: row.passwordHash as string,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

function sessionOf(row: Row): SessionRecord {
  return {
    tokenHash: row.tokenHash as string,
    userName: row.userName as string,
    stamp: row.stamp as string,
    createdAt: Number(row.createdAt),
    idleExpiresAt: Number(row.idleExpiresAt),
    absoluteExpiresAt: Number(row.absoluteExpiresAt),
  };
}

const failureOf = (row: Row): LoginFailure => ({ id: Number(row.id), key: row.key as string, at: Number(row.at) });

const isOperatorNoClash = (error: unknown) => {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === UNIQUE_VIOLATION && e.constraint === 'users_operator_no_unique';
};

const values = (user: UserRecord) => [user.name, user.role, user.operatorNo, user.terminal, user.disabled, user.passwordHash, user.createdAt, user.updatedAt];

/**
 * The UserStore on PostgreSQL, shared by stateless API servers. It takes a pool (pg.Pool);
 * the caller owns it and ends it. `open` creates the tables if they are missing.
 */
export class PostgresUserStore implements UserStore {
  private constructor(private readonly pool: PgUserPool) {}

  static async open(pool: PgUserPool): Promise<PostgresUserStore> {
    let client: PgUserClient | undefined;
    try {
      client = await pool.connect();
      await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
      try {
        await client.query(POSTGRES_USER_SCHEMA);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError('USER_STORE_UNAVAILABLE', `cannot open the users tables on PostgreSQL: ${reason}`, {
        hint: 'check that the server is running and reachable, and that the database user may create tables there',
        cause: error,
        context: { rule: 'postgres', reason },
      });
    } finally {
      client?.release();
    }
    return new PostgresUserStore(pool);
  }

  async insertUser(user: UserRecord): Promise<InsertUserOutcome> {
    try {
      const { rows } = await this.pool.query(`INSERT INTO users (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING RETURNING name`, values(user));
      return rows.length === 1 ? 'created' : 'name-taken';
    } catch (error) {
      if (isOperatorNoClash(error)) return 'operator-no-taken';
      throw error;
    }
  }

  async insertFirstUser(user: UserRecord): Promise<boolean> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Conflicts with itself and with every other insert: two first admins cannot both see an empty table.
      await client.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await client.query(
        `INSERT INTO users (${INSERT_COLUMNS}) SELECT $1, $2, $3, $4, $5::boolean, $6, $7::bigint, $8::bigint WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING name`,
        values(user),
      );
      await client.query('COMMIT');
      return rows.length === 1;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async getUser(name: string): Promise<UserRecord | undefined> {
    const { rows } = await this.pool.query(`SELECT ${USER_COLUMNS} FROM users WHERE name = $1`, [name]);
    return rows[0] ? userOf(rows[0]) : undefined;
  }

  async userByOperatorNo(operatorNo: string): Promise<UserRecord | undefined> {
    const { rows } = await this.pool.query(`SELECT ${USER_COLUMNS} FROM users WHERE operator_no = $1`, [operatorNo]);
    return rows[0] ? userOf(rows[0]) : undefined;
  }

  async listUsers(): Promise<UserRecord[]> {
    // COLLATE "C": the same byte order as SQLite, whatever the database's locale.
    return (await this.pool.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY name COLLATE "C"`)).rows.map(userOf);
  }

  async updateUser(name: string, patch: UserPatch): Promise<UpdateUserOutcome> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof UserPatch, unknown][];
    const set = entries.map(([key], i) => `${PATCH_COLUMNS[key]} = $${i + 1}`).join(', ');
    try {
      const { rowCount } = await this.pool.query(`UPDATE users SET ${set} WHERE name = $${entries.length + 1}`, [...entries.map(([, v]) => v), name]);
      return rowCount === 1 ? 'updated' : 'not-found';
    } catch (error) {
      if (isOperatorNoClash(error)) return 'operator-no-taken';
      throw error;
    }
  }

  async hasUsers(): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT EXISTS (SELECT 1 FROM users) AS present');
    return rows[0]?.present === true;
  }

  async insertSession(session: SessionRecord): Promise<void> {
    await this.pool.query('INSERT INTO sessions (token_hash, user_name, stamp, created_at, idle_expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      session.tokenHash, session.userName, session.stamp, session.createdAt, session.idleExpiresAt, session.absoluteExpiresAt,
    ]);
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.pool.query(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ? sessionOf(rows[0]) : undefined;
  }

  async touchSession(tokenHash: string, idleExpiresAt: number): Promise<boolean> {
    return (await this.pool.query('UPDATE sessions SET idle_expires_at = $1 WHERE token_hash = $2', [idleExpiresAt, tokenHash])).rowCount === 1;
  }

  async deleteSession(tokenHash: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])).rowCount === 1;
  }

  async deleteSessionsOf(userName: string): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE user_name = $1', [userName])).rowCount ?? 0;
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1', [now])).rowCount ?? 0;
  }

  async recordAttempt(key: string, at: number, since: number): Promise<{ id: number; earlier: LoginFailure[] }> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // One key's attempts take turns: an attempt's id is drawn, and the earlier ones read,
      // only after the previous attempt committed, so none is missed while in flight.
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ATTEMPT_LOCK, key]);
      const inserted = await client.query('INSERT INTO login_failures (key, at) VALUES ($1, $2) RETURNING id', [key, at]);
      const id = Number(inserted.rows[0]?.id);
      const { rows } = await client.query('SELECT id, key, at FROM login_failures WHERE key = $1 AND at >= $2 AND id < $3 ORDER BY id', [key, since, id]);
      await client.query('COMMIT');
      return { id, earlier: rows.map(failureOf) };
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async failuresOf(key: string, since: number): Promise<LoginFailure[]> {
    const { rows } = await this.pool.query('SELECT id, key, at FROM login_failures WHERE key = $1 AND at >= $2 ORDER BY id', [key, since]);
    return rows.map(failureOf);
  }

  async removeFailure(id: number): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE id = $1', [id]);
  }

  async clearFailures(key: string): Promise<number> {
    return (await this.pool.query('DELETE FROM login_failures WHERE key = $1', [key])).rowCount ?? 0;
  }

  async pruneFailures(before: number): Promise<number> {
    return (await this.pool.query('DELETE FROM login_failures WHERE at < $1', [before])).rowCount ?? 0;
  }
}
