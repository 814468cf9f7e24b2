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

  constructor(private readonly options: ParserOptions = {}) {
    this.kanji = options.kanjiDefault ?? false;
    this.codePage = options.codePage ?? 0;
    this.maxCommand = options.maxCommandBytes ?? DEFAULT_MAX_COMMAND;
  }

  /** Commands completed by this chunk, in stream order. */
  feed(chunk: Uint8Array): EscPosCommand[] {
    if (this.ended) throw new InputError('PARSER_ENDED', 'cannot feed an ESC/POS parser after end()');
    this.append(chunk);
    const out: EscPosCommand[] = [];
    if (this.end_ - this.start >= this.need) this.run(out);
    return out;
  }

  /** Flushes the last text run; bytes of an unfinished command come out as one unknown command. */
  end(): EscPosCommand[] {
    if (this.ended) return [];
    const out: EscPosCommand[] = [];
    this.flushText(out);
    if (this.end_ > this.start) out.push({ type: 'unknown', bytes: this.buf.slice(this.start, this.end_) });
    this.ended = true;
    this.buf = new Uint8Array(0);
    this.start = this.end_ = 0;
    return out;
  }

  private run(out: EscPosCommand[]): void {
    const buf = this.buf;
    let p = this.start;
    const end = this.end_;
    this.need = 0;
    while (p < end) {
      if ((buf[p] ?? 0) >= 0x20) {
        let q = p + 1;
        while (q < end && (buf[q] ?? 0) >= 0x20) q++;
        this.appendText(buf.subarray(p, q));
        p = q;
        continue;
      }
      this.flushText(out);
      const step = decodeCommand(buf, p, end);
      if ('need' in step) {
        if (step.need > this.maxCommand) {
          out.push({ type: 'unknown', bytes: buf.slice(p, p + 2) });
          p += 2;
          continue;
        }
        this.need = step.need;
        break;
      }
      this.apply(step.cmd);
      out.push(step.cmd);
      p += step.len;
    }
    this.start = p;
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

  private flushText(out: EscPosCommand[]): void {
    if (this.textLen === 0) return;
    const bytes = this.text.subarray(0, this.textLen);
    const decoded = this.kanji ? decodeKanjiBytes(bytes) : decodeCodePage(bytes, this.codePage);
    out.push({ type: 'text', text: applyCharset(decoded, this.charset), kanji: this.kanji });
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

/** All commands in a complete byte stream. */
export function parseEscPos(bytes: Uint8Array, options?: ParserOptions): EscPosCommand[] {
  const parser = new EscPosParser(options);
  return [...parser.feed(bytes), ...parser.end()];
}
