import { createServer, type Server, type Socket } from 'node:net';
import type { PrinterTimers } from '../../printer/index.js';
import { ConnectionLimit, MAX_TAP_CONNECTIONS } from '../connection-limit.js';
import { printedFiles } from '../lpd-control-file.js';
import type { TapEvent } from '../tap-events.js';

const ACK = Uint8Array.of(0);
const NACK = Uint8Array.of(1);
const LF = 0x0a;
const MAX_LINE = 1024;
/** A control file is a few lines naming the job's files; one this long names millions of copies. */
const MAX_CONTROL_BYTES = 64 * 1024;
/** Files a job may print (an lpr -# 5 prints one file five times): each prints and is journaled. */
const MAX_PRINTED_FILES = 100;

export interface LpdOptions {
  timers: PrinterTimers;
  /** A complete job: its data files in print order (copies repeated). */
  job: (peer: string, data: readonly Uint8Array[]) => Promise<void>;
  emit: (event: TapEvent) => void;
  /** Largest control or data file taken; default 64 MiB. */
  maxFileBytes?: number;
  /** A client silent this long in the middle of a job is dropped; default 60000 ms. */
  idleMs?: number;
  /** Sessions at once; default MAX_TAP_CONNECTIONS. */
  maxSessions?: number;
}

/**
 * An LPD print server (RFC 1179) in front of the tap: "receive a printer job" with its
 * control and data files, each acknowledged; "print waiting jobs", queue state and
 * "remove jobs" are answered as a printer with an empty queue would. A job is handed on
 * once its control file and every data file it names are in, and only then.
 */
export class LpdServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly limit: ConnectionLimit;

  constructor(private readonly options: LpdOptions) {
    this.limit = new ConnectionLimit('lpd', options.maxSessions ?? MAX_TAP_CONNECTIONS, options.emit);
  }

  async listen<A>(at: A, listen: (server: Server, at: A) => Promise<A>): Promise<A> {
    const server = createServer((socket) => this.accept(socket));
    const address = await listen(server, at);
    this.server = server;
    return address;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const socket of this.sockets) socket.destroy();
      if (!this.server) return resolve();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: Socket): void {
    if (!this.limit.admit(socket)) return;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const session = new LpdSession(socket, this.options);
    socket.on('data', (chunk: Buffer) => session.data(chunk));
    socket.on('end', () => session.end());
  }
}

type State =
  | { at: 'command' }
  | { at: 'subcommand' }
  | { at: 'file'; kind: 'control' | 'data'; name: string; left: number; parts: Buffer[] }
  | { at: 'file-end'; kind: 'control' | 'data'; name: string; content: Buffer }
  | { at: 'until-eof'; name: string; parts: Buffer[]; bytes: number }
  | { at: 'done' };

class LpdSession {
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = { at: 'command' };
  private control: string | undefined;
  private readonly dataFiles = new Map<string, Buffer>();
  private readonly peer: string;
  private timer: unknown;

  constructor(
    private readonly socket: Socket,
    private readonly options: LpdOptions,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.arm();
  }

  data(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.arm();
    while (this.step()) {
      // Each step consumes what it can; it returns false when it needs more bytes.
    }
  }

  /** The client has sent everything. */
  end(): void {
    this.disarm();
    if (this.state.at === 'until-eof') {
      this.dataFiles.set(this.state.name, Buffer.concat([...this.state.parts, this.buffer]));
      this.buffer = Buffer.alloc(0);
      this.state = { at: 'subcommand' };
      this.complete();
    }
    if (this.state.at === 'subcommand' || this.state.at === 'file' || this.state.at === 'file-end') this.incomplete('the client closed the connection before the job was complete', 'closed');
    this.socket.end();
  }

  private step(): boolean {
    switch (this.state.at) {
      case 'command':
        return this.command();
      case 'subcommand':
        return this.subcommand();
      case 'file':
        return this.fileBytes(this.state);
      case 'file-end':
        return this.fileEnd(this.state);
      case 'until-eof':
        // A file sent with no length runs to the end of the connection: it is held to the same limit as one with a length.
        this.state.bytes += this.buffer.length;
        if (this.heldBytes() + this.state.bytes > this.maxFileBytes) {
          this.tooLarge(this.heldBytes() + this.state.bytes, this.maxFileBytes);
          this.incomplete('it sent more than the limit', 'refused');
          this.state = { at: 'done' };
          this.socket.end(NACK);
          return false;
        }
        this.state.parts.push(this.buffer);
        this.buffer = Buffer.alloc(0);
        return false;
      case 'done':
        this.buffer = Buffer.alloc(0);
        return false;
    }
  }

  private line(): string | undefined {
    const end = this.buffer.indexOf(LF);
    if (end < 0) {
      if (this.buffer.length > MAX_LINE) this.refuse('a command line longer than 1024 bytes', 'long-line');
      return undefined;
    }
    const text = this.buffer.subarray(0, end).toString('latin1');
    this.buffer = this.buffer.subarray(end + 1);
    return text;
  }

  private command(): boolean {
    const line = this.line();
    if (line === undefined) return false;
    const code = line.charCodeAt(0);
    const queue = line.slice(1).split(/[ \t]/)[0] ?? '';
    if (code === 0x02) {
      this.socket.write(ACK);
      this.state = { at: 'subcommand' };
      return true;
    }
    if (code === 0x03 || code === 0x04) {
      // Queue state: nothing waits here, every job goes straight on to the printer.
      this.socket.end(`${queue || 'lp'}: ready and printing\nno entries\n`);
    } else if (code === 0x01 || code === 0x05) {
      this.socket.end();
    } else {
      const hex = `0x${code.toString(16).padStart(2, '0')}`;
      this.refuse(`an unknown LPD command ${hex}`, 'command', { command: hex });
    }
    this.state = { at: 'done' };
    return false;
  }

  private subcommand(): boolean {
    const line = this.line();
    if (line === undefined) return false;
    const code = line.charCodeAt(0);
    if (code === 0x01) {
      // Abort job: forget what came so far.
      this.control = undefined;
      this.dataFiles.clear();
      return true;
    }
    const match = /^(\d+) (\S+)$/.exec(line.slice(1));
    if ((code !== 0x02 && code !== 0x03) || !match) {
      // What it sent is not said back: network input, unauthenticated, and a log line masks what it can read as a number only.
      this.refuse('an LPD subcommand it does not know', 'subcommand');
      return false;
    }
    const count = Number(match[1]);
    const name = match[2] ?? '';
    // The files of one job are held together until it is complete: together within the limit.
    const max = code === 0x02 ? MAX_CONTROL_BYTES : this.maxFileBytes;
    if (count > max || (code === 0x03 && this.heldBytes() + count > max)) {
      this.tooLarge(code === 0x03 ? this.heldBytes() + count : count, max);
      this.socket.write(NACK);
      return true;
    }
    this.socket.write(ACK);
    const kind = code === 0x02 ? 'control' : 'data';
    // Count 0 (an LPRng extension): the data file runs to the end of the connection.
    this.state = count === 0 && kind === 'data' ? { at: 'until-eof', name, parts: [], bytes: 0 } : { at: 'file', kind, name, left: count, parts: [] };
    return true;
  }

  private fileBytes(state: Extract<State, { at: 'file' }>): boolean {
    if (this.buffer.length === 0) return false;
    const take = Math.min(state.left, this.buffer.length);
    state.parts.push(this.buffer.subarray(0, take));
    this.buffer = this.buffer.subarray(take);
    state.left -= take;
    if (state.left > 0) return false;
    this.state = { at: 'file-end', kind: state.kind, name: state.name, content: Buffer.concat(state.parts) };
    return true;
  }

  /** Each file ends with one zero byte, which is acknowledged. */
  private fileEnd(state: Extract<State, { at: 'file-end' }>): boolean {
    if (this.buffer.length === 0) return false;
    const last = this.buffer[0];
    this.buffer = this.buffer.subarray(1);
    if (last !== 0) {
      this.refuse('a file that did not end with a zero byte (its length was wrong)', 'file-length');
      return false;
    }
    if (state.kind === 'control') this.control = state.content.toString('latin1');
    else this.dataFiles.set(state.name, state.content);
    this.socket.write(ACK);
    this.state = { at: 'subcommand' };
    this.complete();
    return true;
  }

  private get maxFileBytes(): number {
    return this.options.maxFileBytes ?? 64 * 1024 * 1024;
  }

  /** Bytes of data files this session holds for a job not yet complete. */
  private heldBytes(): number {
    let bytes = 0;
    for (const file of this.dataFiles.values()) bytes += file.length;
    return bytes;
  }

  private tooLarge(count: number, max: number): void {
    this.options.emit({
      type: 'warning',
      code: 'LPD_FILE_TOO_LARGE',
      message: `LPD client ${this.peer} sent a ${count}-byte file; the limit is ${max}`,
      hint: 'a receipt is a few kilobytes: check that the POS prints to the right queue',
      context: { peer: this.peer, count, max },
    });
  }

  /** The control file and every data file it prints are in: the job goes on, once. */
  private complete(): void {
    if (this.control === undefined) return;
    const names = printedFiles(this.control);
    if (names.length > MAX_PRINTED_FILES) {
      this.refuse(`a job printing ${names.length} files (copies)`, 'copies', { copies: names.length, max: MAX_PRINTED_FILES });
      return;
    }
    if (names.length === 0 || !names.every((name) => this.dataFiles.has(name))) return;
    const data = names.map((name) => this.dataFiles.get(name) as Buffer);
    this.control = undefined;
    this.dataFiles.clear();
    void this.options.job(this.peer, data);
  }

  private incomplete(why: string, rule: 'closed' | 'refused' | 'idle', values: Record<string, unknown> = {}): void {
    if (this.control === undefined && this.dataFiles.size === 0) return;
    this.options.emit({
      type: 'warning',
      code: 'LPD_JOB_INCOMPLETE',
      message: `an LPD job from ${this.peer} was dropped: ${why}`,
      hint: 'nothing was printed from it; the POS reports the job as failed and sends it again',
      context: { peer: this.peer, control: this.control !== undefined, dataFiles: this.dataFiles.size, rule, ...values },
    });
    this.control = undefined;
    this.dataFiles.clear();
  }

  private refuse(what: string, rule: 'long-line' | 'command' | 'subcommand' | 'file-length' | 'copies', values: Record<string, unknown> = {}): void {
    this.options.emit({
      type: 'warning',
      code: 'LPD_BAD_COMMAND',
      message: `LPD client ${this.peer} sent ${what}; the connection was closed`,
      hint: 'set the POS to print raw over LPD (RFC 1179) or straight to the tap\'s TCP port',
      context: { peer: this.peer, rule, ...values },
    });
    this.incomplete('the client broke the protocol', 'refused');
    this.state = { at: 'done' };
    this.socket.end(NACK);
  }

  private arm(): void {
    this.disarm();
    const idleMs = this.options.idleMs ?? 60_000;
    this.timer = this.options.timers.setTimeout(() => {
      this.incomplete(`it sent nothing for ${idleMs} ms`, 'idle', { idleMs });
      this.state = { at: 'done' };
      this.socket.destroy();
    }, idleMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
