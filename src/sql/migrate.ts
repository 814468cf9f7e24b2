import { addedColumnCheck, dropIndexSql } from './ddl-parts.js';
import { addMonths, monthOfTime } from './partitions.js';
import type { SqlDialect, SqlExecutor } from './sql-dialect.js';
import { metaTable, toInt, type ColumnModel, type SchemaSpec, type TableShape } from './table.js';

const READ_META = `SELECT value FROM ${metaTable.name} WHERE key = ?`;
const WRITE_META = metaTable.upsert(['key']);
/** Months a partitioned table has partitions for from the start: the last one, this one and three ahead. */
const MONTHS_BEHIND = 1;
const MONTHS_AHEAD = 3;

async function versionOf(db: SqlExecutor, dialect: SqlDialect, schema: SchemaSpec): Promise<string | undefined> {
  if (!(await db.get(dialect.ddl.tableExists, [metaTable.name]))) return undefined;
  return (await db.get(READ_META, [schema.versionKey]))?.value as string | undefined;
}

/** Columns of the model an older table lacks; each must be addable to rows already there. */
async function missingColumns(db: SqlExecutor, dialect: SqlDialect, table: TableShape): Promise<ColumnModel[]> {
  const present = new Set((await db.all(dialect.ddl.columnNames, [table.name])).map((r) => String(r.name)));
  const missing = table.columns.filter((c) => !present.has(c.name));
  for (const c of missing) addedColumnCheck(table, c);
  return missing;
}

/** The meta key that says a table's state guard was installed (once: one removed later stays removed). */
const stateGuardKey = (table: TableShape) => `guarded:${table.name}`;

/** Whether `table`'s guards are to be installed now: with the table, or a state guard new to an older table. */
async function guardNow(tx: SqlExecutor, table: TableShape, existed: boolean): Promise<boolean> {
  if (!existed) return table.spec.appendOnly === true || table.spec.stateGuard !== undefined;
  return table.spec.stateGuard !== undefined && (await tx.get(READ_META, [stateGuardKey(table)])) === undefined;
}

export interface MigrateOptions {
  /** Epoch ms: which months get partitions ahead (Date.now unless given). */
  now?: number;
  /** How far an upgrade's copy into a new table got (TableSpec.filledFrom), in keys of the table it copies. */
  onProgress?: (step: string, done: number, total: number) => void;
  /** Keys of the source table a step of such a copy covers (tests make it small). */
  fillStep?: number;
}

/** Keys of the source table a step of a copy covers: a step is one statement, its progress reported after it. */
const FILL_STEP = 200_000;

/** Copies into a table just added to an older database what its `filledFrom` says, step by step. */
async function fill(tx: SqlExecutor, table: TableShape, { onProgress, fillStep = FILL_STEP }: MigrateOptions): Promise<void> {
  const spec = table.spec.filledFrom;
  if (!spec) return;
  // Its statements are the table and then its indexes only when it is one table (see migrate).
  if (table.spec.partitionByMonth) throw new Error(`${table.name}: a table filled on upgrade is not split by month`);
  const span = await tx.get(`SELECT min(${spec.key}) AS low, max(${spec.key}) AS high FROM ${spec.from}`);
  if (span?.low === null || span?.low === undefined) return;
  const low = toInt(span.low) - 1;
  const high = toInt(span.high);
  const step = `filling ${table.name} from ${spec.from}`;
  // Only a copy of several steps is worth telling about (a small journal's upgrade stays silent).
  const report = high - low > fillStep ? onProgress : undefined;
  report?.(step, 0, high - low);
  for (let at = low; at < high; at += fillStep) {
    const to = Math.min(high, at + fillStep);
    await tx.run(spec.insert, [at, to]);
    report?.(step, to - low, high - low);
  }
}

/**
 * Creates a schema in a new database, or brings an older one up to its version: missing
 * tables, columns, indexes and per-engine extras are added, and indexes the tables no longer want dropped. A table's append-only guards are
 * created with the table only, and a state guard once (remembered in meta), so a guard
 * removed later stays removed and verify reports it. Nothing runs when the version is
 * current (DDL takes table locks; live writers are never made to wait for it on every open),
 * except making sure partitioned tables have their months ahead.
 */
export async function migrate(dialect: SqlDialect, schema: SchemaSpec, options: MigrateOptions = {}): Promise<void> {
  dialect.track(schema.tables);
  if (dialect.readonly) return;
  if ((await versionOf(dialect, dialect, schema)) !== schema.version) {
    await dialect.transaction(async (tx) => {
      // One lock for every schema: two creating the shared meta table at once would clash.
      await tx.lock('schema');
      // Read again under the lock: another process may have just done it.
      if ((await versionOf(tx, dialect, schema)) === schema.version) return;
      const tables: readonly TableShape[] = [metaTable, ...schema.tables];
      for (const table of tables) {
        const existed = (await tx.get(dialect.ddl.tableExists, [table.name])) !== undefined;
        // Columns go in before indexes that may name them.
        if (existed) for (const column of await missingColumns(tx, dialect, table)) await tx.run(dialect.ddl.addColumn(table, column));
        // Replaced indexes go before their replacements are built: the file never holds both.
        if (existed) for (const statement of dropIndexSql(table)) await tx.run(statement);
        const create = dialect.ddl.create(table);
        if (!existed && table.spec.filledFrom) {
          // A table new to an older database starts with what the rows already there say. Its
          // indexes come after the copy: built from the rows at once, not entry by entry into
          // random places (a unique index over 10M sale ids); its guards refuse no insert anyway.
          const [createTable, ...indexes] = create;
          if (createTable !== undefined) await tx.run(createTable);
          await fill(tx, table, options);
          for (const statement of indexes) await tx.run(statement);
        } else {
          for (const statement of create) await tx.run(statement);
        }
        if (await guardNow(tx, table, existed)) {
          for (const statement of dialect.ddl.guards(table)) await tx.run(statement);
          if (table.spec.stateGuard) await tx.run(WRITE_META, [stateGuardKey(table), 'installed']);
        }
        for (const statement of table.spec.extra?.[dialect.name] ?? []) await tx.run(statement);
      }
      await tx.run(WRITE_META, [schema.versionKey, schema.version]);
    });
  }
  if (schema.tables.some((t) => t.spec.partitionByMonth)) {
    await dialect.ensurePartitions(addMonths(monthOfTime(options.now ?? Date.now()), -MONTHS_BEHIND), MONTHS_BEHIND + 1 + MONTHS_AHEAD);
  }
}
