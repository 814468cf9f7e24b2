import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import { checkReportDate, dayWindow, localDate } from './index.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('dayWindow: one store-local day as [start, end)', () => {
  it('is 24 hours where there is no daylight saving', () => {
    const w = dayWindow('2026-11-27', 'Asia/Shanghai');
    expect(iso(w.start)).toBe('2026-11-26T16:00:00.000Z');
    expect(iso(w.end)).toBe('2026-11-27T16:00:00.000Z');
  });

  it('is 23 hours on the day clocks go forward and 25 on the day they go back', () => {
    const spring = dayWindow('2026-03-08', 'America/New_York');
    expect(iso(spring.start)).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const fall = dayWindow('2026-11-01', 'America/New_York');
    expect(iso(fall.start)).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(fall.end)).toBe('2026-11-02T05:00:00.000Z');
    expect(fall.end - fall.start).toBe(25 * HOUR);
  });

  it('starts at the jump where midnight itself does not exist (Santiago, Beirut)', () => {
    // Chile skips 00:00–00:59 on 2026-09-06: the day begins at 01:00 −03:00.
    const santiago = dayWindow('2026-09-06', 'America/Santiago');
    expect(iso(santiago.start)).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(santiago.start - 1, 'America/Santiago')).toBe('2026-09-05');
    expect(santiago.end - santiago.start).toBe(23 * HOUR);
    expect(dayWindow('2026-09-05', 'America/Santiago').end).toBe(santiago.start);
    const beirut = dayWindow('2026-03-29', 'Asia/Beirut');
    expect(iso(beirut.start)).toBe('2026-03-28T22:00:00.000Z');
    expect(beirut.end - beirut.start).toBe(23 * HOUR);
  });

  it('keeps a repeated hour at the end of the day in that day (Santiago falls back 24:00 → 23:00)', () => {
    const w = dayWindow('2026-04-04', 'America/Santiago');
    expect(w.end - w.start).toBe(25 * HOUR);
    expect(iso(w.end)).toBe('2026-04-05T04:00:00.000Z');
    expect(localDate(w.end - 1, 'America/Santiago')).toBe('2026-04-04');
  });

  it('puts 23:59:59 and 00:00:00 local on either side of the boundary', () => {
    for (const [date, zone] of [['2026-11-01', 'America/New_York'], ['2026-03-08', 'America/New_York'], ['2026-11-27', 'Asia/Shanghai'], ['2026-09-06', 'America/Santiago']] as const) {
      const w = dayWindow(date, zone);
      expect(localDate(w.start, zone)).toBe(date);
      expect(localDate(w.end - 1000, zone)).toBe(date);
      expect(localDate(w.end, zone)).not.toBe(date);
      expect(localDate(w.start - 1000, zone)).not.toBe(date);
    }
  });
});

describe('checkReportDate', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-00-10', '2026-11-1', '27/11/2026', 'today', '', ' 2026-11-27x'])('refuses %j with BAD_DATE and a hint', (date) => {
    const error = inputErrorOf(() => checkReportDate(date));
    expect(error).toMatchObject({ code: 'BAD_DATE', kind: 'input' });
    expect(error.hint).toMatch(/YYYY-MM-DD/);
  });

  it('accepts a real day, leap days included, and trims blanks', () => {
    expect(checkReportDate(' 2028-02-29 ')).toBe('2028-02-29');
    expect(() => checkReportDate('2026-02-29')).toThrow(/not a calendar date/);
  });

  it('refuses a non-string and an unknown zone', () => {
    expect(() => checkReportDate(20261127 as unknown as string)).toThrow(expect.objectContaining({ code: 'BAD_DATE' }));
    expect(() => dayWindow('2026-11-27', 'Mars/Olympus_Mons')).toThrow(expect.objectContaining({ code: 'BAD_TIME_ZONE' }));
  });
});
