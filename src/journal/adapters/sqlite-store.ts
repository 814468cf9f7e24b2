import { ConfigError } from '../../core/index.js';
import { buildJobListSql, buildJobPatchSql, jobFromRow, type JobFilter, type NewPrintJob, type PrintJobPatch, type PrintJobRow } from '../print-jobs.js';
import { TRANSACTION_COLUMNS, buildSearchSql, type SearchQuery } from '../search-query.js';
import { JOB_COLUMNS, eventFromRow, type ChainedEvent, type EventRow, type JournalStore, type NewEventRow, type StoreInfo, type StoreWriter, type StoredTransaction, type TransactionRow } from '../store.js';
import type { SqliteBackupProgress, SqliteDatabase, SqliteOpener } from './sqlite-database.js';
import { SQLITE_GUARDS, SQLITE_SCHEMA_VERSION, SQLITE_TABLES } from './sqlite-schema.js';

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const TX_SELECT = TRANSACTION_COLUMNS.map((c) => `t.${c} AS ${camel(c)}`).join(', ');
const EVENT_COLUMNS = ['id', 'terminal_id', 'seq', 'type', 'recorded_at', 'payload', 'prev_hash', 'hash'] as const;
const EVENT_SELECT = EVENT_COLUMNS.map((c) => `e.${c} AS e_${camel(c)}`).join(', ');
const PAGE = 2000;
// Hot statements are built once: the statement cache is keyed by SQL text, and rebuilding
// and hashing these strings for every sale showed up in the append profile.
const INSERT_EVENT = 'INSERT INTO events (terminal_id, seq, type, recorded_at, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)';
const INSERT_TRANSACTION = `INSERT INTO transactions (${TRANSACTION_COLUMNS.join(', ')}) VALUES (${TRANSACTION_COLUMNS.map(() => '?').join(', ')})`;
const LAST_EVENT = 'SELECT seq, hash FROM events WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1';
const TX_BY_ID = `SELECT ${TX_SELECT} FROM transactions t WHERE t.id = ?`;

type Joined = Record<string, unknown>;

const eventOf = eventFromRow;

const TX_KEYS = TRANSACTION_COLUMNS.map(camel);

function txOf(row: Joined): TransactionRow {
  const out: Record<string, unknown> = {};
  for (const key of TX_KEYS) out[key] = row[key];
  return out as unknown as TransactionRow;
}

export interface SqliteStoreOptions {
  file: string;
  open: SqliteOpener;
  readonly?: boolean;
}

/**
 * The journal on one SQLite file: WAL, synchronous=FULL (checked, not assumed), writes
 * serialised through BEGIN IMMEDIATE so several processes can share the file.
 */
export class SqliteStore implements JournalStore {
  readonly info: StoreInfo;
  readonly db: SqliteDatabase;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();

  constructor(options: SqliteStoreOptions) {
    this.info = { kind: 'sqlite', location: options.file };
    this.db = options.open(options.file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    try {
      this.db.pragma('busy_timeout = 10000');
      if (!options.readonly) {
        const mode = String(this.db.pragma('journal_mode = WAL', { simple: true }));
        if (mode.toLowerCase() !== 'wal') {
          throw new ConfigError('SQLITE_NOT_WAL', `SQLite refused write-ahead logging for ${options.file} (mode is ${mode})`, {
            hint: 'put the journal on a local disk that supports WAL (not a network share or :memory:)',
            context: { file: options.file, mode },
          });
        }
      }
      this.db.pragma('synchronous = FULL');
      const sync = Number(this.db.pragma('synchronous', { simple: true }));
      if (sync !== 2) {
        throw new ConfigError('SQLITE_NOT_DURABLE', `SQLite would not run with synchronous=FULL (got ${sync})`, {
          hint: 'Reissue needs every acknowledged sale on disk; remove any setting that lowers synchronous',
          context: { value: sync },
        });
      }
      this.db.pragma('foreign_keys = ON');
      // The schema is created once, for a new journal: a guard removed later stays removed so
      // that verify reports it rather than a reopen hiding it.
      if (!options.readonly) this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** Creates a new journal whole; brings an older one's tables and indexes up to date. */
  private migrate(): void {
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    const version = exists ? (this.db.prepare("SELECT value FROM meta WHERE key = 'schemaVersion'").get() as { value: string } | undefined)?.value : undefined;
    if (exists && version === SQLITE_SCHEMA_VERSION) return;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.exec(SQLITE_TABLES);
      if (!exists) this.db.exec(SQLITE_GUARDS);
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('schemaVersion', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(SQLITE_SCHEMA_VERSION);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private stmt(sql: string): ReturnType<SqliteDatabase['prepare']> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async write<T>(work: (writer: StoreWriter) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.writer);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private readonly writer: StoreWriter = {
    lastEvent: async (terminalId) =>
      this.stmt(LAST_EVENT).get(terminalId) as { seq: number; hash: string } | undefined,
    insertEvent: async (e: NewEventRow) =>
      Number(
        this.stmt(INSERT_EVENT).run(
          e.terminalId, e.seq, e.type, e.recordedAt, e.payload, e.prevHash, e.hash,
        ).lastInsertRowid,
      ),
    insertTransaction: async (r: TransactionRow) => {
      this.stmt(INSERT_TRANSACTION).run(
        r.id, r.eventId, r.terminalId, r.batchNo, r.voucherNo, r.referenceNo, r.cardLast4, r.operatorId,
        r.kind, r.amountMinor, r.currency, r.occurredAt, r.merchantId, r.originalId, r.contentHash,
      );
    },
    transactionById: async (id) => {
      const row = this.stmt(TX_BY_ID).get(id) as Joined | undefined;
      return row ? txOf(row) : undefined;
    },
    transactionsByReference: async (ref) => this.txRows('WHERE t.reference_no = ?', ref),
    dependents: async (originalId) => this.txRows('WHERE t.original_id = ?', originalId),
    insertJob: async (job: NewPrintJob) => {
      const columns = JOB_COLUMNS.slice(1);
      const values = columns.map((c) => (job as unknown as Record<string, unknown>)[c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())]);
      return Number(this.stmt(`INSERT INTO print_jobs (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values).lastInsertRowid);
    },
    updateJob: async (id: number, from: readonly string[], patch: PrintJobPatch) => {
      const params: unknown[] = [];
      const set = buildJobPatchSql(patch, (v) => (params.push(v), '?'));
      const sql = `UPDATE print_jobs SET ${set} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`;
      return this.db.prepare(sql).run(...params, id, ...from).changes === 1;
    },
    jobsOfTransaction: async (transactionId: string) => this.listJobsNow({ transactionId }),
  };

  private listJobsNow(filter: JobFilter): PrintJobRow[] {
    const params: unknown[] = [];
    const tail = buildJobListSql(filter, (v) => (params.push(v), '?'));
    return (this.stmt(`SELECT ${JOB_COLUMNS.join(', ')} FROM print_jobs ${tail}`).all(...params) as Record<string, unknown>[]).map(jobFromRow);
  }

  async getJob(id: number): Promise<PrintJobRow | undefined> {
    const row = this.stmt(`SELECT ${JOB_COLUMNS.join(', ')} FROM print_jobs WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return row ? jobFromRow(row) : undefined;
  }

  async listJobs(filter: JobFilter): Promise<PrintJobRow[]> {
    return this.listJobsNow(filter);
  }

  async paperUsed(printer: string, since: number): Promise<number> {
    const row = this.stmt("SELECT coalesce(sum(paper_mm), 0) AS mm FROM print_jobs WHERE state = 'printed' AND printer = ? AND updated_at >= ?").get(printer, since) as { mm: number };
    return row.mm;
  }

  async eventsOf(terminalId: string, options: { types?: readonly string[]; limit: number }): Promise<EventRow[]> {
    const types = options.types ?? [];
    const filter = types.length > 0 ? `AND e.type IN (${types.map(() => '?').join(', ')})` : '';
    const rows = this.stmt(`SELECT ${EVENT_SELECT} FROM events e WHERE e.terminal_id = ? ${filter} ORDER BY e.seq DESC LIMIT ?`).all(terminalId, ...types, options.limit) as Joined[];
    return rows.map(eventOf);
  }

  private txRows(where: string, ...params: unknown[]): TransactionRow[] {
    return (this.stmt(`SELECT ${TX_SELECT} FROM transactions t ${where}`).all(...params) as Joined[]).map(txOf);
  }

  async getTransaction(id: string): Promise<StoredTransaction | undefined> {
    const row = this.stmt(`SELECT ${TX_SELECT}, ${EVENT_SELECT} FROM transactions t JOIN events e ON e.id = t.event_id WHERE t.id = ?`).get(id) as Joined | undefined;
    return row ? { row: txOf(row), event: eventOf(row) } : undefined;
  }

  private searchSql(query: SearchQuery): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const tail = buildSearchSql(query, (value) => {
      params.push(value);
      return '?';
    });
    return { sql: `SELECT ${TX_SELECT}, ${EVENT_SELECT} FROM transactions t JOIN events e ON e.id = t.event_id ${tail}`, params };
  }

  async search(query: SearchQuery): Promise<StoredTransaction[]> {
    const { sql, params } = this.searchSql(query);
    return (this.stmt(sql).all(...params) as Joined[]).map((row) => ({ row: txOf(row), event: eventOf(row) }));
  }

  async explainSearch(query: SearchQuery): Promise<string[]> {
    const { sql, params } = this.searchSql(query);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  }

  async *chain(): AsyncIterable<ChainedEvent> {
    let terminal = '';
    let seq = 0;
    const page = this.stmt(
      `SELECT ${EVENT_SELECT}, ${TX_SELECT} FROM events e LEFT JOIN transactions t ON t.event_id = e.id
       WHERE (e.terminal_id > ? OR (e.terminal_id = ? AND e.seq > ?)) ORDER BY e.terminal_id, e.seq LIMIT ${PAGE}`,
    );
    for (;;) {
      const rows = page.all(terminal, terminal, seq) as Joined[];
      for (const row of rows) yield { event: eventOf(row), indexed: row.id === null ? undefined : txOf(row) };
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      terminal = last.e_terminalId as string;
      seq = last.e_seq as number;
    }
  }

  async *events(afterId = 0): AsyncIterable<EventRow> {
    let after = afterId;
    const page = this.stmt(`SELECT ${EVENT_SELECT} FROM events e WHERE e.id > ? ORDER BY e.id LIMIT ${PAGE}`);
    for (;;) {
      const rows = page.all(after) as Joined[];
      for (const row of rows) yield eventOf(row);
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = last.e_id as number;
    }
  }

  async seqOfHash(terminalId: string, hash: string): Promise<number | undefined> {
    const row = this.stmt('SELECT seq FROM events WHERE terminal_id = ? AND hash = ?').get(terminalId, hash) as { seq: number } | undefined;
    return row?.seq;
  }

  async counts(): Promise<{ events: number; transactions: number }> {
    return this.stmt('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM transactions) AS transactions').get() as {
      events: number;
      transactions: number;
    };
  }

  async appendOnlyGuards(): Promise<string[]> {
    return (this.stmt("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** A consistent copy of the live file while writers go on (SQLite online backup). */
  async snapshotTo(file: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    await this.db.backup(file, {
      progress: (info: SqliteBackupProgress) => {
        onProgress?.(info.totalPages - info.remainingPages, info.totalPages);
        return 2000;
      },
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
