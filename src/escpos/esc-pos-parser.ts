import { InputError } from '../core/index.js';
import { applyCharset, decodeCodePage } from './code-pages.js';
import { decodeCommand } from './decode-command.js';
import type { EscPosCommand } from './commands.js';
import { decodeKanjiBytes } from './text-codec.js';

export interface ParserOptions {
  /** The printer is in Kanji mode at power-on and after ESC @, as Chinese-market firmware is. */
  kanjiDefault?: boolean;
  /** ESC t page in force at power-on and after ESC @. */
  codePage?: number;
  /** A command declaring more bytes than this is reported as unknown, so a bad length cannot exhaust memory. */
  maxCommandBytes?: number;
}

const DEFAULT_MAX_COMMAND = 16 * 1024 * 1024;

/**
 * A command with where it sits in the stream: bytes [start, end) counted from the first byte
 * ever fed. A text run spans its printable bytes. Capture cuts jobs at cut commands and
 * patches card numbers in place with these.
 */
export interface CommandSpan {
  command: EscPosCommand;
  start: number;
  end: number;
}

/**
 * Streaming ESC/POS parser. Bytes may arrive split anywhere — inside a GB18030 character, a
 * length field or image data — and the commands come out the same: an incomplete command
 * waits for its remaining bytes, and a text run is only emitted once a control byte (or
 * end()) closes it.
 */
export class EscPosParser {
  private buf = new Uint8Array(4096);
  private start = 0;
  private end_ = 0;
  /** Bytes the command at `start` needs before it is worth decoding again. */
  private need = 0;
  private text = new Uint8Array(256);
  private textLen = 0;
  private kanji: boolean;
  private codePage: number;
  private charset = 0;
  private ended = false;
  private readonly maxCommand: number;
  /** Stream offset of buf[start], and of the first byte of the pending text run. */
  private offset = 0;
  private textStart = 0;

  constructor(private readonly options: ParserOptions = {}) {
    this.kanji = options.kanjiDefault ?? false;
    this.codePage = options.codePage ?? 0;
    this.maxCommand = options.maxCommandBytes ?? DEFAULT_MAX_COMMAND;
  }

  /** Commands completed by this chunk, in stream order. */
  feed(chunk: Uint8Array): EscPosCommand[] {
    const out: EscPosCommand[] = [];
    this.feedInto(chunk, out);
    return out;
  }

  /** As feed(), with each command's stream offsets. */
  feedSpans(chunk: Uint8Array): CommandSpan[] {
    const out: EscPosCommand[] = [];
    const at: number[] = [];
    this.feedInto(chunk, out, at);
    return spans(out, at);
  }

  /** Flushes the last text run; bytes of an unfinished command come out as one unknown command. */
  end(): EscPosCommand[] {
    const out: EscPosCommand[] = [];
    this.endInto(out);
    return out;
  }

  /** As end(), with each command's stream offsets. */
  endSpans(): CommandSpan[] {
    const out: EscPosCommand[] = [];
    const at: number[] = [];
    this.endInto(out, at);
    return spans(out, at);
  }

  /** True while the bytes of an unfinished command are held: a job split here would cut it in two. */
  get midCommand(): boolean {
    return this.end_ > this.start;
  }

  private feedInto(chunk: Uint8Array, out: EscPosCommand[], at?: number[]): void {
    if (this.ended) throw new InputError('PARSER_ENDED', 'cannot feed an ESC/POS parser after end()');
    this.append(chunk);
    if (this.end_ - this.start >= this.need) this.run(out, at);
  }

  private endInto(out: EscPosCommand[], at?: number[]): void {
    if (this.ended) return;
    this.flushText(out, at, this.offset);
    if (this.end_ > this.start) {
      out.push({ type: 'unknown', bytes: this.buf.slice(this.start, this.end_) });
      at?.push(this.offset, this.offset + this.end_ - this.start);
    }
    this.ended = true;
    this.buf = new Uint8Array(0);
    this.offset += this.end_ - this.start;
    this.start = this.end_ = 0;
  }

  private run(out: EscPosCommand[], at: number[] | undefined): void {
    const buf = this.buf;
    let p = this.start;
    const end = this.end_;
    const base = this.offset - p;
    this.need = 0;
    while (p < end) {
      if ((buf[p] ?? 0) >= 0x20) {
        let q = p + 1;
        while (q < end && (buf[q] ?? 0) >= 0x20) q++;
        if (this.textLen === 0) this.textStart = base + p;
        this.appendText(buf.subarray(p, q));
        p = q;
        continue;
      }
      this.flushText(out, at, base + p);
      const step = decodeCommand(buf, p, end);
      if ('need' in step) {
        if (step.need > this.maxCommand) {
          out.push({ type: 'unknown', bytes: buf.slice(p, p + 2) });
          at?.push(base + p, base + p + 2);
          p += 2;
          continue;
        }
        this.need = step.need;
        break;
      }
      this.apply(step.cmd);
      out.push(step.cmd);
      at?.push(base + p, base + p + step.len);
      p += step.len;
    }
    this.start = p;
    this.offset = base + p;
  }

  private apply(cmd: EscPosCommand): void {
    if (cmd.type === 'init') {
      this.kanji = this.options.kanjiDefault ?? false;
      this.codePage = this.options.codePage ?? 0;
      this.charset = 0;
    } else if (cmd.type === 'kanji-mode') this.kanji = cmd.on;
    else if (cmd.type === 'code-page') this.codePage = cmd.page;
    else if (cmd.type === 'charset') this.charset = cmd.set;
  }

  private flushText(out: EscPosCommand[], at: number[] | undefined, end: number): void {
    if (this.textLen === 0) return;
    const bytes = this.text.subarray(0, this.textLen);
    const decoded = this.kanji ? decodeKanjiBytes(bytes) : decodeCodePage(bytes, this.codePage);
    out.push({ type: 'text', text: applyCharset(decoded, this.charset), kanji: this.kanji });
    at?.push(this.textStart, end);
    this.textLen = 0;
  }

  private appendText(bytes: Uint8Array): void {
    if (this.textLen + bytes.length > this.text.length) {
      const next = new Uint8Array(Math.max(this.text.length * 2, this.textLen + bytes.length));
      next.set(this.text.subarray(0, this.textLen));
      this.text = next;
    }
    this.text.set(bytes, this.textLen);
    this.textLen += bytes.length;
  }

  private append(chunk: Uint8Array): void {
    const live = this.end_ - this.start;
    if (this.end_ + chunk.length > this.buf.length) {
      if (live + chunk.length <= this.buf.length) {
        this.buf.copyWithin(0, this.start, this.end_);
      } else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, live + chunk.length));
        next.set(this.buf.subarray(this.start, this.end_));
        this.buf = next;
      }
      this.start = 0;
      this.end_ = live;
    }
    this.buf.set(chunk, this.end_);
    this.end_ += chunk.length;
  }
}

function spans(commands: readonly EscPosCommand[], at: readonly number[]): CommandSpan[] {
  return commands.map((command, i) => ({ command, start: at[2 * i] ?? 0, end: at[2 * i + 1] ?? 0 }));
}

/** All commands in a complete byte stream. */
export function parseEscPos(bytes: Uint8Array, options?: ParserOptions): EscPosCommand[] {
  const parser = new EscPosParser(options);
  return [...parser.feed(bytes), ...parser.end()];
}
