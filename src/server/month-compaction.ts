import type { Journal } from '../journal/index.js';
import type { CompactReport } from '../sql/index.js';
import type { ServerLog } from './log.js';

export interface CompactionTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CompactionSchedule {
  /** First run this long after start (default 10 minutes: a restart's own work goes first). */
  firstAfterMs?: number;
  /** Then again this often (default a day: a month closes once a month, a late push now and then). */
  everyMs?: number;
  timers?: CompactionTimers;
}

const MINUTE_MS = 60_000;

/**
 * Packs the indexes of the journal's months that are over, in the background of a running
 * server: once soon after it starts and then daily, one run at a time (a run that finds
 * another process at it does nothing). Nothing to do on SQLite. A failure is logged and the
 * month stays due; the server goes on. Returns what stops it.
 */
export function scheduleCompaction(journal: Pick<Journal, 'compactMonths'>, log: ServerLog, now: () => number, schedule: CompactionSchedule = {}): () => Promise<void> {
  const timers: CompactionTimers = schedule.timers ?? {
    setTimeout: (run, ms) => setTimeout(run, ms).unref(),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
  const everyMs = schedule.everyMs ?? 24 * 60 * MINUTE_MS;
  let timer: unknown;
  let running: Promise<void> | undefined;
  let stopped = false;
  // Stopping the server cancels a rebuild under way rather than waiting minutes for it.
  const stopping = new AbortController();

  const run = async () => {
    let report: CompactReport | undefined;
    try {
      report = await journal.compactMonths({ now: now(), signal: stopping.signal });
    } catch (error) {
      const e = error as { code?: unknown; context?: { partition?: unknown } };
      log.write('warn', 'compaction.failed', { code: typeof e.code === 'string' ? e.code : 'INTERNAL', partition: e.context?.partition, message: error instanceof Error ? error.message : String(error) });
    }
    // SQLite (undefined), another process at it, or nothing due: no line.
    for (const p of report?.compacted ?? []) log.write('info', 'compaction.done', { partition: p.partition, indexBytesBefore: p.before, indexBytesAfter: p.after, ms: p.ms });
  };
  const arm = (ms: number) => {
    timer = timers.setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
        if (!stopped) arm(everyMs);
      });
    }, ms);
  };
  arm(schedule.firstAfterMs ?? 10 * MINUTE_MS);
  return async () => {
    stopped = true;
    timers.clearTimeout(timer);
    stopping.abort();
    await running;
  };
}
