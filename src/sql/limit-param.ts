/**
 * A bound row limit, for SQL written once for every engine. SQLite (3.53, built with STAT4 as
 * better-sqlite3 ships it) reads the value bound to a bare `LIMIT ?` while planning, so every
 * new binding expires the prepared statement and the next run prepares it again: a search
 * whose index seek takes 7 µs took 27–43 µs. Behind a cast the planner does not look at the
 * value, the statement stays prepared, and PostgreSQL reads it the same.
 */
export const LIMIT_PARAM = 'LIMIT CAST(? AS INTEGER)';
