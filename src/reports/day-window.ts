import { InputError, formatInZone, zonedLocalToUtc } from '../core/index.js';

/** A store-local calendar day as a half-open span of UTC instants [start, end). */
export interface DayWindow {
  date: string;
  timeZone: string;
  /** Epoch ms of the first instant whose local date is `date`. */
  start: number;
  /** Epoch ms of the first instant of the next local day (exclusive). */
  end: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR = 3_600_000;

/** Checks a "YYYY-MM-DD" day and returns it trimmed; InputError BAD_DATE otherwise. */
export function checkReportDate(date: unknown): string {
  const text = typeof date === 'string' ? date.trim() : '';
  const match = DATE.exec(text);
  const [, y, m, d] = match ?? [];
  const real = match !== null && new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDate() === Number(d) && Number(m) >= 1 && Number(m) <= 12;
  if (!real) {
    throw new InputError('BAD_DATE', `"${String(date)}" is not a calendar date`, {
      hint: 'write the store-local day as YYYY-MM-DD, e.g. --date 2026-11-27',
      context: { date, value: String(date) },
    });
  }
  return text;
}

/** The local date "YYYY-MM-DD" of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  return formatInZone(ms, timeZone).slice(0, 10);
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The first instant of a local day. zonedLocalToUtc settles the offset of local midnight;
 * where midnight itself does not exist (a daylight-saving jump at 00:00, as in Santiago or
 * Beirut) it can land an hour early, in the day before, and the day then starts at the jump:
 * found by bisection between two instants on either side of it.
 */
function dayStart(date: string, timeZone: string): number {
  const guess = zonedLocalToUtc(date, timeZone, 0);
  if (localDate(guess, timeZone) === date && localDate(guess - 1, timeZone) < date) return guess;
  let before = guess - 6 * HOUR;
  let after = guess + 6 * HOUR;
  // Invariant: before is in an earlier day, after is in `date` or later. Offsets change at
  // whole seconds at the finest, so the search ends on the exact instant.
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (localDate(mid, timeZone) >= date) after = mid;
    else before = mid;
  }
  return after;
}

/**
 * The span of one store-local day, 23, 24 or 25 hours long across daylight-saving changes.
 * A time that falls in an hour a fall-back change repeats belongs to the day it reads as.
 */
export function dayWindow(date: string, timeZone: string): DayWindow {
  const day = checkReportDate(date);
  formatInZone(0, timeZone); // BAD_TIME_ZONE for an unknown zone, before any arithmetic
  return { date: day, timeZone, start: dayStart(day, timeZone), end: dayStart(nextDate(day), timeZone) };
}
