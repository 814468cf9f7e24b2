import { formatInZone, zonedLocalToUtc } from '../core/index.js';
import type { Random } from './random.js';

/** One open hour of one local day, as an interval of UTC seconds. */
export interface Segment {
  start: number;
  end: number;
  weight: number;
  day: string;
  hour: number;
  /** UTC offset in minutes, when it does not change inside the segment. */
  offset: number | undefined;
}

/** The instant of one generated transaction. */
export interface Slot {
  /** Epoch seconds. */
  at: number;
  /** Local business day, YYYY-MM-DD. */
  day: string;
  /** Local hour the store was open in. */
  hour: number;
  /** ISO 8601 local time with its UTC offset, as occurredAt wants it. */
  occurredAt: string;
}

export interface Period {
  /** Epoch seconds, inclusive. */
  from: number;
  /** Epoch seconds, exclusive. */
  until: number;
  timeZone: string;
}

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** Minutes east of UTC at an instant, read back through the zone's own wall clock. */
function offsetMinutes(sec: number, timeZone: string): number {
  const wall = formatInZone(sec * 1000, timeZone);
  const local = Date.UTC(+wall.slice(0, 4), +wall.slice(5, 7) - 1, +wall.slice(8, 10), +wall.slice(11, 13), +wall.slice(14, 16), +wall.slice(17, 19));
  return Math.round((local / 1000 - sec) / 60);
}

function isoAt(sec: number, offset: number): string {
  const local = new Date((sec + offset * 60) * 1000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

function addDays(day: string, n: number): string {
  const d = new Date(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10) + n));
  return d.toISOString().slice(0, 10);
}

/**
 * Local wall-clock hours mapped to UTC once per period, shared by every merchant: this is
 * where daylight saving is handled, by asking the zone rather than adding a fixed offset.
 */
export class ZoneCalendar {
  private readonly hourStarts = new Map<string, number>();

  constructor(readonly period: Period) {}

  /** Local days touched by the period, oldest first. */
  days(): string[] {
    const first = formatInZone(this.period.from * 1000, this.period.timeZone).slice(0, 10);
    const last = formatInZone((this.period.until - 1) * 1000, this.period.timeZone).slice(0, 10);
    const out: string[] = [];
    for (let day = first; day <= last; day = addDays(day, 1)) out.push(day);
    return out;
  }

  /** UTC second at which local `day` `hour`:00 begins (hour 24 is the next day's midnight). */
  hourStart(day: string, hour: number): number {
    const key = `${day} ${hour}`;
    let sec = this.hourStarts.get(key);
    if (sec === undefined) {
      const [d, h] = hour >= 24 ? [addDays(day, 1), hour - 24] : [day, hour];
      sec = Math.floor(zonedLocalToUtc(`${d} ${pad(h)}:00`, this.period.timeZone, 0) / 1000);
      this.hourStarts.set(key, sec);
    }
    return sec;
  }

  /**
   * The open hours of a store over the period, weighted by how busy each is. `hours` gives a
   * weight per local hour (0 = closed); weekends are scaled by `weekend`.
   */
  segments(hours: readonly number[], weekend: number): Segment[] {
    const { from, until, timeZone } = this.period;
    const out: Segment[] = [];
    let prevEnd = from;
    for (const day of this.days()) {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const scale = weekday === 0 || weekday === 6 ? weekend : 1;
      for (let hour = 0; hour < 24; hour++) {
        const busy = hours[hour] ?? 0;
        if (busy <= 0) continue;
        const fullStart = this.hourStart(day, hour);
        const fullEnd = this.hourStart(day, hour + 1);
        // A local hour skipped by a daylight-saving jump has no length, and one repeated
        // must not overlap the next: clipping keeps the segments in strictly rising order.
        const start = Math.max(fullStart, prevEnd);
        const end = Math.min(fullEnd, until);
        if (end <= start) continue;
        const a = offsetMinutes(start, timeZone);
        const b = offsetMinutes(end - 1, timeZone);
        out.push({ start, end, day, hour, weight: (busy * scale * (end - start)) / 3600, offset: a === b ? a : undefined });
        prevEnd = end;
      }
    }
    return out;
  }
}

/**
 * `count` instants spread over the segments in proportion to their weight, produced in
 * rising order one at a time. Each is the next order statistic of `count` uniform draws
 * (the minimum of the n still to come is 1 − V^(1/n) of what is left), so nothing is
 * buffered or sorted, whatever the count.
 */
export function* arrivals(segments: readonly Segment[], count: number, random: Random, timeZone: string): Generator<Slot> {
  let total = 0;
  for (const s of segments) total += s.weight;
  if (count > 0 && total <= 0) throw new RangeError('the store is never open in the period');
  let u = 0;
  let index = 0;
  let before = 0;
  for (let remaining = count; remaining > 0; remaining--) {
    u += (1 - u) * (1 - Math.pow(random.open(), 1 / remaining));
    const target = u * total;
    let seg = segments[index] as Segment;
    while (index < segments.length - 1 && before + seg.weight <= target) {
      before += seg.weight;
      seg = segments[++index] as Segment;
    }
    const fraction = Math.min(Math.max((target - before) / seg.weight, 0), 1);
    const at = Math.min(seg.start + Math.floor(fraction * (seg.end - seg.start)), seg.end - 1);
    const offset = seg.offset ?? offsetMinutes(at, timeZone);
    yield { at, day: seg.day, hour: seg.hour, occurredAt: isoAt(at, offset) };
  }
}
