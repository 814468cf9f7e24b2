import { addedColumnCheck, appendOnlyMessage, createIndexSql, createTableSql, defaultSql, guardName, stateGuardMessages, stateGuardSql, transitionsGuardName } from '../ddl-parts.js';
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

// As text whatever the JSON type, as PostgreSQL's ->> gives it: one query binds the same value on both.
const jsonText = (column: string, key: string) => `CAST(json_extract(${column}, '$.${key}') AS TEXT)`;

const refuse = (message: string, when?: string) => `SELECT RAISE(ABORT, '${message.replace(/'/g, "''")}')${when ? ` WHERE ${when}` : ''};`;

/** A state-guarded table: one BEFORE UPDATE trigger checking final state, fixed columns and the move; DELETE refused. */
function stateGuards(table: TableShape): string[] {
  const sql = stateGuardSql(table, (a, b) => `${a} IS NOT ${b}`);
  if (!sql) return [];
  const say = stateGuardMessages(table.name);
  return [
    `CREATE TRIGGER IF NOT EXISTS ${transitionsGuardName(table.name)} BEFORE UPDATE ON ${table.name}\n  BEGIN ${refuse(say.final, sql.final)} ${refuse(say.fixed, sql.fixedChanged)} ${refuse(say.move, sql.illegalMove)} END`,
    `CREATE TRIGGER IF NOT EXISTS ${guardName(table.name, 'delete')} BEFORE DELETE ON ${table.name}\n  BEGIN ${refuse(say.deleted)} END`,
  ];
}

/**
 * SQLite DDL: STRICT tables (a value of the wrong type is refused, not stored as text);
 * an integer primary key is the rowid, so every index already ends with it.
 */
export const sqliteDdl: DdlRenderer = {
  create: (table: TableShape) => [createTableSql(table, column, ['STRICT', table.spec.suffix?.sqlite].filter(Boolean).join(', ')), ...createIndexSql(table, false, jsonText)],
  guards: (table: TableShape) =>
    table.spec.appendOnly
      ? (['update', 'delete'] as const).map(
          (op) =>
            `CREATE TRIGGER IF NOT EXISTS ${guardName(table.name, op)} BEFORE ${op.toUpperCase()} ON ${table.name}\n  BEGIN SELECT RAISE(ABORT, '${appendOnlyMessage(table.name, `${op}d`)}'); END`,
        )
      : stateGuards(table),
  tableExists: "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?",
  columnNames: 'SELECT name FROM pragma_table_info(?)',
  addColumn: (table: TableShape, c: ColumnModel) => {
    addedColumnCheck(table, c);
    return `ALTER TABLE ${table.name} ADD COLUMN ${column(c)}`;
  },
  jsonText,
  insertWithKey: (table: TableShape) => `INSERT INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
  // AUTOINCREMENT remembers the largest key ever inserted, given or generated.
  keyCatchUp: () => [],
};
