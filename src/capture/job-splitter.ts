import { EscPosParser, type ParserOptions } from '../escpos/index.js';
import type { PrinterTimers } from '../printer/index.js';

/** A DLE EOT n query, by where it ends in the stream. */
export interface StatusQuery {
  end: number;
  n: number;
}

export interface SplitterOptions {
  parser: ParserOptions;
  /** Data that pauses this long ends the job; 0 turns it off. */
  idleGapMs: number;
  timers: PrinterTimers;
  /** The pause ended the job at this stream offset. */
  onIdle: (offset: number) => void;
}

/** A pause inside a number is waited out this many times more before it ends the job anyway. */
const NUMBER_WAITS = 4;
/** Bytes of the stream's end kept to tell whether it stops inside a number. */
const TAIL_BYTES = 8;

/**
 * Whether the stream stops inside a number on a line not yet printed: its last bytes are a
 * digit (ASCII, or GB18030's full-width ０–９), perhaps followed by a space, hyphen or dot.
 * A job cut there would leave half a card number in each of two captures, too short for
 * either to be seen and masked.
 */
export function endsInsideNumber(tail: Uint8Array): boolean {
  let end = tail.length;
  while (end > 0 && (tail[end - 1] === 0x20 || tail[end - 1] === 0x2d || tail[end - 1] === 0x2e)) end--;
  const last = tail[end - 1];
  if (last !== undefined && last >= 0x30 && last <= 0x39) return true;
  return end >= 2 && tail[end - 2] === 0xa3 && last !== undefined && last >= 0xb0 && last <= 0xb9;
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
  private tail = new Uint8Array(0);
  /** Pauses waited out inside a number since the data last came. */
  private numberWaits = 0;

  constructor(private readonly options: SplitterOptions) {
    this.parser = new EscPosParser(options.parser);
  }

  /**
   * Stream offsets where a cut ends a job, and where a real-time status query (DLE EOT 1-4)
   * ends: the printer's answer to one proves it has every byte before it.
   */
  feed(chunk: Uint8Array): { cuts: number[]; queries: StatusQuery[] } {
    if (this.ended) return { cuts: [], queries: [] };
    const cuts: number[] = [];
    const queries: StatusQuery[] = [];
    for (const { command, end } of this.parser.feedSpans(chunk)) {
      if (command.type === 'cut') cuts.push(end);
      else if (command.type === 'realtime-status' && command.n >= 1 && command.n <= 4) queries.push({ end, n: command.n });
    }
    this.received += chunk.length;
    if (cuts.length > 0) this.lastEnd = cuts[cuts.length - 1] ?? this.lastEnd;
    const kept = Math.min(TAIL_BYTES, this.tail.length + chunk.length);
    const tail = new Uint8Array(kept);
    const fromChunk = Math.min(kept, chunk.length);
    tail.set(this.tail.subarray(this.tail.length - (kept - fromChunk)), 0);
    tail.set(chunk.subarray(chunk.length - fromChunk), kept - fromChunk);
    this.tail = tail;
    this.numberWaits = 0;
    this.arm();
    return { cuts, queries };
  }

  /** Bytes received since the last job ended. */
  get pending(): number {
    return this.received - this.lastEnd;
  }

  /** The data so far stops inside a number (see endsInsideNumber). */
  get insideNumber(): boolean {
    return this.pending > 0 && endsInsideNumber(this.tail);
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
      // Nor is half a number, for a while: the POS may stall in the middle of a line.
      if (this.insideNumber && this.numberWaits < NUMBER_WAITS) {
        this.numberWaits++;
        this.arm();
        return;
      }
      this.lastEnd = this.received;
      this.options.onIdle(this.received);
    }, this.options.idleGapMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
