import type { ColumnModel, TableShape } from './table.js';

/** The pieces of DDL that read the same on every engine; each engine's renderer fills in types and guards. */

/** `CREATE TABLE IF NOT EXISTS name (columns, UNIQUE (…)) suffix`. */
export function createTableSql(table: TableShape, column: (c: ColumnModel) => string, suffix: string): string {
  const lines = table.columns.map((c) => `  ${column(c)}`);
  for (const keys of table.spec.unique ?? []) lines.push(`  UNIQUE (${keys.map((k) => table.column(k)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${table.name} (\n${lines.join(',\n')}\n)${suffix ? ` ${suffix}` : ''}`;
}

/**
 * `CREATE INDEX IF NOT EXISTS …` for each index; `withKey` says whether a thenKey index spells
 * out the primary key; `jsonText` writes a JSON key's expression; `uniqueTail` is a column every
 * unique index must end with (a partitioned table's partition key).
 */
export function createIndexSql(table: TableShape, withKey: boolean, jsonText: (column: string, key: string) => string, uniqueTail?: string): string[] {
  const key = table.integerKey?.name;
  return (table.spec.indexes ?? []).map((index) => {
    const columns = [
      ...(index.json ? [jsonText(table.column(index.json.column), index.json.key)] : []),
      ...(index.leading ? [`(${index.leading})`] : []),
      ...index.columns.map((k) => table.column(k)),
    ];
    if (index.thenKey && withKey && key !== undefined) columns.push(key);
    if (index.unique && uniqueTail !== undefined && !columns.includes(uniqueTail)) columns.push(uniqueTail);
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index.name} ON ${table.name} (${columns.join(', ')})${index.where ? ` WHERE ${index.where}` : ''}`;
  });
}

/** `DROP INDEX IF EXISTS …` of the indexes a table no longer wants (the same on every engine). */
export const dropIndexSql = (table: TableShape): string[] => (table.spec.droppedIndexes ?? []).map((name) => `DROP INDEX IF EXISTS ${name}`);

/** A column default as SQL. */
export function defaultSql(value: string | number | boolean, booleans: (b: boolean) => string): string {
  if (typeof value === 'boolean') return booleans(value);
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** The message a guard refuses with. */
export const appendOnlyMessage = (table: string, verb: string) => `the journal is append-only: ${table} cannot be ${verb}`;

export const GuardOps = ['update', 'delete', 'truncate'] as const;
export type GuardOp = (typeof GuardOps)[number];

/** The name of the guard refusing `op` on a table. */
export const guardName = (table: string, op: GuardOp) => `${table}_no_${op}`;

/** The name of the guard (and, on PostgreSQL, its function) that lets a state-guarded table change only along its state machine. */
export const transitionsGuardName = (table: string) => `${table}_transitions`;

/** Guards every engine installs on the append-only and state-guarded tables (TRUNCATE exists on PostgreSQL only). */
export function requiredGuards(tables: readonly TableShape[]): string[] {
  return tables.flatMap((t) => {
    if (t.spec.appendOnly) return [guardName(t.name, 'update'), guardName(t.name, 'delete')];
    if (t.spec.stateGuard) return [transitionsGuardName(t.name), guardName(t.name, 'delete')];
    return [];
  });
}

/** A LIKE pattern matching `word` anywhere, its own % _ and backslash taken literally (ESCAPE with a backslash). */
export function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A column added to an existing table takes a value for the rows already there: it must
 * be nullable or have a default, and it cannot be a key or unique (the engines cannot add those in place).
 */
export function addedColumnCheck(table: TableShape, column: ColumnModel): void {
  const { spec } = column;
  if (spec.primaryKey || spec.unique || spec.generated || (!spec.nullable && spec.default === undefined)) {
    throw new Error(`${table.name}.${column.key} is new: a column added to an existing table must be nullable or have a default, and cannot be a key or unique`);
  }
}
/** A SQL list of string literals: ('a', 'b'). */
const literals = (values: readonly string[]) => `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;

/** What a state guard checks, as SQL conditions over OLD and NEW that every engine reads the same way. */
export interface StateGuardSql {
  /** True when OLD is in a final state. */
  final: string;
  /** True when a fixed column changed (`differs(a, b)` is the engine's null-safe inequality). */
  fixedChanged: string;
  /** True when the state move is not one the machine allows. */
  illegalMove: string;
  /** The states that are not final. */
  open: readonly string[];
}

export function stateGuardSql(table: TableShape, differs: (a: string, b: string) => string): StateGuardSql | undefined {
  const guard = table.spec.stateGuard;
  if (!guard) return undefined;
  const state = table.column(guard.state);
  const open = Object.keys(guard.transitions);
  const fixed = [...new Set([...(table.integerKey ? [table.integerKey.key] : []), ...guard.fixed])].map((k) => table.column(k));
  const moves = Object.entries(guard.transitions).map(([from, to]) => `(OLD.${state} = '${from}' AND NEW.${state} IN ${literals([from, ...to])})`);
  return {
    final: `OLD.${state} NOT IN ${literals(open)}`,
    fixedChanged: fixed.map((c) => differs(`NEW.${c}`, `OLD.${c}`)).join(' OR '),
    illegalMove: `NOT (${moves.join(' OR ')})`,
    open,
  };
}

/** The messages a state guard refuses with. */
export const stateGuardMessages = (table: string) => ({
  final: `${table}: a row in a final state never changes`,
  fixed: `${table}: only the state and the columns that go with it may change`,
  move: `${table}: this state change is not allowed`,
  deleted: `${table}: rows are never deleted`,
});
