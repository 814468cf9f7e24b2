import { GuardOps, createIndexSql, createTableSql, defaultSql, guardName, stateGuardMessages, stateGuardSql, transitionsGuardName } from '../ddl-parts.js';
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

const jsonText = (column: string, key: string) => `(${column}::jsonb ->> '${key}')`;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A guard trigger that fires before `op`, enabled ALWAYS (replica sessions too). */
function guardTrigger(table: string, name: string, op: string, level: 'ROW' | 'STATEMENT', fn: string): string[] {
  return [
    `CREATE OR REPLACE TRIGGER ${name} BEFORE ${op} ON ${table} FOR EACH ${level} EXECUTE FUNCTION ${fn}()`,
    `ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`,
  ];
}

/** A state-guarded table: a row trigger checking final state, fixed columns and the move; DELETE and TRUNCATE refused. */
function stateGuards(table: TableShape): string[] {
  const sql = stateGuardSql(table, (a, b) => `${a} IS DISTINCT FROM ${b}`);
  if (!sql) return [];
  const say = stateGuardMessages(table.name);
  const fn = transitionsGuardName(table.name);
  const refuseAll = `${table.name}_refuse_removal`;
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF ${sql.final} THEN RAISE EXCEPTION ${quote(say.final)}; END IF;
  IF ${sql.fixedChanged} THEN RAISE EXCEPTION ${quote(say.fixed)}; END IF;
  IF ${sql.illegalMove} THEN RAISE EXCEPTION ${quote(say.move)}; END IF;
  RETURN NEW;
END $$`,
    `CREATE OR REPLACE FUNCTION ${refuseAll}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION ${quote(say.deleted)};
END $$`,
    ...guardTrigger(table.name, fn, 'UPDATE', 'ROW', fn),
    ...guardTrigger(table.name, guardName(table.name, 'delete'), 'DELETE', 'STATEMENT', refuseAll),
    ...guardTrigger(table.name, guardName(table.name, 'truncate'), 'TRUNCATE', 'STATEMENT', refuseAll),
  ];
}

/**
 * PostgreSQL DDL: identity keys, COLLATE "C" where bytes decide the order (as in SQLite),
 * and guards as statement-level triggers — TRUNCATE included, since it bypasses row
 * triggers — enabled ALWAYS so that session_replication_role = replica does not switch
 * them off.
 */
export const postgresDdl: DdlRenderer = {
  create: (table: TableShape) => [createTableSql(table, columnOf(table), table.spec.suffix?.postgres ?? ''), ...createIndexSql(table, true, jsonText)],
  guards: (table: TableShape) =>
    table.spec.appendOnly ? [GUARD_FUNCTION, ...GuardOps.flatMap((op) => guardTrigger(table.name, guardName(table.name, op), op.toUpperCase(), 'STATEMENT', 'journal_append_only'))] : stateGuards(table),
  tableExists: 'SELECT 1 AS present WHERE to_regclass(?) IS NOT NULL',
  columnNames: 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
  addColumn: (table: TableShape, c: ColumnModel) => `ALTER TABLE ${table.name} ADD COLUMN IF NOT EXISTS ${columnOf(table)(c)}`,
  jsonText,
  insertWithKey: (table: TableShape) => `INSERT INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) OVERRIDING SYSTEM VALUE VALUES (${table.columns.map(() => '?').join(', ')})`,
  keyCatchUp: (table: TableShape) => {
    const key = table.integerKey;
    if (!key?.spec.generated) return [];
    return [`SELECT setval(pg_get_serial_sequence('${table.name}', '${key.name}'), (SELECT coalesce(max(${key.name}), 0) + 1 FROM ${table.name}), false)`];
  },
};
