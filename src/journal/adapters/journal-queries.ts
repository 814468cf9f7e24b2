import { LIMIT_PARAM, type SqlDialect } from '../../sql/index.js';
import { INTEGRITY_ALERTS, PRINT_EVENTS, TX_HOUR, TX_HOUR_MS, capturesTable, eventsTable, printJobsTable, saleKeysTable, transactionsTable } from '../journal-tables.js';
import type { JobFilter, PrintJobPatch } from '../print-jobs.js';
import type { SearchQuery } from '../search-query.js';

/** The journal's statements, written once for every engine (`?` placeholders). */

export interface Query {
  sql: string;
  params: unknown[];
}

export const TX_SELECT = transactionsTable.select('t');
export const CAPTURE_SELECT = capturesTable.select('c', 'c_');
/** An event without its payload: what a search list needs of it. */
const EVENT_HEAD_SELECT = eventsTable.columns
  .filter((c) => c.key !== 'payload')
  .map((c) => `e.${c.name} AS "e_${c.key}"`)
  .join(', ');
export const EVENT_SELECT = eventsTable.select('e', 'e_');
/**
 * What a page of found sales shows of each (Journal.find): the index row's keys and the
 * event's place, hash and payload (its id is the row's event_id). The driver builds a value
 * for each column a row carries: these 8 cost ~40 % less a row than all 25 of index row and
 * event, and at 1M sales a search's time grows with its rows, not with its index seek.
 * `undone`: whether a record of the sale's own store points at it (a void, refund or
 * completion; the same condition as Journal.statusesOf), so a page of sales nothing undid
 * needs no second statement for their statuses. Asked of sale_keys, one table: of the
 * monthly transactions PostgreSQL planned a look-up in every month for each search.
 */
const FOUND_SELECT = `${transactionsTable.select('t', '', ['id', 'storeId', 'occurredAt', 'eventId'])}, ${eventsTable.select('e', 'e_', ['seq', 'recordedAt', 'hash', 'payload'])}, EXISTS (SELECT 1 FROM sale_keys d WHERE d.original_id = t.id AND d.store_id = t.store_id) AS "undone"`;
const JOB_SELECT = printJobsTable.select();

// Hot statements are built once: statements are kept by their text, and rebuilding the
// strings for every sale showed up in the append profile.
export const INSERT_EVENT = eventsTable.insert();
export const INSERT_TRANSACTION = transactionsTable.insert();
export const INSERT_JOB = printJobsTable.insert();
export const LAST_EVENT = 'SELECT seq, hash FROM events WHERE store_id = ? AND terminal_id = ? ORDER BY seq DESC LIMIT 1';
/** PostgreSQL: the last event of each chain of two arrays (stores, terminals), in their order; one plan for any number of chains. */
export const CHAIN_TIPS_UNNEST =
  'SELECT u.i, l.seq, l.hash FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(s, t, i) LEFT JOIN LATERAL (SELECT seq, hash FROM events WHERE store_id = u.s AND terminal_id = u.t ORDER BY seq DESC LIMIT 1) AS l ON true ORDER BY u.i';
export const CHAIN_RANGE = `SELECT ${EVENT_SELECT} FROM events e WHERE e.store_id = ? AND e.terminal_id = ? AND e.seq >= ? AND e.seq <= ? ORDER BY e.seq`;
/**
 * CHAIN_RANGE around a sale's event known by its id (the database's own chains), with the
 * number of stores that hold a sale of that id on each row: one statement (one round trip).
 * Params: sale id, terminal, event id, terminal, event id, terminal.
 */
const SEQ_OF_ID = "SELECT s.seq FROM events s WHERE s.id = ? AND s.store_id = '' AND s.terminal_id = ?";
// min and max: an id copied behind Reissue's back (unique within a month only, on PostgreSQL) gives a slice the record check refuses, not a cardinality error.
export const SALE_AROUND = `SELECT ${EVENT_SELECT}, (SELECT count(*) FROM sale_keys k WHERE k.id = ?) AS "saleStores" FROM events e WHERE e.store_id = '' AND e.terminal_id = ? AND e.seq >= (${SEQ_OF_ID.replace('s.seq', 'min(s.seq)')}) - 1 AND e.seq <= (${SEQ_OF_ID.replace('s.seq', 'max(s.seq)')}) + 1 ORDER BY e.seq`;
export const EVENTS_AFTER = `SELECT ${EVENT_SELECT} FROM events e WHERE e.store_id = ? AND e.terminal_id = ? AND e.seq > ? ORDER BY e.seq ${LIMIT_PARAM}`;
/** The chain that sorts next after one in a store: walked one chain at a time, each step one index seek. */
export const NEXT_CHAIN = 'SELECT terminal_id FROM events WHERE store_id = ? AND terminal_id > ? ORDER BY terminal_id LIMIT 1';
export const CHAIN_HEAD = `SELECT ${EVENT_SELECT} FROM events e WHERE e.store_id = ? AND e.terminal_id = ? ORDER BY e.seq DESC LIMIT 1`;
export const INSERT_SALE_KEY = saleKeysTable.insert();
// The writer's own lookups are in the database's own journal (store ''): a sale, its dependents.
// First where the sales are (sale_keys: one table, one index seek an id however many months the
// journal holds), then, for those on record, their rows from their own months (saleRowsAt).
const KEY_SELECT = 'SELECT k.event_id AS "eventId", k.occurred_at AS "occurredAt" FROM sale_keys k';
export const KEY_BY_ID = `${KEY_SELECT} WHERE k.id = ? AND k.store_id = ''`;
export const keysByIds = (count: number) => `${KEY_SELECT} WHERE k.id IN (${Array.from({ length: count }, () => '?').join(', ')}) AND k.store_id = ''`;
/** PostgreSQL: the same for an array of ids, one plan for any number. */
export const KEYS_BY_IDS_ARRAY = `${KEY_SELECT} WHERE k.id = ANY(?::text[]) AND k.store_id = ''`;
export const KEYS_OF_DEPENDENTS = `${KEY_SELECT} WHERE k.original_id = ? AND k.store_id = ''`;

/** A list of `?` padded to a power of two (at least 8): statements kept by their text stay few. */
function padded(values: readonly unknown[]): unknown[] {
  let size = 8;
  while (size < values.length) size *= 2;
  const last = values[values.length - 1];
  return [...values, ...Array.from({ length: size - values.length }, () => last)];
}

/**
 * The rows of sales found in sale_keys, with the payload their content hash is computed from
 * when the row does not hold it (schema 7 on) and `payload` is asked for. The times are in the
 * query so that PostgreSQL plans only their months (as values, not from a join: it prunes
 * partitions when it plans, and a join would make it plan every month). The payload by a
 * subquery, not a join: a join's plan follows the tables' statistics, and while a PostgreSQL
 * journal grows fast they lag behind and a void's look-up scanned every event.
 */
export function saleRowsAt(keys: readonly { eventId: number; occurredAt: number }[], payload: boolean): Query {
  const ids = padded(keys.map((k) => k.eventId));
  const times = padded([...new Set(keys.map((k) => k.occurredAt))]);
  const withPayload = payload ? ", CASE WHEN t.content_hash = '' THEN (SELECT e.payload FROM events e WHERE e.id = t.event_id) END AS payload" : '';
  return {
    sql: `SELECT ${TX_SELECT}${withPayload} FROM transactions t WHERE t.event_id IN (${list(ids)}) AND t.occurred_at IN (${list(times)})`,
    params: [...ids, ...times],
  };
}
export const INSERT_CAPTURE = capturesTable.insert();
// Like a sale's, the writer's capture lookup is in the database's own journal (store '').
export const CAPTURE_BY_ID = `SELECT ${CAPTURE_SELECT} FROM captures c WHERE c.id = ? AND c.store_id = ''`;
export const TX_WITH_EVENT = `SELECT ${TX_SELECT}, ${EVENT_SELECT} FROM transactions t JOIN events e ON e.id = t.event_id`;
export const JOB_BY_ID = `SELECT ${JOB_SELECT} FROM print_jobs WHERE id = ?`;
// One seek of jobs_open (state, printer, id).
export const QUEUED_JOB_FOR = "SELECT 1 AS queued FROM print_jobs WHERE state = 'queued' AND printer = ? LIMIT 1";
// The database's own chains (store ''); one index seek per chain (store_id, terminal_id, seq is unique).
export const CHAIN_HEADS = "SELECT e.terminal_id AS terminal_id, e.seq AS seq, e.hash AS hash FROM events e JOIN (SELECT terminal_id, max(seq) AS seq FROM events WHERE store_id = '' GROUP BY terminal_id) h ON h.terminal_id = e.terminal_id AND h.seq = e.seq WHERE e.store_id = '' ORDER BY e.terminal_id";
export const JOB_COUNT = 'SELECT count(*) AS jobs FROM print_jobs';

/**
 * Only the database's own events (store ''), said so that no index serves it: with a plain
 * `store_id = ''` and no statistics SQLite walked the whole chain index (every event of the
 * shop, its JSON read row by row: ~450 ms at 20,000 sales) rather than the print index that
 * finds a sale's or a job's few events — each reprint and each print did it inside the write.
 */
const OWN_EVENTS = (alias: string) => `${alias}store_id || '' = ''`;

/**
 * The alerts this journal wrote: those in its own audit chain. At head office every shop's
 * pushed alerts sit beside them, and a shop's words (its subjects) must not stand for head
 * office's. The alert condition literal, as the partial index says it (SQLite uses a partial
 * index only then); the store condition is OWN_EVENTS, so the alert index stays the one used.
 */
export const INTEGRITY_ALERT_EVENTS = `SELECT ${EVENT_SELECT} FROM events e WHERE ${INTEGRITY_ALERTS} AND ${OWN_EVENTS('e.')} ORDER BY e.id`;

/** The print events whose payload names `key` (transactionId or jobId) = ?, in chain order; `jsonText` is the engine's expression, the one the index holds. */
export function printEventsBy(jsonText: (column: string, key: string) => string, key: 'transactionId' | 'jobId', after = false): string {
  // The database's own print events: a shop's, replicated at head office, name the shop's jobs.
  return `SELECT ${EVENT_SELECT} FROM events e WHERE ${jsonText('payload', key)} = ? AND ${PRINT_EVENTS} AND ${OWN_EVENTS('e.')}${after ? ' AND e.id > ?' : ''} ORDER BY e.terminal_id, e.seq`;
}

/** The first job row that no print event accounts for. */
export function jobWithoutEvents(jsonText: (column: string, key: string) => string): string {
  return `SELECT j.id FROM print_jobs j WHERE NOT EXISTS (SELECT 1 FROM events WHERE ${jsonText('payload', 'jobId')} = CAST(j.id AS TEXT) AND ${PRINT_EVENTS} AND ${OWN_EVENTS('')}) ORDER BY j.id LIMIT 1`;
}

export const jobsByIds = (count: number) => `SELECT ${JOB_SELECT} FROM print_jobs WHERE id IN (${Array.from({ length: count }, () => '?').join(', ')})`;
export const PAPER_USED = "SELECT coalesce(sum(paper_mm), 0) AS mm FROM print_jobs WHERE state = 'printed' AND printer = ? AND updated_at >= ?";
export const SEQ_OF_HASH = 'SELECT seq FROM events WHERE store_id = ? AND terminal_id = ? AND hash = ?';
export const COUNTS = 'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM transactions) AS transactions';
export const CAPTURE_COUNT = 'SELECT count(*) AS n FROM captures';
export const STORE_CAPTURE_COUNT = 'SELECT count(*) AS n FROM captures WHERE store_id = ?';
export const STORE_COUNTS = 'SELECT (SELECT count(*) FROM events WHERE store_id = ?) AS events, (SELECT count(*) FROM transactions WHERE store_id = ?) AS transactions';
export const MAX_EVENT_ID = 'SELECT coalesce(max(id), 0) AS id FROM events';
/** The tables whose random-key indexes are led by the hour: sales and captured receipts. */
export type HourTable = 'transactions' | 'captures';
/** The first and last sale's (or capture's) time: one seek at each end of the time index. */
export const timeSpan = (table: HourTable) => `SELECT (SELECT min(occurred_at) FROM ${table}) AS first, (SELECT max(occurred_at) FROM ${table}) AS last`;
/** The newest time before a bound: one seek of the time index (a walk over hours skips empty ones with it). */
export const timeBefore = (table: HourTable) => `SELECT max(occurred_at) AS at FROM ${table} WHERE occurred_at < ?`;
/** The same within a window that starts at the second bound: PostgreSQL plans only the window's months. */
export const timeBeforeSince = (table: HourTable) => `SELECT max(occurred_at) AS at FROM ${table} WHERE occurred_at < ? AND occurred_at >= ?`;
export const PAGE = 2000;
/** Chain order (store, terminal, then seq), from just after a position; a row-value comparison seeks the chain index. */
export const CHAIN_PAGE = `SELECT ${EVENT_SELECT}, ${TX_SELECT}, ${CAPTURE_SELECT} FROM events e LEFT JOIN transactions t ON t.event_id = e.id
  LEFT JOIN captures c ON c.event_id = e.id
  WHERE (e.store_id, e.terminal_id, e.seq) > (?, ?, ?) ORDER BY e.store_id, e.terminal_id, e.seq LIMIT ${PAGE}`;
/** The same, within one store. */
export const STORE_CHAIN_PAGE = `SELECT ${EVENT_SELECT}, ${TX_SELECT}, ${CAPTURE_SELECT} FROM events e LEFT JOIN transactions t ON t.event_id = e.id
  LEFT JOIN captures c ON c.event_id = e.id
  WHERE e.store_id = ? AND (e.store_id, e.terminal_id, e.seq) > (?, ?, ?) ORDER BY e.store_id, e.terminal_id, e.seq LIMIT ${PAGE}`;
export const EVENTS_PAGE = `SELECT ${EVENT_SELECT} FROM events e WHERE e.id > ? AND e.id <= ? ORDER BY e.id LIMIT ${PAGE}`;

const list = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** Events of one chain, newest first, optionally of some types: the database's own, or the chain of each store listed (by time). */
export function eventsOfChain(terminalId: string, types: readonly string[], limit: number, stores?: readonly string[] | 'shops'): Query {
  const filter = types.length > 0 ? ` AND e.type IN (${list(types)})` : '';
  if (stores === undefined) {
    return { sql: `SELECT ${EVENT_SELECT} FROM events e WHERE e.store_id = '' AND e.terminal_id = ?${filter} ORDER BY e.seq DESC ${LIMIT_PARAM}`, params: [terminalId, ...types, limit] };
  }
  // Shops' chains only (the database's own has its own query): the partial index on (terminal_id, recorded_at) serves it.
  const shops = stores === 'shops' ? [] : stores.filter((s) => s !== '');
  if (stores !== 'shops' && shops.length === 0) return { sql: `SELECT ${EVENT_SELECT} FROM events e WHERE 1 = 0`, params: [] };
  const which = stores === 'shops' ? '' : ` AND e.store_id IN (${list(shops)})`;
  return {
    sql: `SELECT ${EVENT_SELECT} FROM events e WHERE e.terminal_id = ? AND e.store_id <> ''${which}${filter} ORDER BY e.recorded_at DESC, e.id DESC ${LIMIT_PARAM}`,
    params: [terminalId, ...shops, ...types, limit],
  };
}

/** A sale by id in some stores (every store when `stores` is undefined). */
export function transactionsById(id: string, stores: readonly string[] | undefined, limit = 2): Query {
  const scope = stores === undefined ? '' : stores.length === 0 ? ' AND 1 = 0' : ` AND t.store_id IN (${list(stores)})`;
  return { sql: `${TX_WITH_EVENT} WHERE t.id = ?${scope} ORDER BY t.store_id ${LIMIT_PARAM}`, params: [id, ...(stores ?? []), limit] };
}

const TX_ONLY = `SELECT ${TX_SELECT} FROM transactions t`;

/** `<alias>.<hour> IN (…)`, as the hour-led indexes hold it, and the same hours as a time range so PostgreSQL reads only their months. */
function inHours(hours: readonly number[], alias = 't'): Query {
  const low = Math.min(...hours);
  const high = Math.max(...hours);
  // A range one hour wider each side holds every time of these hours, whatever the sign (truncation).
  return { sql: `(${alias}.${TX_HOUR}) IN (${list(hours)}) AND ${alias}.occurred_at > ? AND ${alias}.occurred_at < ?`, params: [...hours, (low - 1) * TX_HOUR_MS, (high + 1) * TX_HOUR_MS] };
}

/** Newest first; a step of an hour walk orders by the hour first: the same rows in the same order, but only the hour-led index gives it. */
const newestFirst = (alias: string, hours: readonly number[] | undefined) =>
  `${hours === undefined ? '' : `(${alias}.${TX_HOUR}) DESC, `}${alias}.occurred_at DESC, ${alias}.event_id DESC`;

/** The database's own sales of a merchant with a reference number in some hours (the writer's lookup of an original by reference). */
export function transactionsByReference(referenceNo: string, merchantId: string, hours: readonly number[]): Query {
  const within = inHours(hours);
  return { sql: `SELECT ${TX_SELECT} FROM transactions t WHERE ${within.sql} AND t.reference_no = ? AND t.merchant_id = ? AND t.store_id = ''`, params: [...within.params, referenceNo, merchantId] };
}

/** WHERE clauses over one table alias, with their parameters in order. */
function whereOf(alias: string) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  const eq = (column: string, value: unknown) => {
    if (value !== undefined) add(`${alias}.${column} = ?`, value);
  };
  const clause = () => (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '');
  return { where, params, add, eq, clause };
}

/**
 * The filters sales and captured receipts share — same column names, same indexes, same
 * order and cursor (occurredAt, eventId) — so a search can merge both.
 */
function sharedFilters(alias: string, query: SearchQuery, w: ReturnType<typeof whereOf>): void {
  const { add, eq, where } = w;
  eq('reference_no', query.referenceNo);
  eq('terminal_id', query.terminalId);
  eq('batch_no', query.batchNo);
  eq('voucher_no', query.voucherNo);
  eq('card_last4', query.last4);
  eq('operator_id', query.operatorId);
  eq('currency', query.currency);
  if (query.storeIds !== undefined) {
    if (query.storeIds.length === 0) where.push('1 = 0');
    else if (query.storeIds.length === 1) eq('store_id', query.storeIds[0]);
    else add(`${alias}.store_id IN (${list(query.storeIds)})`, ...query.storeIds);
    // Says what the partial index on (store_id, occurred_at) holds: shops' rows only.
    if (!query.storeIds.includes('')) where.push(`${alias}.store_id <> ''`);
  }
  if (query.amountMin !== undefined && query.amountMin === query.amountMax) {
    eq('amount_minor', query.amountMin);
  } else {
    if (query.amountMin !== undefined) add(`${alias}.amount_minor >= ?`, query.amountMin);
    if (query.amountMax !== undefined) add(`${alias}.amount_minor <= ?`, query.amountMax);
  }
  if (query.from !== undefined) add(`${alias}.occurred_at >= ?`, query.from);
  if (query.to !== undefined) add(`${alias}.occurred_at <= ?`, query.to);
  // A row-value comparison lets both engines seek the index instead of filtering every newer row.
  if (query.cursor) add(`(${alias}.occurred_at, ${alias}.event_id) < (?, ?)`, query.cursor.occurredAt, query.cursor.eventId);
}

/** What a search reads of each sale: what a found sale shows (FOUND_SELECT), or the index row alone (a list line). */
export type SearchColumns = 'found' | 'index';

/**
 * A search newest first; every filter maps to an indexed column. `columns: 'index'` reads
 * the index row alone (a list page), not the event and its payload. A search on amount,
 * voucher, reference or card number names the `hours` it reads (hour-walk.ts), so it seeks
 * the hour-led indexes.
 */
export function searchTransactions(query: SearchQuery, columns: SearchColumns = 'found', hours?: readonly number[]): Query {
  const w = whereOf('t');
  w.eq('kind', query.kind);
  w.eq('merchant_id', query.merchantId);
  sharedFilters('t', query, w);
  if (hours !== undefined) {
    const within = inHours(hours);
    w.add(within.sql, ...within.params);
  }
  // The hour first orders the same rows the same way (the hour grows with the time), but only the
  // hour-led index gives that order: neither engine then prefers walking the time index for it.
  const from = columns === 'index' ? TX_ONLY : `SELECT ${FOUND_SELECT} FROM transactions t JOIN events e ON e.id = t.event_id`;
  return { sql: `${from}${w.clause()} ORDER BY ${newestFirst('t', hours)} ${LIMIT_PARAM}`, params: [...w.params, query.limit] };
}

/**
 * The records pointing at any of these transactions (voids, refunds, completions), oldest
 * first. The id list is padded (repeating its last id) to a power of two, so statements
 * kept by their text stay few whatever the page size.
 */
export function dependentsOf(originalIds: readonly string[]): Query {
  const last = originalIds[originalIds.length - 1];
  let size = 8;
  while (size < originalIds.length) size *= 2;
  const params = [...originalIds, ...Array.from({ length: size - originalIds.length }, () => last)];
  return { sql: `${TX_WITH_EVENT} WHERE t.original_id IN (${list(params)}) ORDER BY t.occurred_at, t.event_id`, params };
}

/** The records a sale's key names as pointing at it (sale_keys.original_id), each with its event. */
export const DEPENDENTS_BY_KEY = `${TX_WITH_EVENT} WHERE t.event_id IN (SELECT k.event_id FROM sale_keys k WHERE k.original_id = ?) ORDER BY t.occurred_at, t.event_id`;

/**
 * Captured jobs newest first by (occurredAt, eventId), the same order and cursor as sales,
 * so a search can merge both; filters a capture cannot have (kind, merchant no.) leave the
 * caller to skip this query.
 */
export function searchCaptures(query: SearchQuery, db: Pick<SqlDialect, 'containsWords'>, hours?: readonly number[]): Query {
  const w = whereOf('c');
  w.eq('source', query.source);
  if (query.words !== undefined && query.words.length > 0) {
    const words = db.containsWords(capturesTable, 'c', 'text', query.words);
    w.add(words.sql, ...words.params);
  }
  sharedFilters('c', query, w);
  if (hours !== undefined) {
    const within = inHours(hours, 'c');
    w.add(within.sql, ...within.params);
  }
  return {
    sql: `SELECT ${CAPTURE_SELECT}, ${EVENT_HEAD_SELECT} FROM captures c JOIN events e ON e.id = c.event_id${w.clause()} ORDER BY ${newestFirst('c', hours)} ${LIMIT_PARAM}`,
    params: [...w.params, query.limit],
  };
}

/** A captured job with its event, by id in some stores (every store when undefined). */
export function captureById(id: string, stores: readonly string[] | undefined): Query {
  const scope = stores === undefined ? '' : stores.length === 0 ? ' AND 1 = 0' : ` AND c.store_id IN (${list(stores)})`;
  return { sql: `SELECT ${CAPTURE_SELECT}, ${EVENT_SELECT} FROM captures c JOIN events e ON e.id = c.event_id WHERE c.id = ?${scope} ORDER BY c.store_id LIMIT 1`, params: [id, ...(stores ?? [])] };
}

export function listJobs(filter: JobFilter): Query {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.states && filter.states.length > 0) {
    where.push(`state IN (${list(filter.states)})`);
    params.push(...filter.states);
  }
  if (filter.printer !== undefined) {
    where.push('printer = ?');
    params.push(filter.printer);
  }
  if (filter.transactionId !== undefined) {
    where.push('transaction_id = ?');
    params.push(filter.transactionId);
  }
  params.push(filter.limit ?? 1000);
  const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  return { sql: `SELECT ${JOB_SELECT} FROM print_jobs${clause} ORDER BY id ${filter.order === 'newest' ? 'DESC' : 'ASC'} ${LIMIT_PARAM}`, params };
}

/** A compare-and-set change of one job: only while its state is one of `from`; `returning` gives back the row as changed. */
export function updateJob(id: number, from: readonly string[], patch: PrintJobPatch, returning = false): Query {
  const changes = Object.entries(patch).filter(([, v]) => v !== undefined);
  return {
    sql: `UPDATE print_jobs SET ${changes.map(([k]) => `${printJobsTable.column(k)} = ?`).join(', ')} WHERE id = ? AND state IN (${list(from)})${returning ? ` RETURNING ${JOB_SELECT}` : ''}`,
    params: [...changes.map(([, v]) => v), id, ...from],
  };
}
