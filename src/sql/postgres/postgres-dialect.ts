import { ConfigError, ReissueError } from '../../core/index.js';
import { LOCKS, type LockName } from '../locks.js';
import { likePattern } from '../ddl-parts.js';
import { noteRollbackFailure } from '../rollback.js';
import { monthOfPartition, monthOfValue, monthsFrom, partitionName, type Month } from '../partitions.js';
import { StorageFullError, type WriteCheck } from '../storage-full.js';
import type { CompactOptions, CompactReport, CompactedPartition, LockMode, ReadOptions, SignalTopic, SqlDialect, SqlExecutor, SqlParams, SqlRow, SqlTransaction, TransactionOptions } from '../sql-dialect.js';
import { metaTable, type ColumnType, type TableShape } from '../table.js';
import type { PgPool, PgPoolClient, PgQueryable } from './pg.js';
import { copyIn } from './copy-in.js';
import { postgresDdl } from './postgres-ddl.js';
import { PgSignals } from './pg-signals.js';

const NONE: SqlParams = [];
/** Deadlock and serialization failure: the work runs again and meets the winner's result. */
const TRANSIENT = new Set(['40P01', '40001']);
const UNIQUE_VIOLATION = '23505';
/** A row for a range no partition covers (23514 is also any CHECK violation: the message tells them apart). */
const CHECK_VIOLATION = '23514';
const NO_PARTITION = /^no partition of relation "([^"]+)" found for row/;
/** disk_full: the server could not extend a file. */
const DISK_FULL = '53100';
const ATTEMPTS = 5;
/**
 * Months one transaction may make on demand, and times it may run again for them, before its
 * error is reported instead. A statement that found a month missing makes every month its rows
 * need at once (a shop's first push can span years of history); the times a journal takes
 * (its accept windows) keep those few, this keeps one transaction's DDL bounded whatever comes.
 */
const MONTHS_ON_DEMAND = 240;
const ROUNDS_ON_DEMAND = 24;
const ARRAY_TYPES: Readonly<Record<ColumnType, string>> = { text: 'text[]', integer: 'int4[]', bigint: 'int8[]', real: 'float8[]', boolean: 'bool[]', bytes: 'bytea[]' };
/**
 * Rows from which a multi-row insert goes as COPY instead (one message train, the server's
 * bulk path: several rows a heap page and a WAL record; ~0.7× the server's time for a
 * thousand sales' index rows). Fewer rows keep the plain INSERT (a sale recorded alone).
 */
const COPY_FROM = 16;
/** Column types COPY's text format takes as JavaScript writes them (bytes would need escaping). */
const COPYABLE = new Set<ColumnType>(['text', 'integer', 'bigint', 'boolean']);

const DAY_MS = 86_400_000;
/** The meta key that says a month's partition was compacted (once: rows that come later are few). */
const compactedKey = (partition: string) => `compacted:${partition}`;
/** Indexes REINDEX … CONCURRENTLY left invalid when it stopped half-way, on one table. */
const HALF_REBUILT = `SELECT n.nspname AS schema, c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$' AND i.indrelid IN (SELECT t.oid FROM pg_class t WHERE t.relname LIKE $1 UNION SELECT t.reltoastrelid FROM pg_class t WHERE t.relname LIKE $1)`;
/** Rows a transaction inserted into a table split by month, and the place of the partition column in each. */
interface PendingInsert {
  rows: readonly (readonly unknown[])[];
  at: number;
}
const sqlState = (error: unknown) => (error as { code?: unknown } | null)?.code;

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

/** `?` → `$1, $2, …`, outside quoted strings and names. */
function numbered(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

function lockSql(name: LockName, keyed: boolean, mode: LockMode): string {
  return `SELECT pg_advisory_xact_lock${mode === 'shared' ? '_shared' : ''}(${LOCKS[name]}, ${keyed ? 'hashtext($1)' : '0'})`;
}

/** Several keys of one lock in one statement, taken in the array's order (unnest keeps it). */
function locksSql(name: LockName, mode: LockMode): string {
  return `SELECT count(pg_advisory_xact_lock${mode === 'shared' ? '_shared' : ''}(${LOCKS[name]}, hashtext(k))) FROM unnest($1::text[]) AS k`;
}

export interface PostgresDialectOptions {
  /** The server's URL, for messages; the password is removed. */
  url: string;
  /**
   * Only read here (a hot standby): the schema is not created or migrated and no partitions
   * are made; a write fails as the server refuses it.
   */
  readonly?: boolean;
  /**
   * A pool whose connections reuse a statement's generic plan (PLANNED_READS_SETTINGS): reads
   * asked with `planOnce` run there as named statements, planned once per connection. Without
   * it they are planned at every run, as any other statement.
   */
  plannedReads?: PgPool;
  /**
   * A pool of one connection for LISTEN (the dialect's watch), with a connect timeout: then
   * the watch takes none of the main pool's connections, and a close during an outage does
   * not wait on its attempts to connect for longer than that. Without it the main pool's.
   */
  listening?: PgPool;
}

/**
 * Settings of the planned-reads pool: a named statement keeps its generic plan from its first
 * run. A generic plan is costed before its months are pruned, so a search over 19 months passed
 * jit_above_cost and was compiled at every run (36 ms of 69, at 1.3M sales): no JIT there.
 */
export const PLANNED_READS_SETTINGS = '-c plan_cache_mode=force_generic_plan -c jit=off';

/**
 * Named statements a planned-reads connection keeps at most: a search's text varies with its
 * filters and the hours it reads, and each name holds a plan in every connection's memory.
 * Texts past the limit are planned at every run.
 */
const PLANNED_NAMES_MAX = 256;

/** Why a connection could not be opened, by the driver's (errno) or the server's (SQLSTATE) code. */
const OPEN_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'no-host',
  EAI_AGAIN: 'no-host',
  ETIMEDOUT: 'timed-out',
  '28P01': 'password',
  '28000': 'not-allowed',
  '3D000': 'no-database',
};

/**
 * SQL on a pg pool, shared by many processes: each transaction is one connection from
 * BEGIN to COMMIT, serialised where it must be by advisory locks (LOCKS), and run again
 * after a deadlock or serialization failure.
 */
export class PostgresDialect implements SqlDialect {
  readonly name = 'postgres';
  readonly label = 'PostgreSQL';
  readonly commitsInOrder = false;
  readonly accessHint = 'check that the server is running and reachable, and that the URL names an existing database and a user allowed to create tables there';
  readonly ddl = postgresDdl;
  readonly readonly: boolean;
  readonly location: string;
  commits = 0;
  private readonly texts = new Map<string, string>();
  private readonly executor: SqlExecutor;
  private readonly plannedReads: PgPool | undefined;
  private readonly plannedNames = new Map<string, string>();
  /** Tables split by month, by name, as schemas registered them. */
  private readonly tracked = new Map<string, TableShape>();
  /** Per tracked table: whether it is partitioned in this database (an older one may not be), and the partitions known to exist. */
  private readonly layout = new Map<string, { partitioned: boolean; partitions: Set<string> }>();
  /** The last write here failed for lack of space on the server, and none has succeeded since. */
  private full = false;
  /** The connection under each open transaction, for the statements that need it itself (COPY). */
  private readonly clients = new WeakMap<SqlExecutor, PgPoolClient>();
  /** The sequence behind each table's generated key, by table (COPY draws the keys from it). */
  private readonly sequences = new Map<string, string>();
  /** The last rows each open transaction inserted into each table split by month, by table: the months a missing partition's statement needs. */
  private readonly inserts = new WeakMap<SqlExecutor, Map<string, PendingInsert>>();
  private readonly signals: PgSignals;
  private readonly listening: PgPool | undefined;

  constructor(
    private readonly pool: PgPool,
    options: PostgresDialectOptions,
  ) {
    this.location = redactUrl(options.url);
    this.readonly = options.readonly === true;
    // Without a listener, an idle connection dropped by the server would crash the process;
    // the next query reports the problem instead.
    pool.on('error', () => undefined);
    this.plannedReads = options.plannedReads;
    this.plannedReads?.on('error', () => undefined);
    this.listening = options.listening;
    this.listening?.on('error', () => undefined);
    this.signals = new PgSignals(pool, this.listening ?? pool);
    const direct = this.on(pool);
    const guarded = <T>(run: () => Promise<T>, writes: boolean) => run().then((r) => (writes ? this.wrote(r) : r), (error: unknown) => Promise.reject(this.failure(error)));
    this.executor = {
      all: (sql, params, read) => guarded(() => (read?.planOnce ? this.planned(sql, params) : direct.all(sql, params)), false),
      get: (sql, params) => guarded(() => direct.get(sql, params), false),
      run: (sql, params) => guarded(() => direct.run(sql, params), true),
      insert: (sql, params) => guarded(() => direct.insert(sql, params), true),
    };
  }

  private wrote<T>(result: T): T {
    this.full = false;
    return result;
  }

  /** A full disk on the server becomes DISK_FULL (and is remembered for writeCheck); anything else stays itself. */
  private failure(error: unknown): unknown {
    if (sqlState(error) !== DISK_FULL) return error;
    this.full = true;
    return new StorageFullError('postgres', this.location, error);
  }

  /**
   * PostgreSQL tells a client nothing about the free space on its server's disks, so this
   * reports what writes here met: not writable after a write failed for lack of space until
   * one succeeds; read-only on a server that takes no writes (a standby).
   */
  async writeCheck(): Promise<WriteCheck> {
    if (this.full) return { writable: false, reason: 'disk-full' };
    const row = await this.executor.get("SELECT current_setting('transaction_read_only') AS ro");
    return row?.ro === 'on' ? { writable: false, reason: 'read-only' } : { writable: true };
  }

  private text(sql: string): string {
    let text = this.texts.get(sql);
    if (text === undefined) {
      text = numbered(sql);
      this.texts.set(sql, text);
    }
    return text;
  }

  /** A read on the planned-reads pool under its statement's name (see PostgresDialectOptions.plannedReads). */
  private async planned(sql: string, params: SqlParams = NONE): Promise<SqlRow[]> {
    const text = this.text(sql);
    let name = this.plannedNames.get(text);
    if (name === undefined && this.plannedReads && this.plannedNames.size < PLANNED_NAMES_MAX) {
      name = `reissue_read_${this.plannedNames.size}`;
      this.plannedNames.set(text, name);
    }
    if (name === undefined || !this.plannedReads) return (await this.pool.query(text, params as unknown[])).rows;
    return (await this.plannedReads.query({ name, text, values: params as unknown[] })).rows;
  }

  private on(db: PgQueryable): SqlExecutor {
    const query = (sql: string, params: SqlParams) => db.query(this.text(sql), params as unknown[]);
    return {
      all: async (sql, params = NONE) => (await query(sql, params)).rows,
      get: async (sql, params = NONE) => (await query(sql, params)).rows[0],
      run: async (sql, params = NONE) => (await query(sql, params)).rowCount ?? 0,
      insert: async (sql, params = NONE) => Number((await query(`${sql} RETURNING id`, params)).rows[0]?.id),
    };
  }

  all(sql: string, params?: SqlParams, options?: ReadOptions): Promise<SqlRow[]> {
    return this.executor.all(sql, params, options);
  }

  get(sql: string, params?: SqlParams): Promise<SqlRow | undefined> {
    return this.executor.get(sql, params);
  }

  run(sql: string, params?: SqlParams): Promise<number> {
    return this.executor.run(sql, params);
  }

  insert(sql: string, params?: SqlParams): Promise<number> {
    return this.executor.insert(sql, params);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const begin = options.lock ? `BEGIN; ${lockSql(options.lock.name, false, options.lock.mode ?? 'exclusive')}` : 'BEGIN';
    let roundsOnDemand = 0;
    let monthsOnDemand = 0;
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      // The query in flight fails with it; unheard, the event would end the process.
      const lost = (error: Error) => {
        broken = error;
      };
      client.on('error', lost);
      let inserts: Map<string, PendingInsert> | undefined;
      try {
        await client.query(begin);
        // Transaction locks are held to the end: one taken again (a sale's jobs read twice in one write) costs no round trip.
        const held = new Set<string>();
        const tx: SqlTransaction = {
          ...this.on(client),
          // A statement of its own, so under READ COMMITTED what follows sees what the previous holder committed.
          lock: async (name, key, mode = 'exclusive') => {
            const ids = (typeof key === 'object' ? key : [key]).map((k) => ({ k, id: `${mode} ${name} ${k ?? ''}` }));
            const fresh = ids.filter(({ k, id }) => !held.has(id) && !held.has(`exclusive ${name} ${k ?? ''}`));
            if (fresh.length === 0) return;
            const only = fresh.length === 1 ? fresh[0] : undefined;
            if (only) await client.query(lockSql(name, only.k !== undefined, mode), only.k === undefined ? [] : [only.k]);
            else await client.query(locksSql(name, mode), [fresh.map(({ k }) => k)]);
            for (const { id } of fresh) held.add(id);
          },
        };
        this.clients.set(tx, client);
        inserts = new Map();
        this.inserts.set(tx, inserts);
        const result = await work(tx);
        await client.query('COMMIT');
        this.commits += 1;
        return this.wrote(result);
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          noteRollbackFailure(error, rollbackError);
        }
        const state = sqlState(error);
        // A row for a month without a partition: make it (in a transaction of its own) and run the work again.
        if (state === CHECK_VIOLATION && roundsOnDemand < ROUNDS_ON_DEMAND) {
          const made = await this.partitionsFor(error, inserts, MONTHS_ON_DEMAND - monthsOnDemand);
          if (made !== undefined) {
            roundsOnDemand++;
            monthsOnDemand += made;
            attempt--;
            continue;
          }
        }
        const transient = typeof state === 'string' && (TRANSIENT.has(state) || (options.retryUniqueViolation === true && state === UNIQUE_VIOLATION));
        if (attempt < ATTEMPTS && transient) continue;
        throw this.failure(error);
      } finally {
        client.removeListener('error', lost);
        client.release(broken);
      }
    }
  }

  /**
   * One statement for the whole batch, one round trip: in a transaction, from COPY_FROM rows
   * on, COPY FROM STDIN (a generated key drawn from its sequence first, in one more
   * statement, since COPY returns nothing); else INSERT … SELECT FROM unnest(…), one array a column.
   */
  async insertMany(db: SqlExecutor, table: TableShape, keys: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const columns = keys.map((key) => {
      const column = table.columns.find((c) => c.key === key);
      if (!column) throw new Error(`table ${table.name} has no column ${key}`);
      return column;
    });
    const generated = table.integerKey?.spec.generated ? table.integerKey.name : undefined;
    const client = this.clients.get(db);
    const spec = table.spec.partitionByMonth;
    const at = spec ? keys.indexOf(spec.column) : -1;
    if (spec && at >= 0) this.inserts.get(db)?.set(table.name, { rows, at });
    if (client && rows.length >= COPY_FROM && columns.every((c) => COPYABLE.has(c.spec.type))) return this.copyMany(db, client, table, columns.map((c) => c.name), rows, generated);
    const arrays = keys.map((_, i) => rows.map((row) => row[i] ?? null));
    const sql =
      `INSERT INTO ${table.name} (${columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${columns.map((c) => `?::${ARRAY_TYPES[c.spec.type]}`).join(', ')})` +
      (generated ? ` RETURNING ${generated} AS id` : '');
    if (!generated) {
      await db.run(sql, arrays);
      return [];
    }
    // Rows come back in the order the SELECT gave them, which is the arrays' order.
    return (await db.all(sql, arrays)).map((r) => Number(r.id));
  }

  /**
   * COPY of the rows on the transaction's connection. A generated key is drawn from the
   * table's sequence first, ascending in the rows' order as INSERT would number them (COPY
   * writes the values it is given into an identity column, GENERATED ALWAYS or not).
   */
  private async copyMany(db: SqlExecutor, client: PgPoolClient, table: TableShape, names: readonly string[], rows: readonly (readonly unknown[])[], generated: string | undefined): Promise<number[]> {
    if (generated === undefined) {
      await client.query(copyIn(`COPY ${table.name} (${names.join(', ')}) FROM STDIN`, rows));
      return [];
    }
    let sequence = this.sequences.get(table.name);
    if (sequence === undefined) {
      const found = (await db.get('SELECT pg_get_serial_sequence(?, ?) AS s', [table.name, generated]))?.s;
      if (typeof found !== 'string') throw new Error(`table ${table.name} has no sequence behind ${generated}`);
      sequence = found;
      this.sequences.set(table.name, sequence);
    }
    // The sequence named as a constant: pg_get_serial_sequence in the statement would be looked up again for every row (~10 µs each).
    const drawn = await db.all(`SELECT nextval('${sequence.replace(/'/g, "''")}') AS id FROM generate_series(1, ?)`, [rows.length]);
    const ids = drawn.map((r) => Number(r.id)).sort((a, b) => a - b);
    await client.query(copyIn(`COPY ${table.name} (${generated}, ${names.join(', ')}) FROM STDIN`, rows.map((row, i) => [ids[i], ...row])));
    return ids;
  }

  track(tables: readonly TableShape[]): void {
    for (const table of tables) if (table.spec.partitionByMonth) this.tracked.set(table.name, table);
  }

  /** Whether a tracked table is partitioned here, and which partitions it has (read once, then kept up to date). */
  private async layoutOf(table: TableShape): Promise<{ partitioned: boolean; partitions: Set<string> }> {
    let layout = this.layout.get(table.name);
    if (!layout) {
      const partitioned = (await this.get(this.ddl.partitioned ?? '', [table.name])) !== undefined;
      const partitions = new Set(partitioned ? (await this.all(this.ddl.partitions ?? '', [table.name])).map((r) => r.name as string) : []);
      layout = { partitioned, partitions };
      this.layout.set(table.name, layout);
    }
    return layout;
  }

  /** Makes the partitions of `months` a table lacks, one month a transaction, under the schema lock. */
  private async makePartitions(table: TableShape, months: readonly Month[]): Promise<string[]> {
    const layout = await this.layoutOf(table);
    if (!layout.partitioned) return [];
    const made: string[] = [];
    for (const month of months) {
      const name = partitionName(table.name, month);
      if (layout.partitions.has(name)) continue;
      await this.transaction(async (tx) => {
        // Two processes making the same month at once would clash on the catalog.
        await tx.lock('schema');
        for (const statement of this.ddl.partition?.(table, month) ?? []) await tx.run(statement);
      });
      layout.partitions.add(name);
      made.push(name);
    }
    return made;
  }

  async ensurePartitions(from: Month, count: number): Promise<string[]> {
    const made: string[] = [];
    for (const table of this.tracked.values()) made.push(...(await this.makePartitions(table, monthsFrom(from, count))));
    return made;
  }

  /**
   * Rebuilds the indexes of every month's partition that ended more than `graceDays` ago
   * and was not compacted yet, one partition after the other, with REINDEX … CONCURRENTLY:
   * reads and writes of the month go on meanwhile. One process at a time (a session lock;
   * another finds it `busy`). A rebuild that fails leaves no half-built index behind and the
   * month is tried again next time; the error is thrown.
   */
  async compactMonths({ now, graceDays = 3, onProgress, signal }: CompactOptions): Promise<CompactReport> {
    if (this.readonly || signal?.aborted) return { compacted: [], busy: false, ...(signal?.aborted ? { stopped: true } : {}) };
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const lost = (error: Error) => {
      broken = error;
    };
    client.on('error', lost);
    let pid: number | undefined;
    // A server that stops does not wait minutes for a rebuild: its statement is cancelled (from another connection, as PostgreSQL wants).
    const cancel = () => void (pid === undefined ? undefined : this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined));
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number;
      const got = (await client.query('SELECT pg_try_advisory_lock($1, 0) AS got', [LOCKS.compaction])).rows[0]?.got === true;
      if (!got) return { compacted: [], busy: true };
      try {
        const due = await this.monthsToCompact(client, now - graceDays * DAY_MS);
        // What a run that was stopped left behind goes first, whatever month it was.
        for (const table of this.tracked.values()) await this.dropHalfRebuilt(client, `${table.name}_p%`);
        onProgress?.(0, due.length, undefined);
        const compacted: CompactedPartition[] = [];
        for (const partition of due) {
          if (signal?.aborted) return { compacted, busy: false, stopped: true };
          try {
            compacted.push(await this.compactPartition(client, partition));
          } catch (error) {
            if (signal?.aborted) return { compacted, busy: false, stopped: true };
            throw error;
          }
          onProgress?.(compacted.length, due.length, partition);
        }
        return { compacted, busy: false };
      } finally {
        if (!broken) await client.query('SELECT pg_advisory_unlock($1, 0)', [LOCKS.compaction]);
      }
    } finally {
      signal?.removeEventListener('abort', cancel);
      client.removeListener('error', lost);
      // A connection that broke is not given back to the pool (its session lock went with it).
      client.release(broken);
    }
  }

  /** Partitions of months that ended before `endedBy`, not compacted yet, with rows. */
  private async monthsToCompact(client: PgQueryable, endedBy: number): Promise<string[]> {
    const due: string[] = [];
    for (const table of this.tracked.values()) {
      if (!(await client.query(numbered(this.ddl.partitioned ?? ''), [table.name])).rows[0]) continue;
      const names = (await client.query(numbered(this.ddl.partitions ?? ''), [table.name])).rows.map((r) => String(r.name)).sort();
      for (const name of names) {
        const month = monthOfPartition(table.name, name);
        if (!month || Date.UTC(month.year, month.month, 1) > endedBy) continue;
        if ((await client.query(`SELECT 1 FROM ${metaTable.name} WHERE key = $1`, [compactedKey(name)])).rows[0]) continue;
        if (!(await client.query(`SELECT 1 FROM "${name}" LIMIT 1`)).rows[0]) continue;
        due.push(name);
      }
    }
    return due;
  }

  private async compactPartition(client: PgQueryable, partition: string): Promise<CompactedPartition> {
    const size = async () => Number((await client.query('SELECT pg_indexes_size(to_regclass($1)) AS bytes', [partition])).rows[0]?.bytes ?? 0);
    const before = await size();
    const started = performance.now();
    try {
      await client.query(`REINDEX TABLE CONCURRENTLY "${partition}"`);
    } catch (error) {
      await this.dropHalfRebuilt(client, partition).catch((cleanUp: unknown) => noteRollbackFailure(error, cleanUp));
      throw new ReissueError('unavailable', 'COMPACTION_FAILED', `rebuilding the indexes of ${partition} failed: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'nothing was lost and searches go on with the indexes as they were; the month is compacted again next time',
        cause: error,
        context: { partition, reason: error instanceof Error ? error.message : String(error) },
      });
    }
    const result = { partition, before, after: await size(), ms: Math.round(performance.now() - started) };
    await client.query(numbered(metaTable.upsert(['key'])), [compactedKey(partition), JSON.stringify({ at: new Date().toISOString(), before: result.before, after: result.after })]);
    return result;
  }

  /**
   * An interrupted REINDEX … CONCURRENTLY leaves invalid copies that every write still
   * updates: dropped, on the tables whose names are LIKE `tables` and their TOAST tables. Dropping one waits for the
   * transactions that have the table open, so not for long: one still held is dropped by
   * the next run.
   */
  private async dropHalfRebuilt(client: PgQueryable, tables: string): Promise<void> {
    // The statement_timeout that may have stopped the rebuild would stop the clean-up too.
    await client.query("SET statement_timeout = 0; SET lock_timeout = '5s'");
    try {
      for (const row of (await client.query(HALF_REBUILT, [tables])).rows) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${String(row.schema)}"."${String(row.name)}"`);
    } finally {
      await client.query('RESET statement_timeout; RESET lock_timeout');
    }
  }

  /**
   * The partitions a statement found missing (error 23514 "no partition of relation … found for
   * row"), made now: the month of the row the error names and those of every row of the last
   * insert into that table (`inserts`), at most `budget` of them, oldest first. How many were
   * made (0 when another process made them first); undefined for any other error, or when the
   * budget is spent.
   */
  private async partitionsFor(error: unknown, inserts: ReadonlyMap<string, PendingInsert> | undefined, budget: number): Promise<number | undefined> {
    const e = error as { message?: unknown; detail?: unknown } | null;
    const table = this.tracked.get(NO_PARTITION.exec(String(e?.message ?? ''))?.[1] ?? '');
    const value = /contains \(.*?\) = \((.*)\)\.?$/s.exec(String(e?.detail ?? ''))?.[1];
    const spec = table?.spec.partitionByMonth;
    const month = spec && value !== undefined ? monthOfValue(value, spec.unit) : undefined;
    if (!table || !spec || !month || budget <= 0) return undefined;
    // The layout read earlier may be stale: read it again before making the months.
    this.layout.delete(table.name);
    const { partitions } = await this.layoutOf(table);
    const wanted = new Map([[partitionName(table.name, month), month]]);
    const pending = inserts?.get(table.name);
    for (const row of pending?.rows ?? []) {
      const v = row[pending?.at ?? -1];
      const m = v === null || v === undefined ? undefined : monthOfValue(String(v), spec.unit);
      if (m) wanted.set(partitionName(table.name, m), m);
    }
    const missing = [...wanted].filter(([name]) => !partitions.has(name)).sort(([a], [b]) => (a < b ? -1 : 1));
    return (await this.makePartitions(table, missing.slice(0, budget).map(([, m]) => m))).length;
  }

  violatesUnique(error: unknown, table: string, column: string): boolean {
    const e = error as { code?: unknown; constraint?: unknown } | null;
    return e?.code === UNIQUE_VIOLATION && e.constraint === `${table}_${column}_unique`;
  }

  /** ILIKE per word: the pg_trgm GIN index serves it (words of three characters or more) where the extension exists. */
  containsWords(table: TableShape, alias: string, column: string, words: readonly string[]): { sql: string; params: unknown[] } {
    return { sql: words.map(() => `${alias}.${table.column(column)} ILIKE ? ESCAPE '\\'`).join(' AND '), params: words.map(likePattern) };
  }

  async explain(sql: string, params: SqlParams = NONE): Promise<string[]> {
    return this.transaction(async (tx) => {
      // On a small table a sequential scan is cheapest and the planner rightly picks it; with
      // seqscan priced out we see the plan it would use on a large journal, and whether an
      // index can serve the query at all.
      await tx.run('SET LOCAL enable_seqscan = off');
      return (await tx.all(`EXPLAIN ${sql}`, params)).map((r) => String(r['QUERY PLAN']));
    });
  }

  async triggers(tables: readonly string[]): Promise<string[]> {
    // A disabled trigger refuses nothing, so only enabled ones count.
    const rows = await this.all(
      `SELECT tgname FROM pg_trigger WHERE tgrelid IN (${tables.map(() => 'to_regclass(?)').join(', ')}) AND NOT tgisinternal AND tgenabled <> 'D' ORDER BY tgname`,
      tables,
    );
    return rows.map((r) => r.tgname as string);
  }

  /**
   * Where this server is in the write-ahead log, in bytes from its start: on a primary what it
   * has inserted (committed, flushed or not: with asynchronous commits the two differ), on a
   * hot standby what it has replayed (so a standby's lag is the difference).
   */
  async walPosition(): Promise<{ bytes: bigint; standby: boolean }> {
    const row = await this.executor.get(
      "SELECT pg_is_in_recovery() AS standby, pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END, '0/0')::text AS bytes",
    );
    return { bytes: BigInt(String(row?.bytes ?? '0')), standby: row?.standby === true };
  }

  openFailure(what: string, error: unknown): unknown {
    if (error instanceof ReissueError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    // The usual mistakes by the driver's or the server's code, so they are said in the reader's language; the driver's words stay for English and the log.
    const rule = OPEN_FAILURES[String((error as { code?: unknown } | null)?.code)];
    return new ConfigError('POSTGRES_UNAVAILABLE', `cannot open the PostgreSQL ${what} at ${this.location}: ${reason}`, {
      hint: this.accessHint,
      cause: error,
      context: { location: this.location, reason, ...(rule ? { rule } : {}) },
    });
  }

  signal(topic: SignalTopic): Promise<void> {
    return this.signals.signal(topic);
  }

  watch(topic: SignalTopic, onSignal: () => void): () => void {
    return this.signals.watch(topic, onSignal);
  }

  async close(): Promise<void> {
    await this.signals.close();
    await Promise.all([this.pool.end(), this.plannedReads?.end(), this.listening?.end()]);
  }
}
