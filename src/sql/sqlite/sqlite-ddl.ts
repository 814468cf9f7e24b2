import { appendOnlyMessage, createIndexSql, createTableSql, defaultSql, guardName } from '../ddl-parts.js';
import type { DdlRenderer } from '../sql-dialect.js';
import type { ColumnModel, ColumnType, TableShape } from '../table.js';

const TYPES: Readonly<Record<ColumnType, string>> = { text: 'TEXT', integer: 'INTEGER', bigint: 'INTEGER', real: 'REAL', boolean: 'INTEGER', bytes: 'BLOB' };

function column({ name, spec }: ColumnModel): string {
  const parts = [name, TYPES[spec.type]];
  if (spec.primaryKey) parts.push(spec.generated === 'never-reused-key' ? 'PRIMARY KEY AUTOINCREMENT' : 'PRIMARY KEY');
  else if (!spec.nullable) parts.push('NOT NULL');
  if (spec.unique) parts.push('UNIQUE');
  if (spec.default !== undefined) parts.push(`DEFAULT ${defaultSql(spec.default, (b) => (b ? '1' : '0'))}`);
  if (spec.references) parts.push(`REFERENCES ${spec.references}`);
  return parts.join(' ');
}

/**
 * SQLite DDL: STRICT tables (a value of the wrong type is refused, not stored as text);
 * an integer primary key is the rowid, so every index already ends with it.
 */
export const sqliteDdl: DdlRenderer = {
  create: (table: TableShape) => [createTableSql(table, column, ['STRICT', table.spec.suffix?.sqlite].filter(Boolean).join(', ')), ...createIndexSql(table, false)],
  guards: (table: TableShape) =>
    (['update', 'delete'] as const).map(
      (op) =>
        `CREATE TRIGGER IF NOT EXISTS ${guardName(table.name, op)} BEFORE ${op.toUpperCase()} ON ${table.name}\n  BEGIN SELECT RAISE(ABORT, '${appendOnlyMessage(table.name, `${op}d`)}'); END`,
    ),
  tableExists: "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?",
  columnNames: 'SELECT name FROM pragma_table_info(?)',
  addColumn: (table: TableShape, c: ColumnModel) => `ALTER TABLE ${table.name} ADD COLUMN ${column(c)}`,
};
