import type { PartitionSpec, TableShape } from './table.js';

/**
 * Calendar months (UTC) as partitions: which month a value falls in, a partition's name and
 * bounds. The same arithmetic for ahead-of-time creation and for a row that found none.
 */

/** A month as year and 1-based month. */
export interface Month {
  year: number;
  month: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The month an epoch-ms time falls in (UTC). */
export function monthOfTime(ms: number): Month {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** The month `n` months after (before, when negative) `month`. */
export function addMonths(month: Month, n: number): Month {
  const index = month.year * 12 + (month.month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** `count` months from `first` on. */
export function monthsFrom(first: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => addMonths(first, i));
}

/** The months a value of a partition column falls in: a whole number of ms, or ISO 8601 UTC text. */
export function monthOfValue(value: string, unit: PartitionSpec['unit']): Month | undefined {
  if (unit === 'epoch-ms') {
    const ms = Number(value);
    return Number.isSafeInteger(ms) ? checked(monthOfTime(ms)) : undefined;
  }
  const match = /^(\d{4})-(\d{2})-/.exec(value);
  return match ? checked({ year: Number(match[1]), month: Number(match[2]) }) : undefined;
}

/** Years a partition is made for: four digits, so names and ISO bounds stay well formed. */
function checked(month: Month): Month | undefined {
  return month.year >= 1 && month.year <= 9998 && month.month >= 1 && month.month <= 12 ? month : undefined;
}

export function partitionName(table: string, { year, month }: Month): string {
  return `${table}_p${pad(year, 4)}${pad(month, 2)}`;
}

/** The month of a partition named by partitionName, or undefined for any other name. */
export function monthOfPartition(table: string, name: string): Month | undefined {
  if (!name.startsWith(`${table}_p`)) return undefined;
  const match = /^(\d{4})(\d{2})$/.exec(name.slice(table.length + 2));
  return match ? checked({ year: Number(match[1]), month: Number(match[2]) }) : undefined;
}

/** The SQL literals a month's partition runs from (inclusive) and to (exclusive). */
export function monthBounds({ year, month }: Month, unit: PartitionSpec['unit']): [string, string] {
  const end = addMonths({ year, month }, 1);
  if (unit === 'epoch-ms') return [String(Date.UTC(year, month - 1, 1)), String(Date.UTC(end.year, end.month - 1, 1))];
  const iso = (m: Month) => `'${pad(m.year, 4)}-${pad(m.month, 2)}-01T00:00:00.000Z'`;
  return [iso({ year, month }), iso(end)];
}

/** `CREATE TABLE IF NOT EXISTS` of one month's partition of a partitioned table. */
export function partitionSql(table: TableShape, month: Month): string {
  const spec = table.spec.partitionByMonth;
  if (!spec) throw new Error(`${table.name} is not partitioned`);
  const [from, to] = monthBounds(month, spec.unit);
  return `CREATE TABLE IF NOT EXISTS ${partitionName(table.name, month)} PARTITION OF ${table.name} FOR VALUES FROM (${from}) TO (${to})`;
}
