import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import { formatInZone, parseDuration, zonedLocalToUtc } from './time.js';


const utc = (iso: string) => Date.parse(iso);
// 2026-11-27 16:00 in Shanghai.
const NOW = utc('2026-11-27T08:00:00Z');

describe('formatInZone', () => {
  it('shows a UTC instant as the wall clock of the store', () => {
    expect(formatInZone(utc('2026-11-27T06:32:05Z'), 'Asia/Shanghai')).toBe('2026-11-27 14:32:05');
    expect(formatInZone(utc('2026-11-27T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-28 04:00:00');
    expect(formatInZone(utc('2026-11-27T06:32:05Z'), 'UTC')).toBe('2026-11-27 06:32:05');
    expect(formatInZone(utc('2026-11-27T00:00:00Z'), 'America/New_York')).toBe('2026-11-26 19:00:00');
  });

  it('prints midnight as 00, not 24', () => {
    expect(formatInZone(utc('2026-11-26T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-27 00:00:00');
  });

  it('follows Europe/London across both daylight-saving changes of 2026', () => {
    expect(formatInZone(utc('2026-03-29T00:59:59Z'), 'Europe/London')).toBe('2026-03-29 00:59:59');
    expect(formatInZone(utc('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('2026-03-29 02:00:00');
    expect(formatInZone(utc('2026-10-25T00:59:59Z'), 'Europe/London')).toBe('2026-10-25 01:59:59');
    expect(formatInZone(utc('2026-10-25T01:00:00Z'), 'Europe/London')).toBe('2026-10-25 01:00:00');
  });

  it('refuses an unknown zone with BAD_TIME_ZONE', () => {
    const error = inputErrorOf(() => formatInZone(0, 'Mars/Olympus'));
    expect(error.code).toBe('BAD_TIME_ZONE');
    expect(error.message).toContain('Mars/Olympus');
    expect(error.hint).toContain('Asia/Shanghai');
  });
});

describe('zonedLocalToUtc', () => {
  it('reads a full local date and time in the store zone', () => {
    expect(zonedLocalToUtc('2026-11-27 14:30', 'Asia/Shanghai', NOW)).toBe(utc('2026-11-27T06:30:00Z'));
    expect(zonedLocalToUtc('2026-11-27T14:30:15', 'Asia/Shanghai', NOW)).toBe(utc('2026-11-27T06:30:15Z'));
    expect(zonedLocalToUtc('  2026-11-27 9:05 ', 'Asia/Shanghai', NOW)).toBe(utc('2026-11-27T01:05:00Z'));
  });

  it('reads a date alone as local midnight', () => {
    expect(zonedLocalToUtc('2026-11-27', 'Asia/Shanghai', NOW)).toBe(utc('2026-11-26T16:00:00Z'));
    expect(zonedLocalToUtc('2026-07-01', 'Europe/London', NOW)).toBe(utc('2026-06-30T23:00:00Z'));
  });

  it('reads times either side of a change of offset within one hour, again and again (offsets are remembered per steady hour)', () => {
    // Lord Howe Island moves from +10:30 to +11:00 at 02:00 local on 2026-10-04, i.e. 15:30 UTC: mid-hour.
    for (let round = 0; round < 3; round++) {
      expect(zonedLocalToUtc('2026-10-04 01:45', 'Australia/Lord_Howe', NOW)).toBe(utc('2026-10-03T15:15:00Z'));
      expect(zonedLocalToUtc('2026-10-04 02:45', 'Australia/Lord_Howe', NOW)).toBe(utc('2026-10-03T15:45:00Z'));
      expect(zonedLocalToUtc('2026-10-04 03:10', 'Australia/Lord_Howe', NOW)).toBe(utc('2026-10-03T16:10:00Z'));
      expect(zonedLocalToUtc('2026-10-03 23:00', 'Australia/Lord_Howe', NOW)).toBe(utc('2026-10-03T12:30:00Z'));
    }
  });

  it('reads "14:30" as today in the store zone, not today in UTC', () => {
    expect(zonedLocalToUtc('14:30', 'Asia/Shanghai', NOW)).toBe(utc('2026-11-27T06:30:00Z'));
    // 20:00 UTC on the 27th is already 04:00 on the 28th in Shanghai.
    expect(zonedLocalToUtc('14:30', 'Asia/Shanghai', utc('2026-11-27T20:00:00Z'))).toBe(utc('2026-11-28T06:30:00Z'));
    // 02:00 UTC on the 28th is still the evening of the 27th in New York.
    expect(zonedLocalToUtc('14:30', 'America/New_York', utc('2026-11-28T02:00:00Z'))).toBe(utc('2026-11-27T19:30:00Z'));
  });

  it('takes a time that carries its own offset as written', () => {
    expect(zonedLocalToUtc('2026-11-27T14:30:00+08:00', 'Europe/London', NOW)).toBe(utc('2026-11-27T06:30:00Z'));
    expect(zonedLocalToUtc('2026-11-27 14:30Z', 'Asia/Shanghai', NOW)).toBe(utc('2026-11-27T14:30:00Z'));
  });

  it('uses the offset in force on that day in a daylight-saving zone', () => {
    expect(zonedLocalToUtc('2026-03-28 12:00', 'Europe/London', NOW)).toBe(utc('2026-03-28T12:00:00Z'));
    expect(zonedLocalToUtc('2026-03-29 00:30', 'Europe/London', NOW)).toBe(utc('2026-03-29T00:30:00Z'));
    expect(zonedLocalToUtc('2026-03-29 03:00', 'Europe/London', NOW)).toBe(utc('2026-03-29T02:00:00Z'));
    expect(zonedLocalToUtc('2026-03-29 12:00', 'Europe/London', NOW)).toBe(utc('2026-03-29T11:00:00Z'));
    expect(zonedLocalToUtc('2026-10-24 12:00', 'Europe/London', NOW)).toBe(utc('2026-10-24T11:00:00Z'));
    expect(zonedLocalToUtc('2026-10-25 03:00', 'Europe/London', NOW)).toBe(utc('2026-10-25T03:00:00Z'));
    expect(zonedLocalToUtc('14:30', 'Europe/London', utc('2026-07-01T12:00:00Z'))).toBe(utc('2026-07-01T13:30:00Z'));
    expect(zonedLocalToUtc('14:30', 'Europe/London', utc('2026-12-01T12:00:00Z'))).toBe(utc('2026-12-01T14:30:00Z'));
  });

  it('moves a wall time that the spring change skipped forward by the gap', () => {
    // 01:30 does not exist in London on 29 March 2026; like Temporal's "compatible", it means 02:30 BST.
    const skipped = zonedLocalToUtc('2026-03-29 01:30', 'Europe/London', NOW);
    expect(skipped).toBe(utc('2026-03-29T01:30:00Z'));
    expect(formatInZone(skipped, 'Europe/London')).toBe('2026-03-29 02:30:00');
  });

  it('reads a wall time that the autumn change repeated as one of its two instants', () => {
    const repeated = zonedLocalToUtc('2026-10-25 01:30', 'Europe/London', NOW);
    expect([utc('2026-10-25T00:30:00Z'), utc('2026-10-25T01:30:00Z')]).toContain(repeated);
    expect(formatInZone(repeated, 'Europe/London')).toBe('2026-10-25 01:30:00');
  });

  it('round-trips every second through formatInZone in a zone without daylight saving', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc('1990-01-01T00:00:00Z') / 1000, max: utc('2100-01-01T00:00:00Z') / 1000 }), (seconds) => {
        const ms = seconds * 1000;
        expect(zonedLocalToUtc(formatInZone(ms, 'Asia/Shanghai'), 'Asia/Shanghai', NOW)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through formatInZone in London outside the repeated autumn hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc('2000-01-01T00:00:00Z') / 1000, max: utc('2040-01-01T00:00:00Z') / 1000 }), (seconds) => {
        const ms = seconds * 1000;
        const back = zonedLocalToUtc(formatInZone(ms, 'Europe/London'), 'Europe/London', NOW);
        // In the repeated hour the wall time names two instants one hour apart.
        expect([ms, ms + 3_600_000, ms - 3_600_000]).toContain(back);
        expect(formatInZone(back, 'Europe/London')).toBe(formatInZone(ms, 'Europe/London'));
      }),
      { numRuns: 300 },
    );
  });

  it.each(['', '   ', 'abc', '25:99', '24:00', '14:60', '14:30:60', '2026-13-01', '2026-00-10', '2026-02-30', '2026-02-29 10:00', '2026-11-27 14', '7', '14h30', '2026/11/27 14:30', '27.11.2026'])(
    'refuses %j with BAD_TIME',
    (text) => {
      const error = inputErrorOf(() => zonedLocalToUtc(text, 'Asia/Shanghai', NOW));
      expect(error.code).toBe('BAD_TIME');
      expect(error.hint).toBeTruthy();
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(zonedLocalToUtc('2028-02-29 10:00', 'Asia/Shanghai', NOW)).toBe(utc('2028-02-29T02:00:00Z'));
  });

  it.each(['2026-02-30T10:00:00+08:00', '2026-11-31 10:00Z', '2026-11-27T25:00:00+08:00'])('refuses the impossible offset time %j with BAD_TIME', (text) => {
    expect(inputErrorOf(() => zonedLocalToUtc(text, 'Asia/Shanghai', NOW)).code).toBe('BAD_TIME');
  });

  it('refuses an unknown zone with BAD_TIME_ZONE', () => {
    expect(inputErrorOf(() => zonedLocalToUtc('14:30', 'Nowhere/Special', NOW)).code).toBe('BAD_TIME_ZONE');
    expect(inputErrorOf(() => zonedLocalToUtc('2026-11-27 14:30', 'UTC+8', NOW)).code).toBe('BAD_TIME_ZONE');
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['5min', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    [' 15 m ', 900_000],
    ['0s', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '15', 'm', '-5m', '1.5h', '15x', '15M', '2 hours', '1w', 'h2'])('refuses %j with BAD_DURATION', (text) => {
    const error = inputErrorOf(() => parseDuration(text));
    expect(error.code).toBe('BAD_DURATION');
    expect(error.hint).toContain('15m');
  });
});

describe('zonedLocalToUtc: a midnight that does not exist', () => {
  it('reads Santiago midnight on the spring change as 01:00, the first instant of that day', () => {
    const start = zonedLocalToUtc('2026-09-06', 'America/Santiago', Date.parse('2026-09-06T12:00:00Z'));
    expect(new Date(start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(formatInZone(start, 'America/Santiago')).toBe('2026-09-06 01:00:00');
  });
});

describe('zonedLocalToUtc: a time with its date is remembered, per zone', () => {
  it('answers the same instant again, whatever the day it is asked, and keeps zones and refusals apart', () => {
    const text = ' 2026-11-27 14:30 ';
    const first = zonedLocalToUtc(text, 'Asia/Shanghai', Date.parse('2026-11-27T00:00:00Z'));
    expect(zonedLocalToUtc(text, 'Asia/Shanghai', Date.parse('2031-01-01T00:00:00Z'))).toBe(first);
    expect(new Date(first).toISOString()).toBe('2026-11-27T06:30:00.000Z');
    expect(new Date(zonedLocalToUtc(text, 'Europe/London', 0)).toISOString()).toBe('2026-11-27T14:30:00.000Z');
    for (let i = 0; i < 2; i++) expect(inputErrorOf(() => zonedLocalToUtc('2026-02-30 10:00', 'Asia/Shanghai', 0)).code).toBe('BAD_TIME');
    // A time without a date is still today's.
    expect(new Date(zonedLocalToUtc('14:30', 'Asia/Shanghai', Date.parse('2026-11-28T01:00:00Z'))).toISOString()).toBe('2026-11-28T06:30:00.000Z');
  });
});
