import { TX_HOUR_MS } from '../journal-tables.js';
import type { SearchQuery } from '../search-query.js';

/**
 * The indexes of amounts, vouchers, reference numbers and card numbers are led by the sale's
 * hour (journal-tables.ts), so a search on one of them asks for hours explicitly: a few
 * hours newest first, then more at a time, until the page is full or the journal's first
 * hour is passed. Each step is one indexed statement; the rows come out newest first across
 * steps because an hour's sales are all newer than the next older hour's.
 */

/** A search with one of these filters reads an hour-led index. */
export function walksHours(query: SearchQuery): boolean {
  return query.amountMin !== undefined || query.amountMax !== undefined || query.voucherNo !== undefined || query.referenceNo !== undefined || query.last4 !== undefined;
}

/** The hour a time falls in, as the indexes compute it (SQL integer division truncates toward zero). */
export const hourOf = (ms: number) => Math.trunc(ms / TX_HOUR_MS) + 0; // + 0: never -0

/** The first and last sale's time in the journal, epoch ms; undefined when it holds none. */
export interface JournalSpan {
  first: number;
  last: number;
}

/** Hours from `newest` down to `oldest`, both included. */
export interface Hours {
  newest: number;
  oldest: number;
}

/** A window this many hours wide or narrower is walked without asking the journal for its span first. */
const NARROW = 64;

/** Whether the hours of a search depend on the journal's first and last sale (an open end, or a very wide window). */
export function needsSpan(query: SearchQuery): boolean {
  return query.from === undefined || query.to === undefined || hourOf(query.to) - hourOf(query.from) >= NARROW;
}

/** The hours a search covers: its window and cursor, within the journal's span when known; undefined when none. */
export function hoursOf(query: SearchQuery, span: JournalSpan | undefined): Hours | undefined {
  const ends = [query.to, query.cursor?.occurredAt, span?.last].filter((t): t is number => t !== undefined);
  const starts = [query.from, span?.first].filter((t): t is number => t !== undefined);
  if (ends.length === 0 || starts.length === 0) return undefined;
  const newest = hourOf(Math.min(...ends));
  const oldest = hourOf(Math.max(...starts));
  return newest >= oldest ? { newest, oldest } : undefined;
}

/** Steps of a walk: 4, 16, 64, 256 hours, then 1024 at a time. */
const STEPS = [4, 16, 64, 256, 1024] as const;

/**
 * The `i`th step of a walk, from hour `next` down, never below `oldest`. Padded to its size by
 * repeating its oldest hour (an IN list ignores repeats), so statements kept by their text stay few.
 */
function step(next: number, i: number, oldest: number): number[] {
  const size = STEPS[Math.min(i, STEPS.length - 1)] as number;
  const hours: number[] = [];
  for (let k = 0; k < size; k++) hours.push(Math.max(next - k, oldest));
  return hours;
}

/** The steps of a walk over every hour, newest first. */
export function* hourSteps(hours: Hours | undefined): Generator<number[]> {
  if (!hours) return;
  let next = hours.newest;
  for (let i = 0; next >= hours.oldest; i++) {
    yield step(next, i, hours.oldest);
    next -= STEPS[Math.min(i, STEPS.length - 1)] as number;
  }
}

/** The newest hour at or before `hour` that holds a sale (one seek of the time index); undefined when none does. */
export type HourSeek = (hour: number) => Promise<number | undefined>;

/**
 * The steps of a walk as the store reads them: before every step but the first, one seek
 * jumps over hours without sales, so a journal with a gap (a shop closed for a month, one
 * sale dated years back) costs its hours with sales, not the calendar between them.
 */
export async function* hourWalk(hours: Hours | undefined, seek: HourSeek): AsyncGenerator<number[]> {
  if (!hours) return;
  let next = hours.newest;
  for (let i = 0; next >= hours.oldest; i++) {
    if (i > 0) {
      const found = await seek(next);
      if (found === undefined) return;
      next = Math.min(next, found);
      if (next < hours.oldest) return;
    }
    yield step(next, i, hours.oldest);
    next -= STEPS[Math.min(i, STEPS.length - 1)] as number;
  }
}

/** The hours of a search's first statement, when it reads an hour-led index (a plan to explain, a raw timing). */
export function firstHours(query: SearchQuery, span: JournalSpan | undefined): number[] | undefined {
  return walksHours(query) ? (hourSteps(hoursOf(query, span)).next().value ?? [0]) : undefined;
}
