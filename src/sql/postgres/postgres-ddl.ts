import { GuardOps, createIndexSql, createTableSql, defaultSql, guardName } from '../ddl-parts.js';
import type { DdlRenderer } from '../sql-dialect.js';
import type { ColumnModel, ColumnType, TableShape } from '../table.js';

const TYPES: Readonly<Record<ColumnType, string>> = { text: 'TEXT', integer: 'INTEGER', bigint: 'BIGINT', real: 'DOUBLE PRECISION', boolean: 'BOOLEAN', bytes: 'BYTEA' };

function columnOf(table: TableShape) {
  return ({ name, spec }: ColumnModel): string => {
    const parts = [name, TYPES[spec.type]];
    if (spec.bytewise) parts.push('COLLATE "C"');
    if (spec.generated) parts.push('GENERATED ALWAYS AS IDENTITY');
    if (spec.primaryKey) parts.push('PRIMARY KEY');
    else if (!spec.nullable) parts.push('NOT NULL');
    // Named, so a violation can be told apart from others (violatesUnique).
    if (spec.unique) parts.push(`CONSTRAINT ${table.name}_${name}_unique UNIQUE`);
    if (spec.default !== undefined) parts.push(`DEFAULT ${defaultSql(spec.default, String)}`);
    if (spec.references) parts.push(`REFERENCES ${spec.references}`);
    return parts.join(' ');
  };
}

/** One function behind every guard; TG_OP names what was refused. */
const GUARD_FUNCTION = `CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: % cannot be %', TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END;
END $$`;

/**
 * PostgreSQL DDL: identity keys, COLLATE "C" where bytes decide the order (as in SQLite),
 * and guards as statement-level triggers — TRUNCATE included, since it bypasses row
 * triggers — enabled ALWAYS so that session_replication_role = replica does not switch
 * them off.
 */
export const postgresDdl: DdlRenderer = {
  create: (table: TableShape) => [createTableSql(table, columnOf(table), table.spec.suffix?.postgres ?? ''), ...createIndexSql(table, true)],
  guards: (table: TableShape) => [
    GUARD_FUNCTION,
    ...GuardOps.flatMap((op) => [
      `CREATE OR REPLACE TRIGGER ${guardName(table.name, op)} BEFORE ${op.toUpperCase()} ON ${table.name} FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only()`,
      `ALTER TABLE ${table.name} ENABLE ALWAYS TRIGGER ${guardName(table.name, op)}`,
    ]),
  ],
  tableExists: 'SELECT 1 AS present WHERE to_regclass(?) IS NOT NULL',
  columnNames: 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
  addColumn: (table: TableShape, c: ColumnModel) => `ALTER TABLE ${table.name} ADD COLUMN IF NOT EXISTS ${columnOf(table)(c)}`,
};
