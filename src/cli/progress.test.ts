import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { duration, progressReporter, type ProgressStep } from './progress.js';

/** Runs a reporter over [ms elapsed, done, total] steps, finishing twice, and gives what it wrote. */
function play(isTty: boolean, step: ProgressStep, steps: readonly (readonly [number, number, number])[], language: 'zh' | 'en' = 'en'): string[] {
  let now = 1_000_000;
  const written: string[] = [];
  const io = { isTty, now: () => now, stderr: (text: string) => written.push(text) } as unknown as CliIo;
  const report = progressReporter(io, step, language);
  for (const [ms, done, total] of steps) {
    now += ms;
    report(done, total);
  }
  report.finish();
  report.finish();
  return written;
}

describe('progress on stderr', () => {
  it('says the rate and how long the rest will take, a line per tenth off a terminal', () => {
    expect(play(false, 'seeding', [[10_000, 100_000, 1_000_000], [10_000, 150_000, 1_000_000], [10_000, 300_000, 1_000_000]])).toEqual([
      'seeding: 100,000/1,000,000 (10%) 10,000/s, 1m30s left\n',
      'seeding: 300,000/1,000,000 (30%) 10,000/s, 1m10s left\n',
    ]);
  });

  it('speaks Chinese to a Chinese terminal: the step, the rate and the time left', () => {
    expect(play(false, 'restoring', [[10_000, 100_000, 1_000_000], [10_000, 300_000, 1_000_000], [50_000, 1_000_000, 1_000_000]], 'zh')).toEqual([
      '正在恢复：100,000/1,000,000（10%）每秒 10,000，还需 1分30秒\n',
      '正在恢复：300,000/1,000,000（30%）每秒 15,000，还需 47秒\n',
      '正在恢复：1,000,000/1,000,000（100%）每秒 14,286\n',
    ]);
    expect(duration(3723, 'zh')).toBe('1小时02分');
    expect(duration(6.2, 'zh')).toBe('7秒');
  });

  it('redraws one line in place on a terminal and ends it once when finished, without an estimate at the end', () => {
    expect(play(true, 'verifying', [[2_000, 5_000, 10_000], [50, 6_000, 10_000], [2_000, 10_000, 10_000]])).toEqual([
      '\rverifying: 5,000/10,000 (50%) 2,500/s, 2s left\u001b[K',
      '\rverifying: 10,000/10,000 (100%) 2,469/s\u001b[K',
      '\n',
    ]);
  });

  it('writes durations as hours and minutes, minutes and seconds, or seconds', () => {
    expect(duration(3723)).toBe('1h02m');
    expect(duration(245)).toBe('4m05s');
    expect(duration(6.2)).toBe('7s');
    expect(duration(-1)).toBe('0s');
  });
});
