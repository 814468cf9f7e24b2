import type { PrinterState } from '../escpos/index.js';
import type { PrintJobRow } from '../journal/index.js';
import type { SpoolerEvent } from '../printer/index.js';
import type { CaptureHandOver } from '../printer/index.js';
import type { UndeliveredJob } from './tap-connection.js';

/** The part of the spooler a tap hands jobs to. */
export interface CaptureSpooler {
  takeCapture(handOver: CaptureHandOver): Promise<PrintJobRow>;
}

export interface SpoolerHandOver {
  /** For TapOptions.handOver. */
  handOver(job: UndeliveredJob): Promise<PrintJobRow>;
  /** For TapOptions.offlineStatus: the printer's faults as the spooler last saw them. */
  offlineStatus(): Partial<PrinterState>;
  /** Give it the spooler's events: printer status changes keep offlineStatus current. */
  observe(event: SpoolerEvent): void;
}

const FAULT_STATES: readonly [string, keyof PrinterState][] = [
  ['paper out', 'paperOut'],
  ['cover open', 'coverOpen'],
  ['paper near end', 'paperNearEnd'],
  ['cutter error', 'cutterError'],
  ['unrecoverable error', 'unrecoverableError'],
  ['overheated', 'autoRecoverableError'],
];

/**
 * A tap's jobs that its printer did not take go to the spooler, for the tap's printer and
 * backup: printed by the spooler's rules when nothing went out, journaled as of unknown
 * outcome when some of it may be on paper (Spooler.takeCapture).
 */
export function spoolerHandOver(spooler: CaptureSpooler, target: { printer: string; backup?: string }): SpoolerHandOver {
  // The spooler names a printer by its configured name or "HOST:PORT"; the first job tells which.
  const names = new Set([target.printer]);
  let known: Partial<PrinterState> = {};
  return {
    async handOver(job) {
      const row = await spooler.takeCapture({
        captureId: job.capture.id,
        printer: target.printer,
        ...(target.backup !== undefined ? { backup: target.backup } : {}),
        outcome: job.outcome,
        ...(job.reason ? { reason: job.reason.message } : {}),
      });
      names.add(row.printer);
      return row;
    },
    offlineStatus: () => known,
    observe(event) {
      if (event.type !== 'status' || !names.has(event.printer)) return;
      const status = event.status;
      known = Object.fromEntries(FAULT_STATES.filter(([words]) => status.includes(words)).map(([, key]) => [key, true]));
      if (known.autoRecoverableError || known.cutterError || known.unrecoverableError) known.error = true;
    },
  };
}
