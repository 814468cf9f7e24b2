import { GuardOps, addedColumnCheck, createIndexSql, createTableSql, defaultSql, guardName, stateGuardMessages, stateGuardSql, transitionsGuardName } from '../ddl-parts.js';
import { partitionName, partitionSql, type Month } from '../partitions.js';
import type { DdlRenderer } from '../sql-dialect.js';
import { partitionColumn, type ColumnModel, type ColumnType, type TableShape } from '../table.js';

const TYPES: Readonly<Record<ColumnType, string>> = { text: 'TEXT', integer: 'INTEGER', bigint: 'BIGINT', real: 'DOUBLE PRECISION', boolean: 'BOOLEAN', bytes: 'BYTEA' };

/** The named constraint of a unique column, so a violation can be told apart from others (violatesUnique). */
const uniqueName = (table: TableShape, column: string) => `${table.name}_${column}_unique`;

/** A column's definition; on a partitioned table its key and uniqueness move to table constraints that include the partition key. */
function columnOf(table: TableShape) {
  const partitioned = partitionColumn(table) !== undefined;
  return ({ name, spec }: ColumnModel): string => {
    const parts = [name, TYPES[spec.type]];
    if (spec.bytewise) parts.push('COLLATE "C"');
    if (spec.generated) parts.push('GENERATED ALWAYS AS IDENTITY');
    if (spec.primaryKey && !partitioned) parts.push('PRIMARY KEY');
    else if (!spec.nullable) parts.push('NOT NULL');
    if (spec.unique && !partitioned) parts.push(`CONSTRAINT ${uniqueName(table, name)} UNIQUE`);
    if (spec.default !== undefined) parts.push(`DEFAULT ${defaultSql(spec.default, String)}`);
    if (spec.references && !partitioned) parts.push(`REFERENCES ${spec.references}`);
    return parts.join(' ');
  };
}

/** Keys with the partition key after them (once). */
const withKey = (columns: readonly string[], key: string) => (columns.includes(key) ? [...columns] : [...columns, key]);

/**
 * A table split by month: PRIMARY KEY and UNIQUE constraints carry the partition key, as
 * PostgreSQL requires of a partitioned table (they then hold within one month; see
 * TableSpec.partitionByMonth).
 */
function createPartitioned(table: TableShape, key: string): string[] {
  const lines = table.columns.map((c) => `  ${columnOf(table)(c)}`);
  const primary = table.columns.filter((c) => c.spec.primaryKey).map((c) => c.name);
  if (primary.length > 0) lines.push(`  PRIMARY KEY (${withKey(primary, key).join(', ')})`);
  for (const c of table.columns.filter((c) => c.spec.unique)) lines.push(`  CONSTRAINT ${uniqueName(table, c.name)} UNIQUE (${withKey([c.name], key).join(', ')})`);
  for (const keys of table.spec.unique ?? []) lines.push(`  UNIQUE (${withKey(keys.map((k) => table.column(k)), key).join(', ')})`);
  const create = `CREATE TABLE IF NOT EXISTS ${table.name} (\n${lines.join(',\n')}\n) PARTITION BY RANGE (${key})`;
  return [create, ...createIndexSql(table, true, jsonText, key)];
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
  create: (table: TableShape) => {
    const key = partitionColumn(table);
    return key === undefined ? [createTableSql(table, columnOf(table), table.spec.suffix?.postgres ?? ''), ...createIndexSql(table, true, jsonText)] : createPartitioned(table, key);
  },
  guards: (table: TableShape) => {
    if (!table.spec.appendOnly) return stateGuards(table);
    // A statement aimed at one partition does not fire the parent's statement triggers, but
    // row triggers of a partitioned table are cloned onto every partition, present and future.
    const level = (op: string) => (partitionColumn(table) !== undefined && op !== 'truncate' ? 'ROW' : 'STATEMENT');
    return [GUARD_FUNCTION, ...GuardOps.flatMap((op) => guardTrigger(table.name, guardName(table.name, op), op.toUpperCase(), level(op), 'journal_append_only'))];
  },
  tableExists: 'SELECT 1 AS present WHERE to_regclass(?) IS NOT NULL',
  columnNames: 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
  addColumn: (table: TableShape, column: ColumnModel) => {
    addedColumnCheck(table, column);
    return `ALTER TABLE ${table.name} ADD COLUMN IF NOT EXISTS ${columnOf(table)(column)}`;
  },
  partitioned: 'SELECT 1 AS present FROM pg_partitioned_table WHERE partrelid = to_regclass(?)',
  partitions: "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(?)",
  partition: (table: TableShape, month: Month) => {
    const create = partitionSql(table, month);
    if (!table.spec.appendOnly) return [create];
    // TRUNCATE of a partition itself passes the parent's statement trigger by.
    const name = partitionName(table.name, month);
    return [create, ...guardTrigger(name, `${name}_no_truncate`, 'TRUNCATE', 'STATEMENT', 'journal_append_only')];
  },
  jsonText,
  insertWithKey: (table: TableShape) => `INSERT INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) OVERRIDING SYSTEM VALUE VALUES (${table.columns.map(() => '?').join(', ')})`,
  keyCatchUp: (table: TableShape) => {
    const key = table.integerKey;
    if (!key?.spec.generated) return [];
    return [`SELECT setval(pg_get_serial_sequence('${table.name}', '${key.name}'), (SELECT coalesce(max(${key.name}), 0) + 1 FROM ${table.name}), false)`];
  },
};
