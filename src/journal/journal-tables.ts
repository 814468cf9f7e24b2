import { defineTable, requiredGuards, type SchemaSpec } from '../sql/index.js';
import { EventTypes } from './events.js';
import { JOB_TRANSITIONS } from './print-jobs.js';

/**
 * The journal's tables, once for every engine. A new column, index or table is one edit
 * here (and a new schema version below); an older journal gets it on its next open.
 */

/** The condition of the print-event indexes; a query repeats it word for word so the engines use them. */
export const PRINT_EVENTS = "type LIKE 'print.%'";
/** The condition of the integrity-alert index, likewise. */
export const INTEGRITY_ALERTS = `type = '${EventTypes.integrityAlert}'`;

/**
 * Append-only events: a SHA-256 chain per terminal (or other chain), gapless `seq` from 1.
 * `storeId` is '' for the database's own journal (a shop's, or head office's own audit);
 * head office keeps every shop's chains beside its own under the shop's id, so a chain is
 * (storeId, terminalId). The hash does not cover it: a shop's chain hashes the same there.
 * In PostgreSQL the table is split by month of recordedAt: the chain index is unique within
 * a month there, and the chain lock with the link check (next seq, previous hash) keeps a
 * chain one line across months.
 */
export const eventsTable = defineTable({
  name: 'events',
  columns: {
    id: { type: 'bigint', primaryKey: true, generated: 'key' },
    // Bytewise, so chains are walked in the same order on every engine.
    storeId: { type: 'text', bytewise: true, default: '' },
    terminalId: { type: 'text', bytewise: true },
    seq: { type: 'bigint' },
    type: { type: 'text' },
    recordedAt: { type: 'text' },
    payload: { type: 'text' },
    prevHash: { type: 'text' },
    hash: { type: 'text' },
  },
  indexes: [
    { name: 'events_chain', columns: ['storeId', 'terminalId', 'seq'], unique: true },
    // Head office: a chain across shops (the audit trail of every shop) newest first; empty in a shop's own journal.
    { name: 'events_replica_time', columns: ['terminalId', 'recordedAt'], where: "store_id <> ''" },
    // The print events of a sale and of a job, found from their own (hashed) payloads: copy
    // numbers and job outcomes are read from these, never from the job table alone.
    { name: 'events_print_sale', json: { column: 'payload', key: 'transactionId' }, columns: ['seq'], where: PRINT_EVENTS },
    { name: 'events_print_job', json: { column: 'payload', key: 'jobId' }, columns: ['seq'], where: PRINT_EVENTS },
    { name: 'events_alerts', columns: ['type', 'id'], where: INTEGRITY_ALERTS },
  ],
  appendOnly: true,
  partitionByMonth: { column: 'recordedAt', unit: 'iso-text' },
  // Schema 3 made a chain unique in the whole database (terminal, seq): a PostgreSQL journal
  // brought to 4 loses that constraint (events_chain holds per store), so it can hold shops'
  // chains as head office. (SQLite cannot drop a table constraint in place; a shop's own
  // journal never needs to.)
  extra: { postgres: ['ALTER TABLE events DROP CONSTRAINT IF EXISTS events_terminal_id_seq_key'] },
});

/** Width of the time bucket that leads the random-key indexes of transactions: an hour. */
export const TX_HOUR_MS = 3_600_000;
/**
 * The bucket of a sale, as the indexes hold it and as a query must write it to use them:
 * integer division, which truncates toward zero on both engines (Math.trunc in JavaScript).
 */
export const TX_HOUR = `occurred_at / ${TX_HOUR_MS}`;

/**
 * The search index of recorded transactions, one row per transaction.recorded event; every
 * filter has an index. A sale is (id, storeId): unique within a shop. In PostgreSQL the
 * table is split by month of occurredAt, so a ±15 min search reads one or two months.
 */
export const transactionsTable = defineTable({
  name: 'transactions',
  columns: {
    eventId: { type: 'bigint', primaryKey: true, references: 'events(id)' },
    storeId: { type: 'text', bytewise: true, default: '' },
    id: { type: 'text' },
    terminalId: { type: 'text' },
    batchNo: { type: 'text' },
    voucherNo: { type: 'text' },
    referenceNo: { type: 'text', nullable: true },
    cardLast4: { type: 'text', nullable: true },
    operatorId: { type: 'text' },
    kind: { type: 'text' },
    amountMinor: { type: 'bigint' },
    currency: { type: 'text' },
    occurredAt: { type: 'bigint' },
    merchantId: { type: 'text' },
    originalId: { type: 'text', nullable: true },
    contentHash: { type: 'text' },
  },
  // Searches run newest first by (occurredAt, eventId): each index ends with the key.
  indexes: [
    { name: 'tx_id', columns: ['id', 'storeId'], unique: true },
    // Head office: one shop's sales by time (its day report, its list); empty in a shop's own journal.
    { name: 'tx_store', columns: ['storeId', 'occurredAt'], thenKey: true, where: "store_id <> ''" },
    { name: 'tx_occurred', columns: ['occurredAt'], thenKey: true },
    // Amounts, vouchers, reference numbers and card numbers arrive in random order: led by the
    // sale's hour, each insert lands in the newest hour's few pages instead of on a random leaf
    // of an index larger than the cache (docs/storage.md). A search walks the hours (bucket-walk.ts).
    { name: 'tx_hour_amount', leading: TX_HOUR, columns: ['amountMinor', 'occurredAt'], thenKey: true },
    { name: 'tx_hour_voucher', leading: TX_HOUR, columns: ['voucherNo', 'occurredAt'], thenKey: true },
    { name: 'tx_hour_ref', leading: TX_HOUR, columns: ['referenceNo'], where: 'reference_no IS NOT NULL' },
    { name: 'tx_hour_last4', leading: TX_HOUR, columns: ['cardLast4', 'occurredAt'], thenKey: true, where: 'card_last4 IS NOT NULL' },
    { name: 'tx_operator', columns: ['operatorId', 'occurredAt'], thenKey: true },
    { name: 'tx_terminal', columns: ['terminalId', 'occurredAt'], thenKey: true },
    { name: 'tx_original', columns: ['originalId'], where: 'original_id IS NOT NULL' },
  ],
  // Up to schema 5 these indexes were led by the random keys themselves; schema 6 replaced them.
  droppedIndexes: ['tx_amount', 'tx_voucher', 'tx_ref', 'tx_last4'],
  appendOnly: true,
  partitionByMonth: { column: 'occurredAt', unit: 'epoch-ms' },
  // Likewise schema 3's sale id unique in the whole database; tx_id holds per store now.
  extra: { postgres: ['ALTER TABLE transactions DROP CONSTRAINT IF EXISTS transactions_id_unique'] },
});

/**
 * Where each sale is, by its id: one row per transactions row, written with it, in one table
 * that PostgreSQL does not split by month. A sale is looked up by id (is it on record? the
 * original of a void or refund) and by original (its voids and refunds) on every write; in
 * the monthly transactions those look-ups probed, and planned, every month's index, so
 * recording slowed down with the months a journal held (issue 15). Here they are one index
 * seek, and the sale's row is then read from its own month (its occurredAt in the query
 * lets PostgreSQL plan only that partition). Being one table, its unique (id, storeId) holds
 * in the whole database, which the monthly tx_id cannot (schema 8).
 */
export const saleKeysTable = defineTable({
  name: 'sale_keys',
  columns: {
    eventId: { type: 'bigint', primaryKey: true },
    storeId: { type: 'text', bytewise: true, default: '' },
    id: { type: 'text' },
    occurredAt: { type: 'bigint' },
    originalId: { type: 'text', nullable: true },
  },
  indexes: [
    { name: 'sk_id', columns: ['id', 'storeId'], unique: true },
    { name: 'sk_original', columns: ['originalId', 'storeId'], where: 'original_id IS NOT NULL' },
  ],
  appendOnly: true,
  // An older journal's sales, copied when the table is added (a step of event ids a statement).
  filledFrom: {
    from: 'transactions',
    key: 'event_id',
    insert: 'INSERT INTO sale_keys (event_id, store_id, id, occurred_at, original_id) SELECT event_id, store_id, id, occurred_at, original_id FROM transactions WHERE event_id > ? AND event_id <= ?',
  },
});

/**
 * The spooler's working rows: a projection of the print.* events, every change journaled as
 * an event in the same write (see job-projection.ts). The database lets a row change only as
 * the spooler does: the job's identity and options never, the state along JOB_TRANSITIONS,
 * nothing once final, and no row is ever deleted.
 */
export const printJobsTable = defineTable({
  name: 'print_jobs',
  columns: {
    id: { type: 'bigint', primaryKey: true, generated: 'never-reused-key' },
    transactionId: { type: 'text' },
    terminalId: { type: 'text' },
    kind: { type: 'text' },
    copy: { type: 'integer' },
    printer: { type: 'text' },
    backup: { type: 'text', nullable: true },
    state: { type: 'text' },
    attempts: { type: 'integer' },
    createdAt: { type: 'bigint' },
    updatedAt: { type: 'bigint' },
    expiresAt: { type: 'bigint' },
    notBefore: { type: 'bigint' },
    paperMm: { type: 'real' },
    detail: { type: 'text', nullable: true },
    options: { type: 'text' },
    reroutedFrom: { type: 'bigint', nullable: true },
  },
  indexes: [
    { name: 'jobs_open', columns: ['state', 'printer', 'id'] },
    { name: 'jobs_tx', columns: ['transactionId', 'id'] },
    { name: 'jobs_printed', columns: ['printer', 'updatedAt'], where: "state = 'printed'" },
  ],
  stateGuard: {
    state: 'state',
    fixed: ['transactionId', 'terminalId', 'kind', 'copy', 'printer', 'backup', 'createdAt', 'expiresAt', 'options', 'reroutedFrom'],
    transitions: JOB_TRANSITIONS,
  },
});

/**
 * The search index of captured print jobs (reissue tap), one row per capture.recorded
 * event. `occurredAt` is the time printed on the receipt when one was recognised, else the
 * capture time; `text` is the receipt as printed, searched by words: an FTS5 trigram index
 * on SQLite, a pg_trgm GIN index on PostgreSQL (where the extension may be created). Like a
 * sale, a capture is (id, storeId), and PostgreSQL splits the table by month of occurredAt.
 */
export const capturesTable = defineTable({
  name: 'captures',
  columns: {
    eventId: { type: 'bigint', primaryKey: true, references: 'events(id)' },
    storeId: { type: 'text', bytewise: true, default: '' },
    id: { type: 'text' },
    source: { type: 'text' },
    occurredAt: { type: 'bigint' },
    capturedAt: { type: 'bigint' },
    /** The date and time as printed ("2026-11-26T19:47:31"), when one was recognised. */
    printedLocal: { type: 'text', nullable: true },
    amountMinor: { type: 'bigint', nullable: true },
    currency: { type: 'text', nullable: true },
    cardLast4: { type: 'text', nullable: true },
    referenceNo: { type: 'text', nullable: true },
    voucherNo: { type: 'text', nullable: true },
    batchNo: { type: 'text', nullable: true },
    terminalId: { type: 'text', nullable: true },
    operatorId: { type: 'text', nullable: true },
    merchant: { type: 'text', nullable: true },
    text: { type: 'text' },
  },
  indexes: [
    { name: 'cap_id', columns: ['id', 'storeId'], unique: true },
    { name: 'cap_store', columns: ['storeId', 'occurredAt'], thenKey: true, where: "store_id <> ''" },
    { name: 'cap_occurred', columns: ['occurredAt'], thenKey: true },
    // Led by the hour like the sales' (schema 7): captures arrive in time order, their amounts and numbers do not.
    { name: 'cap_hour_amount', leading: TX_HOUR, columns: ['amountMinor', 'occurredAt'], thenKey: true, where: 'amount_minor IS NOT NULL' },
    { name: 'cap_hour_voucher', leading: TX_HOUR, columns: ['voucherNo', 'occurredAt'], thenKey: true, where: 'voucher_no IS NOT NULL' },
    { name: 'cap_hour_ref', leading: TX_HOUR, columns: ['referenceNo'], where: 'reference_no IS NOT NULL' },
    { name: 'cap_hour_last4', leading: TX_HOUR, columns: ['cardLast4', 'occurredAt'], thenKey: true, where: 'card_last4 IS NOT NULL' },
    { name: 'cap_terminal', columns: ['terminalId', 'occurredAt'], thenKey: true, where: 'terminal_id IS NOT NULL' },
    { name: 'cap_operator', columns: ['operatorId', 'occurredAt'], thenKey: true, where: 'operator_id IS NOT NULL' },
    { name: 'cap_source', columns: ['source', 'occurredAt'], thenKey: true },
  ],
  // Up to schema 6 these were led by the random keys themselves; schema 7 replaced them.
  droppedIndexes: ['cap_amount', 'cap_voucher', 'cap_ref', 'cap_last4'],
  appendOnly: true,
  partitionByMonth: { column: 'occurredAt', unit: 'epoch-ms' },
  extra: {
    // External content: the words index reads the text from captures, so it is stored once.
    sqlite: [
      "CREATE VIRTUAL TABLE IF NOT EXISTS captures_fts USING fts5(text, content='captures', content_rowid='event_id', tokenize='trigram')",
      'CREATE TRIGGER IF NOT EXISTS captures_fts_insert AFTER INSERT ON captures BEGIN INSERT INTO captures_fts(rowid, text) VALUES (new.event_id, new.text); END',
    ],
    // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where
    // it may not, text searches still work, by a scan instead of the index.
    postgres: [
      `DO $$ BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_file THEN
  RAISE NOTICE 'pg_trgm is not available: searching captured receipts by words scans the captures table';
END $$`,
      `DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS captures_text_trgm ON captures USING gin (text gin_trgm_ops)';
  END IF;
END $$`,
    ],
  },
});

/** The journal schema this build writes (see JOURNAL_SCHEMA). */
export const JOURNAL_SCHEMA_VERSION = '8';

export const JOURNAL_SCHEMA: SchemaSpec = {
  name: 'journal',
  // 3: print_jobs guarded, print events and integrity alerts indexed (main); store ids and monthly
  // partitions in PostgreSQL (sync). 4: both. 5: captured print jobs (reissue tap), with store
  // ids. 6: the random-key indexes of transactions led by the sale's hour (issue 15). 7: the same
  // for captures, and sales' payloads packed (packed-payload.ts; older rows stay as they are and
  // read the same). 8: sale_keys, where each sale is by id (issue 15: PostgreSQL's look-ups by id
  // no longer probe every month), filled from the sales already there. A journal at any of these
  // gets what it lacks on its next open.
  version: JOURNAL_SCHEMA_VERSION,
  versionKey: 'schemaVersion',
  tables: [eventsTable, transactionsTable, saleKeysTable, printJobsTable, capturesTable],
};

/** Guards every journal has on its append-only and state-guarded tables; verify reports any that went missing. */
export const REQUIRED_GUARDS: readonly string[] = requiredGuards(JOURNAL_SCHEMA.tables);
