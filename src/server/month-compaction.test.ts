import { describe, expect, it } from 'vitest';
import { ReissueError } from '../core/index.js';
import type { CompactOptions, CompactReport } from '../sql/index.js';
import { ManualTimers } from '../../test/support/manual-timers.js';
import { serverLog } from './log.js';
import { scheduleCompaction } from './month-compaction.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function harness(outcomes: (CompactReport | undefined | Error)[]) {
  const timers = new ManualTimers();
  const lines: Record<string, unknown>[] = [];
  const asked: number[] = [];
  const journal = {
    compactMonths: async (options: CompactOptions) => {
      asked.push(options.now);
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const stop = scheduleCompaction(journal, serverLog((line) => lines.push(JSON.parse(line) as Record<string, unknown>), timers.now), timers.now, { timers, firstAfterMs: 60_000, everyMs: 3_600_000 });
  return { timers, lines, asked, stop };
}

describe('scheduleCompaction', () => {
  it('runs soon after start and then on its period, logging each month it packed', async () => {
    const packed = { compacted: [{ partition: 'transactions_p202611', before: 5_000_000, after: 3_500_000, ms: 812 }], busy: false };
    const h = harness([packed, { compacted: [], busy: false }, { compacted: [], busy: true }]);
    h.timers.advance(59_999);
    await settle();
    expect(h.asked).toEqual([]);
    h.timers.advance(1);
    await settle();
    expect(h.asked).toEqual([h.timers.now()]);
    expect(h.lines).toEqual([expect.objectContaining({ level: 'info', event: 'compaction.done', partition: 'transactions_p202611', indexBytesBefore: 5_000_000, indexBytesAfter: 3_500_000, ms: 812 })]);
    h.timers.advance(3_600_000);
    await settle();
    h.timers.advance(3_600_000);
    await settle();
    // Nothing due, or another process at it: nothing to say.
    expect(h.asked).toHaveLength(3);
    expect(h.lines).toHaveLength(1);
    await h.stop();
    h.timers.advance(10 * 3_600_000);
    await settle();
    expect(h.asked).toHaveLength(3);
    expect(h.timers.waiting).toBe(0);
  });

  it('logs a failed run with its code and tries again on the next one', async () => {
    const failed = new ReissueError('unavailable', 'COMPACTION_FAILED', 'rebuilding the indexes of events_p202611 failed: canceled', { context: { partition: 'events_p202611', reason: 'canceled' } });
    const h = harness([failed, { compacted: [{ partition: 'events_p202611', before: 10, after: 6, ms: 1 }], busy: false }]);
    h.timers.advance(60_000);
    await settle();
    expect(h.lines).toEqual([expect.objectContaining({ level: 'warn', event: 'compaction.failed', code: 'COMPACTION_FAILED', partition: 'events_p202611' })]);
    h.timers.advance(3_600_000);
    await settle();
    expect(h.lines.at(-1)).toMatchObject({ event: 'compaction.done', partition: 'events_p202611' });
    await h.stop();
  });

  it('says nothing on SQLite, which has no months to pack', async () => {
    const h = harness([undefined]);
    h.timers.advance(60_000);
    await settle();
    expect(h.asked).toHaveLength(1);
    expect(h.lines).toEqual([]);
    await h.stop();
  });
});
