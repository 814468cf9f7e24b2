import type { DialectName, SqlRow } from './sql-dialect.js';

/**
 * One table, described once: each dialect renders its DDL (src/sql/<engine>/*-ddl.ts), and
 * the same description gives the select lists, INSERTs, upserts and row decoding that the
 * stores share. Columns are camelCase keys here and snake_case names in the database
 * (cardLast4 → card_last4), in the order written.
 */

export const ColumnTypes = ['text', 'integer', 'bigint', 'real', 'boolean', 'bytes'] as const;
/** integer: 32-bit (INTEGER everywhere); bigint: 64-bit (SQLite INTEGER, PostgreSQL BIGINT); real: DOUBLE PRECISION; boolean: 0/1 in SQLite. */
export type ColumnType = (typeof ColumnTypes)[number];

export interface ColumnSpec {
  readonly type: ColumnType;
  readonly nullable?: boolean;
  readonly primaryKey?: boolean;
  /**
   * An integer primary key the database assigns on insert. 'never-reused-key' also keeps
   * SQLite from handing out the key of a deleted row again (AUTOINCREMENT).
   */
  readonly generated?: 'key' | 'never-reused-key';
  readonly unique?: boolean;
  /** e.g. 'events(id)'. */
  readonly references?: string;
  readonly default?: string | number | boolean;
  /** Compared and sorted by bytes: SQLite's default, COLLATE "C" on PostgreSQL. */
  readonly bytewise?: boolean;
}

export interface IndexSpec {
  readonly name: string;
  /** Column keys. */
  readonly columns: readonly string[];
  /**
   * Ends with the table's integer primary key, so rows come in key order within equal
   * values: implicit in every SQLite index (the rowid), written out for PostgreSQL.
   */
  readonly thenKey?: boolean;
  /** A partial index's condition, in SQL over column names, the same on every engine. */
  readonly where?: string;
  readonly unique?: boolean;
  /**
   * Indexes the text of one key of a JSON column first, before `columns` (each engine writes
   * the expression its own way, see DdlRenderer.jsonText); a query uses the same expression
   * and, for a partial index, the same `where` text.
   */
  readonly json?: { readonly column: string; readonly key: string };
  /**
   * An SQL expression over column names that leads the index, after `json` and before
   * `columns`, the same text on every engine (e.g. a time bucket, so that keys arriving in
   * random order still land at the index's newest end); a query repeats it word for word.
   */
  readonly leading?: string;
}

/**
 * A working table whose rows change only as a state machine allows: `fixed` columns never
 * change, `state` moves only along `transitions` (staying put is allowed in a state that has
 * an entry), a state without an entry is final and its row never changes again, and rows are
 * never deleted. The database refuses anything else, with guards created once like the
 * append-only ones (a guard removed later stays removed, so verify can report it).
 */
export interface StateGuardSpec {
  /** Column key of the state. */
  readonly state: string;
  /** Column keys that never change once the row is written. */
  readonly fixed: readonly string[];
  /** For each state that is not final, the states it may move to. */
  readonly transitions: Readonly<Record<string, readonly string[]>>;
}

export interface TableSpec {
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** Multi-column UNIQUE constraints, as column keys. */
  readonly unique?: readonly (readonly string[])[];
  readonly indexes?: readonly IndexSpec[];
  /**
   * Rows are never updated or deleted: the database refuses it (guards created with the
   * table; one removed later stays removed, so verify can report it).
   */
  readonly appendOnly?: boolean;
  /** Rows change only along a state machine (see StateGuardSpec). */
  readonly stateGuard?: StateGuardSpec;
  /** Per engine, SQL after the column list, e.g. PostgreSQL `PARTITION BY RANGE (occurred_at)`. */
  readonly suffix?: Partial<Record<DialectName, string>>;
  /**
   * Split by calendar month (UTC) of one column where the engine can (PostgreSQL declarative
   * partitioning; SQLite keeps one table). The partition key joins every primary key and
   * unique constraint there, as PostgreSQL requires, so such a constraint holds within a
   * month only: whatever must be unique across months is kept so by the writer (a lock and
   * a check). No foreign keys are declared on a partitioned table. A month is created ahead
   * (SqlDialect.partitions), and on demand when a row arrives for a month that has none.
   */
  readonly partitionByMonth?: PartitionSpec;
  /**
   * Per engine, statements run after the table and its indexes whenever the schema is
   * created or upgraded: an FTS5 table and its triggers, a pg_trgm index, partitions. They
   * must be safe to run again (IF NOT EXISTS, OR REPLACE).
   */
  readonly extra?: Partial<Record<DialectName, readonly string[]>>;
  /**
   * Indexes an older version of the table had and this one no longer wants (replaced by
   * another, or no query uses them): dropped when an older database is upgraded. A name
   * listed here is never reused for a different index.
   */
  readonly droppedIndexes?: readonly string[];
  /**
   * What a table new to an older database starts with, copied from a table already there:
   * `insert` is an INSERT … SELECT from `from` with two placeholders, the range of `key` it
   * copies (after the first, up to the second). The upgrade runs it in steps of `key`, in its
   * upgrade's transaction, saying how far it got (MigrateOptions.onProgress): a large journal's copy
   * takes minutes.
   */
  readonly filledFrom?: { readonly from: string; readonly key: string; readonly insert: string };
}

/** The column a table is split by, and how it holds a time: epoch milliseconds (bigint) or ISO 8601 UTC text. */
export interface PartitionSpec {
  readonly column: string;
  readonly unit: 'epoch-ms' | 'iso-text';
}

type TsType<T extends ColumnType> = T extends 'text' ? string : T extends 'boolean' ? boolean : T extends 'bytes' ? Uint8Array : number;
type ValueOf<C extends ColumnSpec> = C extends { nullable: true } ? TsType<C['type']> | null : TsType<C['type']>;
/** The row a table's decode() gives: one property per column key, typed by the column. */
export type RowOf<S extends TableSpec> = { -readonly [K in keyof S['columns']]: ValueOf<S['columns'][K]> };
export type ColumnKey<S extends TableSpec> = keyof S['columns'] & string;

export interface ColumnModel {
  readonly key: string;
  readonly name: string;
  readonly spec: ColumnSpec;
}

/** What DDL and migration read of a table, whatever its columns. */
export interface TableShape {
  readonly name: string;
  readonly spec: TableSpec;
  readonly columns: readonly ColumnModel[];
  readonly integerKey: ColumnModel | undefined;
  column(key: string): string;
}

/** The database name of the column a table is partitioned by, if it is. */
export function partitionColumn(table: TableShape): string | undefined {
  const spec = table.spec.partitionByMonth;
  return spec === undefined ? undefined : table.column(spec.column);
}

export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A whole number from the database: pg gives BIGINT and count(*) as strings; beyond 2^53 it would not be exact. */
export function toInt(value: unknown): number {
  if (typeof value === 'number') return value;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`the database returned ${String(value)} where a whole number fitting in 53 bits was expected`);
  return n;
}

const decoders: Readonly<Record<ColumnType, (value: unknown) => unknown>> = {
  text: (v) => v,
  integer: toInt,
  bigint: toInt,
  real: (v) => (typeof v === 'number' ? v : Number(v)),
  boolean: (v) => v === true || v === 1,
  bytes: (v) => v,
};

export class TableModel<S extends TableSpec = TableSpec> implements TableShape {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  /** Keys an INSERT writes: every column the database does not generate. */
  readonly insertKeys: readonly ColumnKey<S>[];
  private readonly byKey: ReadonlyMap<string, ColumnModel>;

  constructor(readonly spec: S) {
    this.name = spec.name;
    this.columns = Object.entries(spec.columns).map(([key, column]) => ({ key, name: snakeCase(key), spec: column }));
    this.byKey = new Map(this.columns.map((c) => [c.key, c]));
    this.insertKeys = this.columns.filter((c) => c.spec.generated === undefined).map((c) => c.key as ColumnKey<S>);
    const partition = spec.partitionByMonth;
    if (partition) {
      const type = this.byKey.get(partition.column)?.spec.type;
      if (type !== (partition.unit === 'epoch-ms' ? 'bigint' : 'text')) throw new Error(`${spec.name}: a table split by ${partition.unit} month needs a ${partition.unit === 'epoch-ms' ? 'bigint' : 'text'} column ${partition.column}`);
    }
    if (partition && spec.stateGuard) throw new Error(`${spec.name}: a state-guarded table is not split by month (its guard is not cloned onto partitions)`);
    for (const keys of [...(spec.unique ?? []), ...(spec.indexes ?? []).map((i) => [...i.columns, ...(i.json ? [i.json.column] : [])])]) for (const key of keys) this.column(key);
    for (const name of spec.droppedIndexes ?? []) {
      if (spec.indexes?.some((i) => i.name === name)) throw new Error(`${spec.name}: index ${name} is both wanted and dropped; give the new index a new name`);
    }
    if (spec.stateGuard) for (const key of [spec.stateGuard.state, ...spec.stateGuard.fixed]) this.column(key);
    if (spec.stateGuard && spec.appendOnly) throw new Error(`${spec.name}: a table is append-only or state-guarded, not both`);
    for (const c of this.columns) {
      if (c.spec.generated !== undefined && !(c.spec.primaryKey && (c.spec.type === 'bigint' || c.spec.type === 'integer'))) {
        throw new Error(`${spec.name}.${c.key}: a generated key must be an integer primary key`);
      }
    }
  }

  /** The database name of a column key. */
  column(key: string): string {
    const column = this.byKey.get(key);
    if (!column) throw new Error(`table ${this.name} has no column ${key}`);
    return column.name;
  }

  /** The integer primary key, when the table has one. */
  get integerKey(): ColumnModel | undefined {
    return this.columns.find((c) => c.spec.primaryKey && (c.spec.type === 'bigint' || c.spec.type === 'integer'));
  }

  /** `alias.col AS "<prefix>key", …` — the select list decode() reads (quoted: PostgreSQL folds bare names); only the columns of `keys` when given. */
  select(alias: string = this.name, prefix = '', keys?: readonly ColumnKey<S>[]): string {
    return (keys ?? this.columns.map((c) => c.key)).map((k) => `${alias}.${this.column(k)} AS "${prefix}${k}"`).join(', ');
  }

  /** INSERT of one row with the given keys (default: insertKeys), values as `?`. */
  insert(keys: readonly ColumnKey<S>[] = this.insertKeys): string {
    return `INSERT INTO ${this.name} (${keys.map((k) => this.column(k)).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`;
  }

  /** An INSERT that does nothing when a row with the same `conflict` key exists. */
  insertOrIgnore(conflict: readonly ColumnKey<S>[], keys: readonly ColumnKey<S>[] = this.insertKeys): string {
    return `${this.insert(keys)} ON CONFLICT (${conflict.map((k) => this.column(k)).join(', ')}) DO NOTHING`;
  }

  /** An INSERT that overwrites the other columns of the row with the same `conflict` key. */
  upsert(conflict: readonly ColumnKey<S>[], keys: readonly ColumnKey<S>[] = this.insertKeys): string {
    const set = keys.filter((k) => !conflict.includes(k)).map((k) => `${this.column(k)} = excluded.${this.column(k)}`);
    return `${this.insert(keys)} ON CONFLICT (${conflict.map((k) => this.column(k)).join(', ')}) DO UPDATE SET ${set.join(', ')}`;
  }

  /** The values of `row` in the order of `keys` (default: insertKeys), for insert()/upsert(). */
  values(row: Partial<Record<ColumnKey<S>, unknown>>, keys: readonly ColumnKey<S>[] = this.insertKeys): unknown[] {
    const out = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = row[keys[i] as ColumnKey<S>];
    return out;
  }

  /** A row selected with select(alias, prefix), as typed values: whole numbers as numbers, booleans as booleans. */
  decode(row: SqlRow, prefix = ''): RowOf<S> {
    const out: Record<string, unknown> = {};
    for (const c of this.columns) {
      const value = row[prefix + c.key];
      out[c.key] = value === null || value === undefined ? null : decoders[c.spec.type](value);
    }
    return out as RowOf<S>;
  }
}

/** Describes a table once; `const` keeps the column types for RowOf. */
export function defineTable<const S extends TableSpec>(spec: S): TableModel<S> {
  return new TableModel(spec);
}

export interface SchemaSpec {
  readonly name: string;
  /** Bump it with every added table, column or index: an older database is brought up to it on open. */
  readonly version: string;
  /** The meta key holding the version. */
  readonly versionKey: string;
  readonly tables: readonly TableShape[];
}

/** key → value settings of a database, shared by every schema (each keeps its version here). */
export const metaTable = defineTable({
  name: 'meta',
  columns: {
    key: { type: 'text', primaryKey: true },
    value: { type: 'text' },
  },
});
