import { InputError } from './errors.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new InputError('BAD_TIME_ZONE', `unknown time zone "${timeZone}"`, { hint: 'use an IANA name such as Asia/Shanghai or Europe/London', context: { timeZone } });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws BAD_TIME_ZONE for a zone the runtime does not know; formats nothing. */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsInZone(ms: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out.year ?? 0, month: out.month ?? 1, day: out.day ?? 1, hour: out.hour ?? 0, minute: out.minute ?? 0, second: out.second ?? 0 };
}

function readOffset(ms: number, timeZone: string): number {
  const p = partsInZone(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const HOUR = 3_600_000;
/** Zone → hour (epoch ms / HOUR) → the offset all through that hour; hours that hold a change of offset are never kept. */
const steadyHours = new Map<string, Map<number, number>>();
const KEPT_HOURS = 50_000;

/**
 * The zone's offset at `ms`. Reading it from Intl is most of what a search costs before the
 * database is asked, so an hour whose start and end have the same offset is remembered
 * (no zone changes its offset twice within an hour).
 */
function offsetAt(ms: number, timeZone: string): number {
  const hour = Math.floor(ms / HOUR);
  let hours = steadyHours.get(timeZone);
  const known = hours?.get(hour);
  if (known !== undefined) return known;
  const start = readOffset(hour * HOUR, timeZone);
  if (start !== readOffset((hour + 1) * HOUR - 1000, timeZone)) return readOffset(ms, timeZone);
  if (!hours) steadyHours.set(timeZone, (hours = new Map()));
  if (hours.size >= KEPT_HOURS) hours.clear();
  hours.set(hour, start);
  return start;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const HALF_DAY = 43_200_000;

/** "2026-11-27 14:32:05" in the store's zone. */
export function formatInZone(ms: number, timeZone: string): string {
  const p = partsInZone(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

const LOCAL = /^(?:(\d{4})-(\d{2})-(\d{2})[ T]?)?(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads a wall-clock time as a person types it at the counter — "2026-11-27 14:30", "14:30"
 * (today), "2026-11-27" (midnight) — in the store's zone, and returns epoch milliseconds.
 * A time carrying its own offset ("…+08:00" or "Z") is taken as written.
 */
export function zonedLocalToUtc(text: string, timeZone: string, now: number): number {
  const trimmed = text.trim();
  // Only a local time with its date is remembered (below), and it is read the same way every time.
  const known = datedTimes.get(timeZone)?.get(trimmed);
  if (known !== undefined) return known;
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) && trimmed.length > 10) {
    const ms = Date.parse(trimmed.replace(' ', 'T'));
    // Date.parse rolls "2026-02-30" over into March; a day that does not exist is refused below instead.
    const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(trimmed);
    const realDay = !ymd || new Date(Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3]))).getUTCDate() === Number(ymd[3]);
    if (!Number.isNaN(ms) && realDay) return ms;
  }
  const match = LOCAL.exec(trimmed);
  if (!match || trimmed === '' || (match[1] === undefined && match[4] === undefined)) {
    throw new InputError('BAD_TIME', `"${text}" is not a time`, {
      hint: 'write "YYYY-MM-DD HH:MM", "HH:MM" for today, or "YYYY-MM-DD" (store local time)',
      context: { rule: 'format', value: text },
    });
  }
  // A time with its date names the same instant whenever it is asked: remembered.
  if (match[1] !== undefined) {
    const ms = localToUtc(text, match, timeZone, undefined);
    let texts = datedTimes.get(timeZone);
    if (!texts) datedTimes.set(timeZone, (texts = new Map()));
    if (texts.size >= KEPT_TIMES) texts.clear();
    texts.set(trimmed, ms);
    return ms;
  }
  // Only a time without a date needs today's date (reading the zone is most of the cost here).
  return localToUtc(text, match, timeZone, partsInZone(now, timeZone));
}

/** Zone → a wall-clock text with its date ("2026-11-27 14:30") → its instant. */
const datedTimes = new Map<string, Map<string, number>>();
const KEPT_TIMES = 10_000;

function localToUtc(text: string, match: RegExpExecArray, timeZone: string, today: LocalParts | undefined): number {
  const year = today ? today.year : Number(match[1]);
  const month = today ? today.month : Number(match[2]);
  const day = today ? today.day : Number(match[3]);
  const hour = match[4] ? Number(match[4]) : 0;
  const minute = match[5] ? Number(match[5]) : 0;
  const second = match[6] ? Number(match[6]) : 0;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new InputError('BAD_TIME', `"${text}" is not a valid date and time`, { hint: 'check the month, day and hour', context: { rule: 'invalid', value: text } });
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The offsets in force half a day either side cover any daylight-saving change near this
  // wall time. A repeated wall time (autumn) takes its earlier instant; a skipped one (spring,
  // or a midnight that does not exist) moves forward by the gap — Temporal's "compatible".
  // Without a change of offset that day both candidates are one instant, checked once.
  const candidates = [...new Set([wall - offsetAt(wall - HALF_DAY, timeZone), wall - offsetAt(wall + HALF_DAY, timeZone)])];
  const exact = candidates.filter((utc) => offsetAt(utc, timeZone) === wall - utc);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15m", "90s", "2h", "1d" → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(ms|s|m|min|h|d)$/.exec(text.trim());
  const unit = match ? UNITS[match[2] ?? ''] : undefined;
  if (!match || unit === undefined) {
    throw new InputError('BAD_DURATION', `"${text}" is not a duration`, { hint: 'write a number and a unit: 90s, 15m, 2h, 1d', context: { value: text } });
  }
  return Number(match[1]) * unit;
}
