import { EscPosParser, type ParserOptions } from '../escpos/index.js';
import type { PrinterTimers } from '../printer/index.js';

export interface SplitterOptions {
  parser: ParserOptions;
  /** Data that pauses this long ends the job; 0 turns it off. */
  idleGapMs: number;
  timers: PrinterTimers;
  /** The pause ended the job at this stream offset. */
  onIdle: (offset: number) => void;
}

/**
 * Finds where one connection's jobs end: after each cut command (GS V, ESC i, ESC m, as the
 * streaming parser reads them — never a 1D 56 inside image or barcode data), or where the
 * data pauses, unless the pause falls inside a command.
 */
export class JobSplitter {
  private readonly parser: EscPosParser;
  private received = 0;
  private lastEnd = 0;
  private timer: unknown;
  private ended = false;

  constructor(private readonly options: SplitterOptions) {
    this.parser = new EscPosParser(options.parser);
  }

  /** Stream offsets (after this chunk's bytes) where a cut ends a job. */
  feed(chunk: Uint8Array): number[] {
    if (this.ended) return [];
    const cuts: number[] = [];
    for (const span of this.parser.feedSpans(chunk)) if (span.command.type === 'cut') cuts.push(span.end);
    this.received += chunk.length;
    if (cuts.length > 0) this.lastEnd = cuts[cuts.length - 1] ?? this.lastEnd;
    this.arm();
    return cuts;
  }

  /** Bytes received since the last job ended. */
  get pending(): number {
    return this.received - this.lastEnd;
  }

  /** The job ended for another reason (connection closed, tap stopping) at the current offset. */
  markEnded(): void {
    this.lastEnd = this.received;
    this.disarm();
  }

  end(): void {
    this.ended = true;
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    if (this.options.idleGapMs <= 0 || this.pending === 0) return;
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      // Half a command (a slow image) is not a job's end; the rest of it rearms the timer.
      if (this.pending === 0 || this.parser.midCommand || this.ended) return;
      this.lastEnd = this.received;
      this.options.onIdle(this.received);
    }, this.options.idleGapMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
