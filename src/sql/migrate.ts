import type { SqlDialect, SqlExecutor } from './sql-dialect.js';
import { metaTable, type ColumnModel, type SchemaSpec, type TableShape } from './table.js';

const READ_META = `SELECT value FROM ${metaTable.name} WHERE key = ?`;
const WRITE_META = metaTable.upsert(['key']);

async function versionOf(db: SqlExecutor, dialect: SqlDialect, schema: SchemaSpec): Promise<string | undefined> {
  if (!(await db.get(dialect.ddl.tableExists, [metaTable.name]))) return undefined;
  return (await db.get(READ_META, [schema.versionKey]))?.value as string | undefined;
}

/** Columns of the model an older table lacks; each must be addable to rows already there. */
async function missingColumns(db: SqlExecutor, dialect: SqlDialect, table: TableShape): Promise<ColumnModel[]> {
  const present = new Set((await db.all(dialect.ddl.columnNames, [table.name])).map((r) => String(r.name)));
  const missing = table.columns.filter((c) => !present.has(c.name));
  for (const c of missing) {
    if (!c.spec.nullable && c.spec.default === undefined) throw new Error(`${table.name}.${c.key} is new: a column added to an existing table must be nullable or have a default`);
  }
  return missing;
}

/** The meta key that says a table's state guard was installed (once: one removed later stays removed). */
const stateGuardKey = (table: TableShape) => `guarded:${table.name}`;

/** Whether `table`'s guards are to be installed now: with the table, or a state guard new to an older table. */
async function guardNow(tx: SqlExecutor, table: TableShape, existed: boolean): Promise<boolean> {
  if (!existed) return table.spec.appendOnly === true || table.spec.stateGuard !== undefined;
  return table.spec.stateGuard !== undefined && (await tx.get(READ_META, [stateGuardKey(table)])) === undefined;
}

/**
 * Creates a schema in a new database, or brings an older one up to its version: missing
 * tables, indexes and per-engine extras are added. A table's append-only guards are
 * created with the table only, and a state guard once (remembered in meta), so a guard
 * removed later stays removed and verify reports it. Nothing runs when the version is
 * current (DDL takes table locks; live writers are never made to wait for it on every open).
 */
export async function migrate(dialect: SqlDialect, schema: SchemaSpec): Promise<void> {
  if (dialect.readonly || (await versionOf(dialect, dialect, schema)) === schema.version) return;
  await dialect.transaction(async (tx) => {
    // One lock for every schema: two creating the shared meta table at once would clash.
    await tx.lock('schema');
    // Read again under the lock: another process may have just done it.
    if ((await versionOf(tx, dialect, schema)) === schema.version) return;
    const tables: readonly TableShape[] = [metaTable, ...schema.tables];
    for (const table of tables) {
      const existed = (await tx.get(dialect.ddl.tableExists, [table.name])) !== undefined;
      if (existed) for (const column of await missingColumns(tx, dialect, table)) await tx.run(dialect.ddl.addColumn(table, column));
      for (const statement of dialect.ddl.create(table)) await tx.run(statement);
      if (await guardNow(tx, table, existed)) {
        for (const statement of dialect.ddl.guards(table)) await tx.run(statement);
        if (table.spec.stateGuard) await tx.run(WRITE_META, [stateGuardKey(table), 'installed']);
      }
      for (const statement of table.spec.extra?.[dialect.name] ?? []) await tx.run(statement);
    }
    await tx.run(WRITE_META, [schema.versionKey, schema.version]);
  });
}
