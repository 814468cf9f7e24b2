import type { PrinterTimers } from '../../src/printer/index.js';

/** Timers that only run when the test moves the clock on. */
export class ManualTimers implements PrinterTimers {
  private clock = 0;
  private next = 0;
  private readonly pending = new Map<number, { at: number; run: () => void }>();

  constructor(start = Date.parse('2026-11-26T12:00:00Z')) {
    this.clock = start;
  }

  now = (): number => this.clock;

  setTimeout = (run: () => void, ms: number): unknown => {
    const id = ++this.next;
    this.pending.set(id, { at: this.clock + Math.max(0, ms), run });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  /** Timers waiting to run. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Moves the clock on, running every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.clock + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.clock = due[1].at;
      due[1].run();
    }
    this.clock = until;
  }
}
