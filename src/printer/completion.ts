import type { PrinterProfile, PrinterState } from '../escpos/index.js';
import type { PrintJobRow } from '../journal/index.js';
import { PrinterDisconnectedError, PrinterTimeoutError, printerFaults } from './errors.js';
import { jobDetail } from './job-detail.js';
import type { Printer, PrinterTimers } from './printer-port.js';
import type { SpoolerSettings } from './spooler-settings.js';

export type Outcome = { ok: true } | { ok: false; reason: string; error?: unknown };

/** What waiting for one job's completion needs from the worker printing it. */
export interface CompletionWatch {
  link: Printer;
  profile: PrinterProfile;
  job: PrintJobRow;
  settings: Pick<SpoolerSettings, 'ackTimeoutMs' | 'statusPollMs'>;
  clock: () => number;
  timers: PrinterTimers;
  /** Each status read while waiting, for the printer's status history (journaled on change). */
  observed(state: PrinterState): Promise<void>;
  /** The printer reports a fault while it has the job's data. */
  held(reason: string): Promise<void>;
  /** The fault cleared. */
  resumed(): void;
  /** Why to stop waiting for a held job now (the spooler stops, the job expired), if it is time to. */
  giveUp(): string | undefined;
  /** Waits between status polls; the worker may cut it short. */
  sleep(ms: number): Promise<void>;
}

/** The 4 ASCII characters of a job's completion marker (GS ( H): its id in base 36 (the virtual printer reads it back to name the job's files). */
export function markerId(jobId: number): string {
  return (jobId % 36 ** 4).toString(36).toUpperCase().padStart(4, '0');
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Printed once the printer says so: GS ( H where the model answers it, else a clean status
 * after the data (the rule is the profile's). A fault meanwhile holds the job — its data is
 * in the printer and prints once the fault is cleared — until giveUp() says otherwise.
 */
export function awaitCompletion(watch: CompletionWatch): Promise<Outcome> {
  return watch.profile.completionMarker ? byMarker(watch) : byStatus(watch);
}

/**
 * Only the answer to the one marker sent right after the data counts: a marker sent later
 * could be answered by a printer that lost the job (reset, cleared buffer). So the marker is
 * sent once and waited for across holds, while the status is polled beside it.
 */
async function byMarker(w: CompletionWatch): Promise<Outcome> {
  const { settings, clock } = w;
  let answer: Outcome | undefined;
  // Long enough for any hold the job may wait out; giving up earlier closes the link, which ends it.
  const longest = Math.max(0, w.job.expiresAt - clock()) + 2 * settings.ackTimeoutMs + settings.statusPollMs;
  const answered = w.link.waitPrinted(markerId(w.job.id), longest).then(
    () => {
      answer = { ok: true };
    },
    (error: unknown) => {
      answer = { ok: false, reason: ackFailure(error, longest), error };
    },
  );
  // Since when the printer could print (no fault) without answering; NaN while it reports a fault.
  let readySince = clock();
  for (;;) {
    await settledWithin(answered, Math.min(settings.statusPollMs, settings.ackTimeoutMs), w.timers);
    if (answer) {
      if (answer.ok) w.resumed();
      return answer;
    }
    let state: PrinterState;
    try {
      state = await w.link.status();
    } catch (error) {
      if (answer) continue;
      return { ok: false, reason: jobDetail.noAnswer(message(error)), error };
    }
    await w.observed(state);
    // The completion answer may have come in while the status was read: it wins over any timeout below.
    if (answer) continue;
    const faults = printerFaults(state);
    if (faults.length > 0) {
      await w.held(faults.join(', '));
      const limit = w.giveUp();
      if (limit) return { ok: false, reason: limit };
      readySince = Number.NaN;
      continue;
    }
    if (Number.isNaN(readySince)) {
      // The fault cleared; the paper still has to pass: a full timeout from here.
      w.resumed();
      readySince = clock();
    }
    if (clock() - readySince >= settings.ackTimeoutMs) {
      return { ok: false, reason: jobDetail.noCompletion(settings.ackTimeoutMs) };
    }
  }
}

async function byStatus(w: CompletionWatch): Promise<Outcome> {
  for (;;) {
    let state: PrinterState;
    try {
      state = await w.link.status();
    } catch (error) {
      return { ok: false, reason: jobDetail.noStatus(message(error)), error };
    }
    await w.observed(state);
    const faults = printerFaults(state);
    if (faults.length === 0) {
      w.resumed();
      return { ok: true };
    }
    await w.held(faults.join(', '));
    const limit = w.giveUp();
    if (limit) return { ok: false, reason: limit };
    await w.sleep(w.settings.statusPollMs);
  }
}

/** True once `promise` settles, false after `ms` if it has not. */
export function settledWithin(promise: Promise<unknown>, ms: number, timers: PrinterTimers): Promise<boolean> {
  return new Promise((resolve) => {
    const handle = timers.setTimeout(() => resolve(false), ms);
    const done = () => {
      timers.clearTimeout(handle);
      resolve(true);
    };
    promise.then(done, done);
  });
}

function ackFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof PrinterTimeoutError) return jobDetail.noCompletion(timeoutMs, error.message);
  if (error instanceof PrinterDisconnectedError) return jobDetail.connectionLost(error.message);
  return jobDetail.unclear(message(error));
}
