import type { PrinterState } from '../escpos/index.js';
import type { EventRow, Journal } from '../journal/index.js';
import { NotAPrinterError, printerFaults } from './errors.js';
import type { PrinterLabel } from './job-ledger.js';
import type { PrinterTarget } from './printer-directory.js';
import { PrinterEventTypes, printerChain, type SpoolerEvent } from './spooler-events.js';

export interface HealthDeps {
  journal: Journal;
  clock: () => number;
  cleanEveryMm: number;
  label: (printer: string) => PrinterLabel;
  emit: (event: SpoolerEvent) => void;
}

/** What is known of one printer's health right now. */
export interface HealthSnapshot {
  /** 'ready', 'paper near end', 'paper out', 'cover open', 'offline', 'unreachable', 'not a printer' …; 'not checked' before the first look. */
  status: string;
  faults: string[];
  warnings: string[];
  /** When the status was last read (this process), epoch ms. */
  checkedAt: number | null;
  /** Consecutive failures to reach it. */
  failures: number;
  lastError: string | null;
  /** The last error's code and catalogue variant, so a screen can say it in its reader's language. */
  lastErrorCode: string | null;
  lastErrorRule: string | null;
  /** Paper printed since the print head was last cleaned. */
  paperSinceCleanMm: number;
  cleaningDue: boolean;
  lastCleanedAt: number | null;
}

interface Cleaning {
  sinceMm: number;
  lastCleanedAt: number | null;
  reminded: boolean;
}

interface Entry {
  /** Last status journaled for the printer; undefined until read back from the journal. */
  status: string | null | undefined;
  faults: string[];
  warnings: string[];
  checkedAt: number | null;
  failures: number;
  lastError: string | null;
  lastErrorCode: string | null;
  lastErrorRule: string | null;
  cleaning: Cleaning | undefined;
  /** Journal writes about one printer go one after the other, so a change is never written twice. */
  queue: Promise<unknown>;
}

const statusLabel = (faults: readonly string[], warnings: readonly string[]) => (faults.length > 0 ? faults.join(', ') : (warnings[0] ?? 'ready'));
const time = (event: EventRow | undefined) => (event ? Date.parse(event.recordedAt) : null);

/**
 * Printer health: status history (a printer.status event in printer:NAME on every change),
 * consecutive failures for failover, paper used and the print-head cleaning reminder.
 */
export class PrinterHealth {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: HealthDeps) {}

  private entry(name: string): Entry {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { status: undefined, faults: [], warnings: [], checkedAt: null, failures: 0, lastError: null, lastErrorCode: null, lastErrorRule: null, cleaning: undefined, queue: Promise.resolve() };
      this.entries.set(name, entry);
    }
    return entry;
  }

  private serial<T>(entry: Entry, work: () => Promise<T>): Promise<T> {
    const run = entry.queue.then(work);
    entry.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A status read: journals it if it differs from the last one journaled. True when it starts
   * a warning (paper near end) the last read of this printer did not have: said once a spell,
   * however often the printer's worker ends and starts again between jobs.
   */
  async observe(target: PrinterTarget, state: PrinterState): Promise<boolean> {
    const entry = this.entry(target.name);
    const warnedBefore = entry.warnings.length > 0;
    entry.faults = printerFaults(state);
    entry.warnings = state.paperNearEnd && !state.paperOut ? ['paper near end'] : [];
    entry.checkedAt = this.deps.clock();
    entry.failures = 0;
    entry.lastError = null;
    entry.lastErrorCode = null;
    entry.lastErrorRule = null;
    const starts = !warnedBefore && entry.warnings.length > 0;
    await this.record(target.name, entry, statusLabel(entry.faults, entry.warnings), { online: state.online, faults: entry.faults, warnings: entry.warnings });
    return starts;
  }

  /** A failure to reach the printer (before any byte of a job went out, or the address answers but not as a printer); returns the consecutive count. */
  async unreachable(target: PrinterTarget, error: Error): Promise<number> {
    const entry = this.entry(target.name);
    entry.failures += 1;
    entry.lastError = error.message;
    entry.checkedAt = this.deps.clock();
    entry.faults = [];
    entry.warnings = [];
    const code = (error as { code?: unknown }).code;
    const rule = (error as { context?: { rule?: unknown } }).context?.rule;
    entry.lastErrorCode = typeof code === 'string' ? code : 'PRINTER_UNREACHABLE';
    entry.lastErrorRule = typeof rule === 'string' ? rule : null;
    // Said apart from "unreachable": the fix is the address in the configuration, not the cable or the power.
    const status = error instanceof NotAPrinterError ? 'not a printer' : 'unreachable';
    await this.record(target.name, entry, status, { error: typeof code === 'string' ? code : error.name, message: error.message });
    return entry.failures;
  }

  failures(name: string): number {
    return this.entries.get(name)?.failures ?? 0;
  }

  private record(name: string, entry: Entry, status: string, details: Record<string, unknown>): Promise<void> {
    return this.serial(entry, async () => {
      await this.loadStatus(name, entry);
      if (entry.status === status) return;
      const previous = entry.status ?? null;
      await this.deps.journal.append(printerChain(name), PrinterEventTypes.status, { printer: this.deps.label(name), status, previous, ...details });
      entry.status = status;
      this.deps.emit({ type: 'status', printer: name, status, previous });
    });
  }

  /** The last status journaled, so a restart does not journal an unchanged status again. */
  private async loadStatus(name: string, entry: Entry): Promise<void> {
    if (entry.status !== undefined) return;
    const [last] = await this.deps.journal.eventsOf(printerChain(name), { types: [PrinterEventTypes.status], limit: 1 });
    entry.status = last ? ((JSON.parse(last.payload) as { status?: string }).status ?? null) : null;
  }

  private async cleaning(name: string): Promise<Cleaning> {
    const entry = this.entry(name);
    if (entry.cleaning) return entry.cleaning;
    const chain = printerChain(name);
    const [cleaned] = await this.deps.journal.eventsOf(chain, { types: [PrinterEventTypes.cleaned], limit: 1 });
    const [due] = await this.deps.journal.eventsOf(chain, { types: [PrinterEventTypes.cleaningDue], limit: 1 });
    const lastCleanedAt = time(cleaned);
    const sinceMm = await this.deps.journal.paperUsed(name, lastCleanedAt ?? 0);
    // Another process may have filled it in meanwhile; the first one stays.
    entry.cleaning ??= { sinceMm, lastCleanedAt, reminded: due !== undefined && due.seq > (cleaned?.seq ?? 0) };
    return entry.cleaning;
  }

  /** Paper printed: counts it and reminds (once, journaled) when the head is due for cleaning. */
  async printed(target: PrinterTarget, paperMm: number): Promise<void> {
    const entry = this.entry(target.name);
    await this.serial(entry, async () => {
      // Read from the journal for the first time, the count already has this job.
      const counted = entry.cleaning !== undefined;
      const cleaning = await this.cleaning(target.name);
      if (counted) cleaning.sinceMm += paperMm;
      if (cleaning.reminded || cleaning.sinceMm < this.deps.cleanEveryMm) return;
      const paper = Math.round(cleaning.sinceMm);
      await this.deps.journal.append(printerChain(target.name), PrinterEventTypes.cleaningDue, { printer: this.deps.label(target.name), paperMm: paper, cleanEveryMm: this.deps.cleanEveryMm });
      cleaning.reminded = true;
      this.deps.emit({ type: 'cleaning-due', printer: target.name, paperMm: paper });
    });
  }

  /** The print head was cleaned: journaled, and the paper count starts again. */
  async markCleaned(target: PrinterTarget, by?: string): Promise<{ paperMm: number }> {
    const entry = this.entry(target.name);
    return this.serial(entry, async () => {
      const cleaning = await this.cleaning(target.name);
      const paperMm = Math.round(cleaning.sinceMm * 10) / 10;
      const event = await this.deps.journal.append(printerChain(target.name), PrinterEventTypes.cleaned, { printer: this.deps.label(target.name), paperMmSinceLast: paperMm, ...(by ? { by } : {}) });
      entry.cleaning = { sinceMm: 0, lastCleanedAt: Date.parse(event.recordedAt), reminded: false };
      return { paperMm };
    });
  }

  async snapshot(name: string): Promise<HealthSnapshot> {
    const entry = this.entry(name);
    const cleaning = await this.serial(entry, async () => {
      await this.loadStatus(name, entry);
      return this.cleaning(name);
    });
    return {
      status: entry.status ?? 'not checked',
      faults: [...entry.faults],
      warnings: [...entry.warnings],
      checkedAt: entry.checkedAt,
      failures: entry.failures,
      lastError: entry.lastError,
      lastErrorCode: entry.lastErrorCode,
      lastErrorRule: entry.lastErrorRule,
      paperSinceCleanMm: Math.round(cleaning.sinceMm * 10) / 10,
      cleaningDue: cleaning.sinceMm >= this.deps.cleanEveryMm,
      lastCleanedAt: cleaning.lastCleanedAt,
    };
  }
}
