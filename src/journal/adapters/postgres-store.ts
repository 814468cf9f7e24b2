import { ConfigError } from '../../core/index.js';
import { buildJobListSql, buildJobPatchSql, jobFromRow, type JobFilter, type NewPrintJob, type PrintJobPatch, type PrintJobRow } from '../print-jobs.js';
import { TRANSACTION_COLUMNS, buildSearchSql, type SearchQuery } from '../search-query.js';
import { JOB_COLUMNS, eventFromRow, type ChainedEvent, type EventRow, type JournalStore, type NewEventRow, type StoreInfo, type StoreWriter, type StoredTransaction, type TransactionRow } from '../store.js';
import type { PgPool, PgPoolClient, PgPoolFactory, PgQueryable } from './pg-client.js';
import { POSTGRES_GUARDS_SQL, POSTGRES_SCHEMA, POSTGRES_SCHEMA_CHECK, POSTGRES_SCHEMA_VERSION, POSTGRES_SCHEMA_VERSION_QUERY } from './postgres-schema.js';

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
// Aliases are quoted: PostgreSQL folds unquoted names to lower case.
const TX_SELECT = TRANSACTION_COLUMNS.map((c) => `t.${c} AS "${camel(c)}"`).join(', ');
const EVENT_COLUMNS = ['id', 'terminal_id', 'seq', 'type', 'recorded_at', 'payload', 'prev_hash', 'hash'] as const;
const EVENT_SELECT = EVENT_COLUMNS.map((c) => `e.${c} AS "e_${camel(c)}"`).join(', ');
const PAGE = 2000;
/** BIGINT arrives from pg as a string; converted per row so no global pg type parser changes. */
const NUMERIC_TX_FIELDS = new Set(['eventId', 'amountMinor', 'occurredAt']);

/** Advisory lock keys: one bigint for schema creation, (namespace, hash) pairs for writers. */
const SCHEMA_LOCK = 7_301_844_202;
const TERMINAL_LOCK = 7301;
const ORIGINAL_LOCK = 7302;
/** Every write holds (WRITERS_LOCK, 0) shared; events() takes it exclusively to find the committed horizon. */
const WRITERS_LOCK = 7303;
const JOBS_LOCK = 7304;
/** Deadlock, serialization failure, unique violation: a concurrent writer won; rerunning the work sees its result. */
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const ATTEMPTS = 5;

type Joined = Record<string, unknown>;

const eventOf = eventFromRow;

function txOf(row: Joined): TransactionRow {
  const out: Record<string, unknown> = {};
  for (const column of TRANSACTION_COLUMNS) {
    const key = camel(column);
    out[key] = NUMERIC_TX_FIELDS.has(key) ? Number(row[key]) : row[key];
  }
  return out as unknown as TransactionRow;
}

/** The URL as it may be shown and logged: no password, in either URL or key=value form. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    return url.replace(/password\s*=\s*('[^']*'|\S*)/gi, 'password=');
  }
}

const sqlState = (error: unknown) => (error as { code?: unknown } | null)?.code;

export interface PostgresStoreOptions {
  url: string;
  createPool: PgPoolFactory;
  /** Pool size (pg's default is 10). */
  max?: number;
}

/**
 * The journal on PostgreSQL, shared by many processes: each write is one transaction on one
 * connection, and a terminal's chain is serialised by an advisory lock, not by the process.
 */
export class PostgresStore implements JournalStore {
  readonly info: StoreInfo;
  private constructor(private readonly pool: PgPool, location: string) {
    this.info = { kind: 'postgres', location };
  }

  static async connect(options: PostgresStoreOptions): Promise<PostgresStore> {
    const location = redactUrl(options.url);
    let pool: PgPool | undefined;
    try {
      pool = options.createPool({ connectionString: options.url, ...(options.max === undefined ? {} : { max: options.max }) });
      // Without a listener, an idle connection dropped by the server would crash the process;
      // the next query reports the problem instead.
      pool.on('error', () => undefined);
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
        try {
          const check = (await client.query(POSTGRES_SCHEMA_CHECK, [])).rows[0];
          const version = check?.meta === true ? (await client.query(POSTGRES_SCHEMA_VERSION_QUERY, [])).rows[0]?.version : undefined;
          // DDL locks the tables, so it runs only for a new or older journal, never beside live writers on every connect.
          if (check?.exists !== true || version !== POSTGRES_SCHEMA_VERSION) {
            await client.query('BEGIN');
            await client.query(POSTGRES_SCHEMA);
            if (check?.exists !== true) await client.query(POSTGRES_GUARDS_SQL);
            await client.query("INSERT INTO meta (key, value) VALUES ('schemaVersion', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [POSTGRES_SCHEMA_VERSION]);
            await client.query('COMMIT');
          }
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
        }
      } finally {
        client.release();
      }
      return new PostgresStore(pool, location);
    } catch (error) {
      await pool?.end().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError('POSTGRES_UNAVAILABLE', `cannot open the PostgreSQL journal at ${location}: ${reason}`, {
        hint: 'check that the server is running and reachable, and that the URL names an existing database and a user allowed to create tables there',
        cause: error,
        context: { location, reason },
      });
    }
  }

  async write<T>(work: (writer: StoreWriter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(`BEGIN; SELECT pg_advisory_xact_lock_shared(${WRITERS_LOCK}, 0)`);
        const result = await work(this.writer(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        if (attempt < ATTEMPTS && RETRYABLE.has(sqlState(error) as string)) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  private writer(client: PgPoolClient): StoreWriter {
    return {
      lastEvent: async (terminalId) => {
        // A separate statement, so under READ COMMITTED the SELECT below sees the head the previous lock holder committed.
        await client.query(`SELECT pg_advisory_xact_lock(${TERMINAL_LOCK}, hashtext($1))`, [terminalId]);
        const { rows } = await client.query('SELECT seq, hash FROM events WHERE terminal_id = $1 ORDER BY seq DESC LIMIT 1', [terminalId]);
        const row = rows[0];
        return row ? { seq: Number(row.seq), hash: row.hash as string } : undefined;
      },
      insertEvent: async (e: NewEventRow) => {
        const { rows } = await client.query(
          'INSERT INTO events (terminal_id, seq, type, recorded_at, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
          [e.terminalId, e.seq, e.type, e.recordedAt, e.payload, e.prevHash, e.hash],
        );
        return Number(rows[0]?.id);
      },
      insertTransaction: async (r: TransactionRow) => {
        await client.query(`INSERT INTO transactions (${TRANSACTION_COLUMNS.join(', ')}) VALUES (${TRANSACTION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, [
          r.id, r.eventId, r.terminalId, r.batchNo, r.voucherNo, r.referenceNo, r.cardLast4, r.operatorId,
          r.kind, r.amountMinor, r.currency, r.occurredAt, r.merchantId, r.originalId, r.contentHash,
        ]);
      },
      transactionById: async (id) => (await txRows(client, 'WHERE t.id = $1', [id]))[0],
      transactionsByReference: async (ref) => txRows(client, 'WHERE t.reference_no = $1', [ref]),
      dependents: async (originalId) => {
        // Refunds of one sale may come from other terminals, whose locks do not exclude each
        // other; without this lock two of them could both fit under the sale amount.
        await client.query(`SELECT pg_advisory_xact_lock(${ORIGINAL_LOCK}, hashtext($1))`, [originalId]);
        return txRows(client, 'WHERE t.original_id = $1', [originalId]);
      },
      insertJob: async (job: NewPrintJob) => {
        const columns = JOB_COLUMNS.slice(1);
        const values = columns.map((c) => (job as unknown as Record<string, unknown>)[c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())]);
        const { rows } = await client.query(`INSERT INTO print_jobs (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`, values);
        return Number(rows[0]?.id);
      },
      updateJob: async (id: number, from: readonly string[], patch: PrintJobPatch) => {
        const params: unknown[] = [];
        const set = buildJobPatchSql(patch, (v) => (params.push(v), `$${params.length}`));
        params.push(id, [...from]);
        const result = await client.query(`UPDATE print_jobs SET ${set} WHERE id = $${params.length - 1} AND state = ANY($${params.length}::text[]) RETURNING id`, params);
        return result.rows.length === 1;
      },
      jobsOfTransaction: async (transactionId: string) => {
        // Two enqueues of one sale (e.g. two reprints at once) must see each other's jobs.
        await client.query(`SELECT pg_advisory_xact_lock(${JOBS_LOCK}, hashtext($1))`, [transactionId]);
        return listJobs(client, { transactionId });
      },
    };
  }

  async getJob(id: number): Promise<PrintJobRow | undefined> {
    const { rows } = await this.pool.query(`SELECT ${JOB_COLUMNS.join(', ')} FROM print_jobs WHERE id = $1`, [id]);
    return rows[0] ? jobFromRow(rows[0]) : undefined;
  }

  async listJobs(filter: JobFilter): Promise<PrintJobRow[]> {
    return listJobs(this.pool, filter);
  }

  async paperUsed(printer: string, since: number): Promise<number> {
    const { rows } = await this.pool.query("SELECT coalesce(sum(paper_mm), 0) AS mm FROM print_jobs WHERE state = 'printed' AND printer = $1 AND updated_at >= $2", [printer, since]);
    return Number(rows[0]?.mm ?? 0);
  }

  async eventsOf(terminalId: string, options: { types?: readonly string[]; limit: number }): Promise<EventRow[]> {
    const types = options.types ?? [];
    const { rows } = await this.pool.query(
      `SELECT ${EVENT_SELECT} FROM events e WHERE e.terminal_id = $1 ${types.length > 0 ? 'AND e.type = ANY($3::text[])' : ''} ORDER BY e.seq DESC LIMIT $2`,
      types.length > 0 ? [terminalId, options.limit, [...types]] : [terminalId, options.limit],
    );
    return rows.map(eventOf);
  }

  async getTransaction(id: string): Promise<StoredTransaction | undefined> {
    const { rows } = await this.pool.query(`SELECT ${TX_SELECT}, ${EVENT_SELECT} FROM transactions t JOIN events e ON e.id = t.event_id WHERE t.id = $1`, [id]);
    const row = rows[0];
    return row ? { row: txOf(row), event: eventOf(row) } : undefined;
  }

  private searchSql(query: SearchQuery): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const tail = buildSearchSql(query, (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return { sql: `SELECT ${TX_SELECT}, ${EVENT_SELECT} FROM transactions t JOIN events e ON e.id = t.event_id ${tail}`, params };
  }

  async search(query: SearchQuery): Promise<StoredTransaction[]> {
    const { sql, params } = this.searchSql(query);
    return (await this.pool.query(sql, params)).rows.map((row) => ({ row: txOf(row), event: eventOf(row) }));
  }

  async explainSearch(query: SearchQuery): Promise<string[]> {
    const { sql, params } = this.searchSql(query);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // On a small table a sequential scan is cheapest and the planner rightly picks it; with
      // seqscan priced out we see the plan it would use on a large journal, and whether an
      // index can serve the query at all.
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query(`EXPLAIN ${sql}`, params);
      return rows.map((r) => String(r['QUERY PLAN']));
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async *chain(): AsyncIterable<ChainedEvent> {
    let terminal = '';
    let seq = 0;
    for (;;) {
      const { rows } = await this.pool.query(
        `SELECT ${EVENT_SELECT}, ${TX_SELECT} FROM events e LEFT JOIN transactions t ON t.event_id = e.id
         WHERE (e.terminal_id, e.seq) > ($1, $2) ORDER BY e.terminal_id, e.seq LIMIT ${PAGE}`,
        [terminal, seq],
      );
      for (const row of rows) yield { event: eventOf(row), indexed: row.id === null ? undefined : txOf(row) };
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      terminal = last.e_terminalId as string;
      seq = Number(last.e_seq);
    }
  }

  /**
   * Ids are drawn when a row is inserted, not when it commits, so a concurrent writer can
   * commit id 7 after id 8 is visible: a backup reading past 8 and resuming "after 8" would
   * lose 7. Events stop at a horizon below which every writer has finished.
   */
  async *events(afterId = 0): AsyncIterable<EventRow> {
    const horizon = await this.committedHorizon();
    let after = afterId;
    for (;;) {
      const { rows } = await this.pool.query(`SELECT ${EVENT_SELECT} FROM events e WHERE e.id > $1 AND e.id <= $2 ORDER BY e.id LIMIT ${PAGE}`, [after, horizon]);
      for (const row of rows) yield eventOf(row);
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = Number(last.e_id);
    }
  }

  private async committedHorizon(): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${WRITERS_LOCK}, 0)`);
      const { rows } = await client.query('SELECT coalesce(max(id), 0) AS id FROM events');
      return Number(rows[0]?.id);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async seqOfHash(terminalId: string, hash: string): Promise<number | undefined> {
    const { rows } = await this.pool.query('SELECT seq FROM events WHERE terminal_id = $1 AND hash = $2', [terminalId, hash]);
    return rows[0] ? Number(rows[0].seq) : undefined;
  }

  async counts(): Promise<{ events: number; transactions: number }> {
    const { rows } = await this.pool.query('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM transactions) AS transactions');
    return { events: Number(rows[0]?.events), transactions: Number(rows[0]?.transactions) };
  }

  /** A disabled trigger refuses nothing, so only enabled ones count as present. */
  async appendOnlyGuards(): Promise<string[]> {
    const { rows } = await this.pool.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid IN (to_regclass('events'), to_regclass('transactions')) AND NOT tgisinternal AND tgenabled <> 'D' ORDER BY tgname`,
    );
    return rows.map((r) => r.tgname as string);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0]?.value as string | undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function listJobs(db: PgQueryable, filter: JobFilter): Promise<PrintJobRow[]> {
  const params: unknown[] = [];
  const tail = buildJobListSql(filter, (v) => (params.push(v), `$${params.length}`));
  return (await db.query(`SELECT ${JOB_COLUMNS.join(', ')} FROM print_jobs ${tail}`, params)).rows.map(jobFromRow);
}

async function txRows(db: PgQueryable, where: string, params: unknown[]): Promise<TransactionRow[]> {
  return (await db.query(`SELECT ${TX_SELECT} FROM transactions t ${where}`, params)).rows.map(txOf);
}
