import type { PrintEventType, PrintJobRow } from '../journal/index.js';

/** Journal event types the spooler writes in a job's chain: the journal owns them, since its job table is rebuilt and checked from them. */
export { PrintEventTypes, PRINT_EVENT_TYPES, type PrintEventType } from '../journal/index.js';

/** Journal event types in a printer's own chain, printer:NAME. */
export const PrinterEventTypes = {
  status: 'printer.status',
  cleaned: 'printer.cleaned',
  cleaningDue: 'printer.cleaning-due',
} as const;

/** Why a printer could not be reached, by code (PRINTER_UNREACHABLE …) and context, so it is said in the reader's language; `message` is the English. */
export interface SpoolerFailure {
  code: string;
  message: string;
  context?: Readonly<Record<string, unknown>>;
}

/** The code and context of a ReissueError-like error; undefined for anything else (its message is all there is). */
export function spoolerFailure(error: Error): SpoolerFailure | undefined {
  const { code, context } = error as { code?: unknown; context?: Readonly<Record<string, unknown>> };
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? { code, message: error.message, ...(context ? { context } : {}) } : undefined;
}

/** The chain of a printer's own events (status history, cleaning) and of its test pages. */
export const printerChain = (printer: string) => `printer:${printer}`;

/** What the spooler reports as it goes, for the CLI, the API and logs. The journal has the same facts. */
export type SpoolerEvent =
  /** A job changed (each journaled transition, hold or retry). */
  | { type: 'job'; event: PrintEventType; job: PrintJobRow }
  /** The printer cannot print (paper out, cover open, offline …); its queue waits. Once per hold. */
  | { type: 'held'; printer: string; reason: string; jobId: number }
  | { type: 'resumed'; printer: string; heldMs: number }
  /** Still printing, but someone should look (paper near end). */
  | { type: 'warning'; printer: string; reason: string }
  | { type: 'retry'; printer: string; jobId: number; failures: number; retryInMs: number; error: string; failure?: SpoolerFailure }
  /** `failure`: when the printer was unreachable (not a fault it reported), why, for the reader's language. */
  | { type: 'rerouted'; printer: string; to: string; jobId: number; newJobId: number; reason: string; failures?: number; failure?: SpoolerFailure }
  | { type: 'status'; printer: string; status: string; previous: string | null }
  | { type: 'cleaning-due'; printer: string; paperMm: number }
  /** Something unexpected (the database failed); the spooler carries on. */
  | { type: 'error'; printer?: string; message: string; error: unknown };
