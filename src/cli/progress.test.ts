import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { duration, progressReporter } from './progress.js';

function fakeIo(isTty: boolean): { io: CliIo; written: string[]; tick: (ms: number) => void } {
  let now = 1_000_000;
  const written: string[] = [];
  const io = { isTty, now: () => now, stderr: (text: string) => written.push(text) } as unknown as CliIo;
  return { io, written, tick: (ms) => (now += ms) };
}

describe('progress on stderr', () => {
  it('says the rate and how long the rest will take, a line per tenth off a terminal', () => {
    const { io, written, tick } = fakeIo(false);
    const report = progressReporter(io, 'seeding');
    tick(10_000);
    report(100_000, 1_000_000);
    tick(10_000);
    report(150_000, 1_000_000);
    tick(10_000);
    report(300_000, 1_000_000);
    report.finish();
    expect(written).toEqual([
      'seeding: 100,000/1,000,000 (10%) 10,000/s, 1m30s left\n',
      'seeding: 300,000/1,000,000 (30%) 10,000/s, 1m10s left\n',
    ]);
  });

  it('redraws one line in place on a terminal and ends it when finished, without an estimate at the end', () => {
    const { io, written, tick } = fakeIo(true);
    const report = progressReporter(io, 'verifying');
    tick(2_000);
    report(5_000, 10_000);
    tick(50);
    report(6_000, 10_000);
    tick(2_000);
    report(10_000, 10_000);
    report.finish();
    report.finish();
    expect(written).toEqual(['\rverifying: 5,000/10,000 (50%) 2,500/s, 2s left\u001b[K', '\rverifying: 10,000/10,000 (100%) 2,469/s\u001b[K', '\n']);
  });

  it('writes durations as hours and minutes, minutes and seconds, or seconds', () => {
    expect(duration(3723)).toBe('1h02m');
    expect(duration(245)).toBe('4m05s');
    expect(duration(6.2)).toBe('7s');
    expect(duration(-1)).toBe('0s');
  });
});
