import type { ColumnModel, TableShape } from './table.js';

/** The pieces of DDL that read the same on every engine; each engine's renderer fills in types and guards. */

/** `CREATE TABLE IF NOT EXISTS name (columns, UNIQUE (…)) suffix`. */
export function createTableSql(table: TableShape, column: (c: ColumnModel) => string, suffix: string): string {
  const lines = table.columns.map((c) => `  ${column(c)}`);
  for (const keys of table.spec.unique ?? []) lines.push(`  UNIQUE (${keys.map((k) => table.column(k)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${table.name} (\n${lines.join(',\n')}\n)${suffix ? ` ${suffix}` : ''}`;
}

/** `CREATE INDEX IF NOT EXISTS …` for each index; `withKey` says whether a thenKey index spells out the primary key. */
export function createIndexSql(table: TableShape, withKey: boolean): string[] {
  const key = table.integerKey?.name;
  return (table.spec.indexes ?? []).map((index) => {
    const columns = index.columns.map((k) => table.column(k));
    if (index.thenKey && withKey && key !== undefined) columns.push(key);
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index.name} ON ${table.name} (${columns.join(', ')})${index.where ? ` WHERE ${index.where}` : ''}`;
  });
}

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

/** Guards every engine installs on the append-only tables (TRUNCATE exists on PostgreSQL only). */
export function requiredGuards(tables: readonly TableShape[]): string[] {
  return tables.filter((t) => t.spec.appendOnly).flatMap((t) => [guardName(t.name, 'update'), guardName(t.name, 'delete')]);
}

/** A LIKE pattern matching `word` anywhere, its own % _ and backslash taken literally (ESCAPE with a backslash). */
export function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
