import type { Timers } from './timers.js';

interface MotionEvent {
  at: number;
  seq: number;
  run: () => void;
}

/**
 * The paper's own clock: it runs while the printer is online and stops while it is not, so
 * whatever was due "after the paper has passed" waits out a paper-out or an open cover and
 * then finishes the rest of its print time. Times here are motion milliseconds.
 */
export class PaperMotion {
  private base = 0;
  private since: number | undefined;
  private printedUntil = 0;
  private events: MotionEvent[] = [];
  private seq = 0;
  private timer: unknown;
  private stopped = false;
  private drainers: (() => void)[] = [];

  constructor(private readonly timers: Timers) {}

  /** Motion time now. */
  now(): number {
    return this.since === undefined ? this.base : this.base + (this.timers.now() - this.since);
  }

  get moving(): boolean {
    return this.since !== undefined;
  }

  setMoving(on: boolean): void {
    if (this.stopped || on === this.moving) return;
    if (on) {
      this.since = this.timers.now();
    } else {
      this.base = this.now();
      this.since = undefined;
    }
    this.arm();
  }

  /** Motion time at which everything queued so far has passed the cutter. */
  paperEnd(): number {
    return Math.max(this.printedUntil, this.now());
  }

  /** Queues `ms` of paper movement after everything already queued; returns when it will have passed. */
  advance(ms: number): number {
    this.printedUntil = this.paperEnd() + Math.max(0, ms);
    return this.printedUntil;
  }

  /** Runs `run` once the motion clock reaches `at`; events due together run in the order they were added. */
  at(at: number, run: () => void): void {
    if (this.stopped) return;
    const event = { at, seq: this.seq++, run };
    let i = this.events.length;
    while (i > 0 && (this.events[i - 1]?.at ?? 0) > at) i--;
    this.events.splice(i, 0, event);
    if (i === 0) this.arm();
  }

  /** Events not yet run (paper still to pass, answers still held). */
  get pending(): number {
    return this.events.length;
  }

  /** Resolves once no event is pending (at once if none is); never while the paper is held with work queued. */
  drained(): Promise<void> {
    if (this.events.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainers.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.events = [];
    this.disarm();
    this.settle();
  }

  private settle(): void {
    if (this.events.length > 0) return;
    for (const resolve of this.drainers.splice(0)) resolve();
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.disarm();
    const first = this.events[0];
    if (!first || !this.moving) return;
    this.timer = this.timers.setTimeout(() => this.fire(), Math.max(0, Math.ceil(first.at - this.now())));
  }

  private fire(): void {
    this.timer = undefined;
    // Timers may fire a fraction of a millisecond early.
    const now = this.now() + 0.5;
    while (this.moving && this.events.length > 0 && (this.events[0]?.at ?? Infinity) <= now) {
      const event = this.events.shift();
      event?.run();
    }
    if (this.timer === undefined) this.arm();
    this.settle();
  }
}
