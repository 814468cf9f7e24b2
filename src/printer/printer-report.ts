import type { PrintJobRow } from '../journal/index.js';
import type { PrinterHealth } from './printer-health.js';
import type { PrinterTarget } from './printer-directory.js';

/** One printer as `reissue printers` shows it. */
export interface PrinterReport {
  name: string;
  address: string | null;
  model: string | null;
  paper: string | null;
  group: string | null;
  backup: string | null;
  /** In the configuration (false: only named by jobs, e.g. a HOST:PORT). */
  configured: boolean;
  status: string;
  faults: string[];
  warnings: string[];
  /** Why its queue waits, while it does. */
  held: string | null;
  checkedAt: number | null;
  lastError: string | null;
  lastErrorCode: string | null;
  lastErrorRule: string | null;
  queued: number;
  inFlight: number;
  paperUsedMm: number;
  paperSinceCleanMm: number;
  cleaningDue: boolean;
  lastCleanedAt: number | null;
  lastPrintedAt: number | null;
}

export interface ReportSources {
  /** Undefined for a printer a job names that is not (any more) in the configuration. */
  target: PrinterTarget | undefined;
  configured: boolean;
  health: Awaited<ReturnType<PrinterHealth['snapshot']>>;
  /** Open jobs (queued, sending, awaiting-ack) of every printer. */
  open: readonly PrintJobRow[];
  lastPrinted: PrintJobRow | undefined;
  paperUsedMm: number;
  held: string | undefined;
}

/** One printer's line of `reissue printers`. */
export function printerReport(name: string, from: ReportSources): PrinterReport {
  const { target, health } = from;
  const mine = from.open.filter((j) => j.printer === name);
  return {
    name,
    address: target?.address ?? null,
    model: target?.profile.id ?? null,
    paper: target?.profile.paper.id ?? null,
    group: target?.group ?? null,
    backup: target?.backup ?? null,
    configured: from.configured,
    status: health.status,
    faults: health.faults,
    warnings: health.warnings,
    held: from.held ?? null,
    checkedAt: health.checkedAt,
    lastError: health.lastError,
    lastErrorCode: health.lastErrorCode,
    lastErrorRule: health.lastErrorRule,
    queued: mine.filter((j) => j.state === 'queued').length,
    inFlight: mine.filter((j) => j.state !== 'queued').length,
    paperUsedMm: Math.round(from.paperUsedMm * 10) / 10,
    paperSinceCleanMm: health.paperSinceCleanMm,
    cleaningDue: health.cleaningDue,
    lastCleanedAt: health.lastCleanedAt,
    lastPrintedAt: from.lastPrinted?.updatedAt ?? null,
  };
}
