import { describe, expect, it } from 'vitest';
import { firstHours, hourOf, hourSteps, hourWalk, hoursOf, needsSpan, walksHours } from './hour-walk.js';

const H = 3_600_000;

describe('hour walk', () => {
  it('walks hours only for the filters whose index is led by the hour', () => {
    for (const q of [{ amountMin: 1 }, { amountMax: 1 }, { voucherNo: '000001' }, { referenceNo: '1' }, { last4: '4242' }]) expect(walksHours({ limit: 1, ...q })).toBe(true);
    for (const q of [{}, { from: 0, to: H }, { terminalId: 'T' }, { operatorId: '01' }, { kind: 'sale' as const }]) expect(walksHours({ limit: 1, ...q })).toBe(false);
  });

  it('computes the hour as SQL integer division does, truncating toward zero', () => {
    expect([hourOf(0), hourOf(H - 1), hourOf(H), hourOf(-1), hourOf(-H), hourOf(-H - 1)]).toEqual([0, 0, 1, 0, -1, -1]);
  });

  it('asks the journal for its span only when the window is open or wide', () => {
    expect(needsSpan({ limit: 1, from: 0, to: 63 * H })).toBe(false);
    expect(needsSpan({ limit: 1, from: 0, to: 64 * H })).toBe(true);
    expect(needsSpan({ limit: 1, from: 0 })).toBe(true);
    expect(needsSpan({ limit: 1, to: 0 })).toBe(true);
  });

  it('bounds the hours by the window, the cursor and the journal, and gives none when they do not meet', () => {
    const span = { first: 10 * H, last: 100 * H + 5 };
    expect(hoursOf({ limit: 1 }, span)).toEqual({ newest: 100, oldest: 10 });
    expect(hoursOf({ limit: 1, from: 0, to: 1e15 }, span)).toEqual({ newest: 100, oldest: 10 });
    expect(hoursOf({ limit: 1, from: 20 * H + 1, to: 30 * H, cursor: { occurredAt: 25 * H, eventId: 3 } }, span)).toEqual({ newest: 25, oldest: 20 });
    expect(hoursOf({ limit: 1, from: 20 * H, to: 21 * H }, undefined)).toEqual({ newest: 21, oldest: 20 });
    expect(hoursOf({ limit: 1, from: 200 * H }, span)).toBeUndefined();
    expect(hoursOf({ limit: 1 }, undefined)).toBeUndefined();
  });

  it('steps 4, 16, 64, 256 then 1024 hours newest first, each padded with its oldest hour, covering every hour once', () => {
    const steps = [...hourSteps({ newest: 2000, oldest: 1 })];
    expect(steps.map((s) => s.length)).toEqual([4, 16, 64, 256, 1024, 1024]);
    expect(steps[0]).toEqual([2000, 1999, 1998, 1997]);
    const last = steps.at(-1) ?? [];
    expect(last.slice(-2)).toEqual([1, 1]);
    const covered = steps.flat();
    expect(new Set(covered).size).toBe(2000);
    expect(Math.min(...covered)).toBe(1);
    expect([...hourSteps({ newest: 5, oldest: 5 })]).toEqual([[5, 5, 5, 5]]);
    expect([...hourSteps(undefined)]).toEqual([]);
  });

  it('gives the first step of a walk, or none for a search that does not walk', () => {
    expect(firstHours({ limit: 1, amountMin: 5, from: 3 * H, to: 4 * H }, undefined)).toEqual([4, 3, 3, 3]);
    expect(firstHours({ limit: 1, amountMin: 5 }, undefined)).toEqual([0]);
    expect(firstHours({ limit: 1, from: 3 * H }, undefined)).toBeUndefined();
  });

  it('jumps over hours without sales before every step but the first, and stops where none are left', async () => {
    // Sales in hours 5000..4990 and 100..98 only; the journal spans 98..5000.
    const withSales = [...Array.from({ length: 11 }, (_, i) => 5000 - i), 100, 99, 98];
    const seeks: number[] = [];
    const seek = async (hour: number) => {
      seeks.push(hour);
      return withSales.find((h) => h <= hour);
    };
    const steps: number[][] = [];
    for await (const s of hourWalk({ newest: 5000, oldest: 98 }, seek)) steps.push(s);
    expect(steps.map((s) => s[0])).toEqual([5000, 4996, 100]);
    expect(seeks).toEqual([4996, 4980]);
    expect(new Set(steps.flat())).toEqual(new Set([...Array.from({ length: 20 }, (_, i) => 5000 - i), ...Array.from({ length: 3 }, (_, i) => 100 - i)]));
    const none: number[][] = [];
    for await (const s of hourWalk({ newest: 50, oldest: 0 }, async () => undefined)) none.push(s);
    expect(none).toEqual([[50, 49, 48, 47]]);
  });
});
