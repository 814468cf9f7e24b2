import type { PrinterTimers } from './printer-port.js';

/**
 * A sleep that wake() cuts short. A wake while nobody sleeps is remembered, so work that
 * arrives while the sleeper is busy looking for work is never missed.
 */
export class Alarm {
  private sleeper: { resolve: () => void; handle: unknown } | undefined;
  private woken = false;

  constructor(private readonly timers: PrinterTimers) {}

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const handle = this.timers.setTimeout(() => {
        this.sleeper = undefined;
        resolve();
      }, Math.max(0, ms));
      this.sleeper = { resolve, handle };
    });
  }

  wake(): void {
    const sleeper = this.sleeper;
    if (!sleeper) {
      this.woken = true;
      return;
    }
    this.sleeper = undefined;
    this.timers.clearTimeout(sleeper.handle);
    sleeper.resolve();
  }

  /** True (and forgotten) if a wake came while nobody slept. */
  takeWake(): boolean {
    const woken = this.woken;
    this.woken = false;
    return woken;
  }
}
