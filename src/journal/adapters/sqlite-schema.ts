/** Bumped whenever a table or index is added; an older journal gets them on its next open. */
export const SQLITE_SCHEMA_VERSION = '2';

/** Tables and indexes of the SQLite journal; safe to run again on an existing journal. */
export const SQLITE_TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS events (
  id          INTEGER PRIMARY KEY,
  terminal_id TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  payload     TEXT    NOT NULL,
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  UNIQUE (terminal_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS transactions (
  event_id     INTEGER PRIMARY KEY REFERENCES events(id),
  id           TEXT    NOT NULL UNIQUE,
  terminal_id  TEXT    NOT NULL,
  batch_no     TEXT    NOT NULL,
  voucher_no   TEXT    NOT NULL,
  reference_no TEXT,
  card_last4   TEXT,
  operator_id  TEXT    NOT NULL,
  kind         TEXT    NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency     TEXT    NOT NULL,
  occurred_at  INTEGER NOT NULL,
  merchant_id  TEXT    NOT NULL,
  original_id  TEXT,
  content_hash TEXT    NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS tx_occurred ON transactions (occurred_at);
CREATE INDEX IF NOT EXISTS tx_amount   ON transactions (amount_minor, occurred_at);
CREATE INDEX IF NOT EXISTS tx_voucher  ON transactions (voucher_no, occurred_at);
CREATE INDEX IF NOT EXISTS tx_ref      ON transactions (reference_no) WHERE reference_no IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_last4    ON transactions (card_last4, occurred_at) WHERE card_last4 IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_operator ON transactions (operator_id, occurred_at);
CREATE INDEX IF NOT EXISTS tx_terminal ON transactions (terminal_id, occurred_at);
CREATE INDEX IF NOT EXISTS tx_original ON transactions (original_id) WHERE original_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS print_jobs (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  transaction_id TEXT    NOT NULL,
  terminal_id    TEXT    NOT NULL,
  kind           TEXT    NOT NULL,
  copy           INTEGER NOT NULL,
  printer        TEXT    NOT NULL,
  backup         TEXT,
  state          TEXT    NOT NULL,
  attempts       INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  not_before     INTEGER NOT NULL,
  paper_mm       REAL    NOT NULL,
  detail         TEXT,
  options        TEXT    NOT NULL,
  rerouted_from  INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS jobs_open ON print_jobs (state, printer, id);
CREATE INDEX IF NOT EXISTS jobs_tx ON print_jobs (transaction_id, id);
CREATE INDEX IF NOT EXISTS jobs_printed ON print_jobs (printer, updated_at) WHERE state = 'printed';
`;

/**
 * Triggers make the tables append-only in the database itself. They are created with a new
 * journal only: one removed later stays removed, so verify reports it.
 */
export const SQLITE_GUARDS = `
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only: events cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only: events cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS transactions_no_update BEFORE UPDATE ON transactions
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only: transactions cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS transactions_no_delete BEFORE DELETE ON transactions
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only: transactions cannot be deleted'); END;
`;
