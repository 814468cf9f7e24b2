/**
 * Schema of the PostgreSQL journal: the SQLite schema's tables and indexes, with event_id
 * closing every (x, occurred_at) index because PostgreSQL has no implicit rowid, so searches
 * ordered by occurred_at DESC, event_id DESC read the index in order.
 */

const GUARDED = ['events', 'transactions'] as const;
/** Includes REQUIRED_GUARDS; TRUNCATE bypasses row and DELETE triggers, so it gets its own. */
export const POSTGRES_GUARDS = GUARDED.flatMap((table) => (['update', 'delete', 'truncate'] as const).map((op) => ({ table, op, name: `${table}_no_${op}` })));

/** Bumped whenever a table or index is added; an older journal gets them on its next connect. */
export const POSTGRES_SCHEMA_VERSION = '2';

/** Tables and indexes; safe to run again on an existing journal. */
export const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  terminal_id TEXT COLLATE "C" NOT NULL,
  seq         BIGINT NOT NULL,
  type        TEXT   NOT NULL,
  recorded_at TEXT   NOT NULL,
  payload     TEXT   NOT NULL,
  prev_hash   TEXT   NOT NULL,
  hash        TEXT   NOT NULL,
  UNIQUE (terminal_id, seq)
);
CREATE TABLE IF NOT EXISTS transactions (
  event_id     BIGINT PRIMARY KEY REFERENCES events(id),
  id           TEXT   NOT NULL UNIQUE,
  terminal_id  TEXT   NOT NULL,
  batch_no     TEXT   NOT NULL,
  voucher_no   TEXT   NOT NULL,
  reference_no TEXT,
  card_last4   TEXT,
  operator_id  TEXT   NOT NULL,
  kind         TEXT   NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency     TEXT   NOT NULL,
  occurred_at  BIGINT NOT NULL,
  merchant_id  TEXT   NOT NULL,
  original_id  TEXT,
  content_hash TEXT   NOT NULL
);
CREATE INDEX IF NOT EXISTS tx_occurred ON transactions (occurred_at, event_id);
CREATE INDEX IF NOT EXISTS tx_amount   ON transactions (amount_minor, occurred_at, event_id);
CREATE INDEX IF NOT EXISTS tx_voucher  ON transactions (voucher_no, occurred_at, event_id);
CREATE INDEX IF NOT EXISTS tx_ref      ON transactions (reference_no) WHERE reference_no IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_last4    ON transactions (card_last4, occurred_at, event_id) WHERE card_last4 IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_operator ON transactions (operator_id, occurred_at, event_id);
CREATE INDEX IF NOT EXISTS tx_terminal ON transactions (terminal_id, occurred_at, event_id);
CREATE INDEX IF NOT EXISTS tx_original ON transactions (original_id) WHERE original_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS print_jobs (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id TEXT    NOT NULL,
  terminal_id    TEXT    NOT NULL,
  kind           TEXT    NOT NULL,
  copy           INTEGER NOT NULL,
  printer        TEXT    NOT NULL,
  backup         TEXT,
  state          TEXT    NOT NULL,
  attempts       INTEGER NOT NULL,
  created_at     BIGINT  NOT NULL,
  updated_at     BIGINT  NOT NULL,
  expires_at     BIGINT  NOT NULL,
  not_before     BIGINT  NOT NULL,
  paper_mm       DOUBLE PRECISION NOT NULL,
  detail         TEXT,
  options        TEXT    NOT NULL,
  rerouted_from  BIGINT
);
CREATE INDEX IF NOT EXISTS jobs_open ON print_jobs (state, printer, id);
CREATE INDEX IF NOT EXISTS jobs_tx ON print_jobs (transaction_id, id);
CREATE INDEX IF NOT EXISTS jobs_printed ON print_jobs (printer, updated_at) WHERE state = 'printed';
`;

/**
 * The append-only guards, created with a new journal only: one removed later stays removed,
 * so verify reports it.
 */
export const POSTGRES_GUARDS_SQL = `
CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: % cannot be %', TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END;
END $$;
${POSTGRES_GUARDS.map(
  ({ table, op, name }) =>
    // Statement-level, so even an UPDATE or DELETE matching no row is refused. ENABLE ALWAYS keeps
    // the guard firing under session_replication_role = replica.
    `CREATE OR REPLACE TRIGGER ${name} BEFORE ${op.toUpperCase()} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();
ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name};`,
).join('\n')}
`;

/** Whether the journal exists ("exists", "meta"); its version is read from meta only then. */
export const POSTGRES_SCHEMA_CHECK = `SELECT to_regclass('events') IS NOT NULL AS exists, to_regclass('meta') IS NOT NULL AS meta`;
export const POSTGRES_SCHEMA_VERSION_QUERY = `SELECT value AS version FROM meta WHERE key = 'schemaVersion'`;
