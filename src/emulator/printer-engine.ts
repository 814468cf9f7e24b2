import {
  DocumentBuilder,
  EscPosParser,
  encodeAsb,
  encodeProcessIdResponse,
  responseTo,
  type EscPosCommand,
  type ParsedDocument,
  type ParserOptions,
  type PrinterIdentity,
  type PrinterState,
  type ResponderContext,
} from '../escpos/index.js';
import { layoutScene, renderPng, renderText, type PaperProfile, type ReceiptDocument } from '../receipt/index.js';
import { faultState, type Fault } from './faults.js';
import { PaperMotion } from './paper-motion.js';
import type { ByteConnection, ByteConnectionHandler } from './ports.js';
import type { Timers } from './timers.js';

/** One receipt as the virtual printer printed it. */
export interface PrintedJob {
  /** 1, 2, 3 … in the order jobs ended. */
  n: number;
  /**
   * The sender's job number, when the job was followed by a completion request (GS ( H)
   * whose 4-character id is a base-36 number — Reissue's spooler sends its job id that way
   * (modulo 36⁴). Other software's ids, or none (models without the marker), leave it out.
   */
  jobNo?: number;
  /** Which connection sent it (1, 2, … in accept order). */
  connection: number;
  /** The bytes received for this job, up to and including its cut. */
  bytes: Uint8Array;
  document: ReceiptDocument;
  /** Bytes the parser did not recognise, and recognised commands the document cannot carry. */
  unknownCommands: number;
  droppedCommands: string[];
  text: string;
  /** Printed lines, as in `text`. */
  lines: number;
  /** The receipt as a 1-bit PNG `document.dots` wide; undefined if it could not be rendered. */
  png: Buffer | undefined;
  heightDots: number;
  paperMm: number;
  /** Paper movement time at the speed in force when the job ended. */
  printMs: number;
  endedBy: 'cut' | 'close';
  /** Clock times (ms): first byte, end of the job's data, paper passed. */
  receivedAt: number;
  endedAt: number;
  printedAt: number;
  /** Where the job was written, with a jobs directory. */
  files?: { bin: string; txt: string; png?: string };
}

export const FaultSources = ['option', 'api', 'file', 'drop'] as const;
export type FaultSource = (typeof FaultSources)[number];

export interface StateChange {
  state: PrinterState;
  fault: Fault | undefined;
  source: FaultSource;
}

export interface EngineHooks {
  /** A job's paper has passed. Answers due after it wait until this settles (its files are written). */
  printed(job: PrintedJob): Promise<void>;
  stateChanged(change: StateChange): void;
  warning(message: string, cause?: unknown): void;
  connection?(event: { id: number; remote: string; open: boolean }): void;
}

export interface EngineOptions {
  paper: PaperProfile;
  identity: PrinterIdentity;
  speedMmPerSecond: number;
  timers: Timers;
  hooks: EngineHooks;
  parser?: ParserOptions;
  fault?: Fault;
  /** What the model answers; budget printers have neither (default: both). */
  supports?: { processId: boolean; asb: boolean };
}

/** Dots per millimetre of paper: 203 dpi heads are 8 dots/mm, 180 dpi ones 7.09. */
export function dotsPerMm(dpi: number): number {
  return dpi === 203 ? 8 : dpi / 25.4;
}

const SLOW_FACTOR = 10;

class Session {
  readonly parser: EscPosParser;
  asbMask = 0;
  commands: EscPosCommand[] = [];
  chunks: Uint8Array[] = [];
  startedAt: number | undefined;
  /** Print time of this job's content already put on the paper clock (by a GS ( H before its cut). */
  accountedMs = 0;
  /** The last bytes received, so a cut split across chunks is still found. */
  tail: Uint8Array = new Uint8Array(0);
  closed = false;
  dropped = false;
  /** The job just cut, until the completion request that names it (or the next job's data) arrives. */
  justEnded: PrintedJob | undefined;

  constructor(
    readonly id: number,
    readonly connection: ByteConnection,
    parser: ParserOptions | undefined,
  ) {
    this.parser = new EscPosParser(parser);
  }

  send(bytes: Uint8Array | undefined): void {
    if (bytes && bytes.length > 0 && !this.closed) this.connection.write(bytes);
  }
}

/**
 * The printer itself, without a network: parses what each connection sends, answers
 * real-time status at once, cuts the stream into jobs, moves simulated paper, and answers
 * GS ( H only once the paper before it has passed. Faults stop the paper; data keeps
 * arriving and waits, as in a real printer's receive buffer.
 */
export class PrinterEngine {
  private fault_: Fault | undefined;
  private state_: PrinterState;
  private readonly motion: PaperMotion;
  private readonly sessions = new Set<Session>();
  private connections = 0;
  private jobCount = 0;
  private dropRemaining = 0;
  private output: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: EngineOptions) {
    this.motion = new PaperMotion(options.timers);
    this.fault_ = options.fault;
    this.state_ = faultState(options.fault);
    if (options.fault?.name === 'drop-after') this.dropRemaining = options.fault.bytes;
    this.motion.setMoving(this.printing());
  }

  get state(): PrinterState {
    return { ...this.state_ };
  }

  get fault(): Fault | undefined {
    return this.fault_;
  }

  /** Jobs and answers still waiting for paper to pass. */
  get pending(): number {
    return this.motion.pending;
  }

  /** Resolves once every job received so far has printed and every answer due has gone out. */
  async idle(): Promise<void> {
    for (;;) {
      await this.motion.drained();
      const output = this.output;
      await output;
      if (this.motion.pending === 0 && output === this.output) return;
    }
  }

  get speedMmPerSecond(): number {
    return this.fault_?.name === 'slow' ? this.options.speedMmPerSecond / SLOW_FACTOR : this.options.speedMmPerSecond;
  }

  setFault(fault: Fault | undefined, source: FaultSource): void {
    const before = this.state_;
    this.fault_ = fault;
    this.state_ = faultState(fault);
    if (fault?.name === 'drop-after') this.dropRemaining = fault.bytes;
    this.motion.setMoving(this.printing());
    const changed = asbGroups(before, this.state_);
    if (changed !== 0 && fault?.name !== 'mute') {
      const asb = encodeAsb(this.state_);
      for (const session of this.sessions) if ((session.asbMask & changed) !== 0) session.send(asb);
    }
    this.options.hooks.stateChanged({ state: this.state, fault, source });
  }

  open(connection: ByteConnection): ByteConnectionHandler {
    const session = new Session(++this.connections, connection, this.options.parser);
    if (this.stopped) {
      connection.destroy();
      return { data: () => undefined, closed: () => undefined };
    }
    this.sessions.add(session);
    this.options.hooks.connection?.({ id: session.id, remote: connection.remote, open: true });
    return {
      data: (chunk) => this.receive(session, chunk),
      closed: () => this.close(session),
    };
  }

  /** Stops the paper; whatever has not printed yet never will. Resolves once pending output settles. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.motion.stop();
    for (const session of this.sessions) session.closed = true;
    this.sessions.clear();
    await this.output;
  }

  private printing(): boolean {
    return this.state_.online && this.fault_?.name !== 'mute';
  }

  private receive(session: Session, chunk: Uint8Array): void {
    if (session.closed || session.dropped || this.stopped) return;
    if (this.fault_?.name === 'mute') {
      // Keep the parser in step so what comes after the fault clears is read correctly.
      session.parser.feed(chunk);
      return;
    }
    let data = chunk;
    let drop = false;
    if (this.fault_?.name === 'drop-after') {
      if (data.length >= this.dropRemaining) {
        data = data.subarray(0, this.dropRemaining);
        drop = true;
      }
      this.dropRemaining -= data.length;
    }
    if (data.length > 0) this.feed(session, data);
    if (drop) {
      session.dropped = true;
      session.connection.destroy();
      this.setFault(undefined, 'drop');
    }
  }

  /** Feeds the parser in pieces that end wherever a cut may end, so each job's bytes end exactly at its cut. */
  private feed(session: Session, data: Uint8Array): void {
    let from = 0;
    for (const end of [...cutEnds(session.tail, data), data.length]) {
      if (end <= from) continue;
      const piece = data.slice(from, end);
      if (session.chunks.length === 0) session.startedAt = this.options.timers.now();
      session.chunks.push(piece);
      for (const command of session.parser.feed(piece)) this.command(session, command);
      from = end;
    }
    session.tail = lastBytes(session.tail, data, 3);
  }

  private command(session: Session, command: EscPosCommand): void {
    switch (command.type) {
      case 'realtime-status':
        // DLE EOT is answered from the receive buffer at once, online or not.
        return session.send(responseTo(command, this.context()));
      case 'realtime-request':
      case 'realtime-command':
        return;
      case 'asb':
        if (this.options.supports?.asb === false) return;
        session.asbMask = command.mask;
        return session.send(responseTo(command, this.context()));
      case 'process-id':
        if (this.options.supports?.processId === false) return;
        return this.processId(session, command.id);
      case 'printer-id-request':
      case 'status-request':
        // Processed in turn with print data: held while offline, not waiting for paper.
        return this.motion.at(this.motion.now(), () => this.emit(() => session.send(responseTo(command, this.context()))));
      case 'cut':
        session.commands.push(command);
        return this.endJob(session, 'cut');
      default:
        session.commands.push(command);
        return;
    }
  }

  private processId(session: Session, id: string): void {
    if (session.justEnded && session.commands.length === 0 && /^[0-9A-Z]{4}$/.test(id)) session.justEnded.jobNo = Number.parseInt(id, 36);
    session.justEnded = undefined;
    let response: Uint8Array;
    try {
      response = encodeProcessIdResponse(id);
    } catch (error) {
      // A real printer ignores a GS ( H whose id bytes are out of range.
      return this.options.hooks.warning(`connection ${session.id}: ignored GS ( H with a bad process id`, error);
    }
    this.accountPartial(session);
    this.motion.at(this.motion.paperEnd(), () => this.emit(() => session.send(response)));
  }

  /** Content not yet cut has printed up to here by the time a GS ( H after it is answered. */
  private accountPartial(session: Session): void {
    if (session.commands.length === 0) return;
    const { doc } = buildDocument(session.commands, this.options.paper);
    if (!hasInk(doc)) return;
    const ms = this.printMs(layoutScene(doc).height);
    if (ms > session.accountedMs) this.motion.advance(ms - session.accountedMs);
    session.accountedMs = Math.max(ms, session.accountedMs);
  }

  private endJob(session: Session, endedBy: PrintedJob['endedBy']): void {
    const { commands, chunks, accountedMs } = session;
    const receivedAt = session.startedAt ?? this.options.timers.now();
    session.commands = [];
    session.chunks = [];
    session.startedAt = undefined;
    session.accountedMs = 0;
    const parsed = buildDocument(commands, this.options.paper);
    if (!hasInk(parsed.doc)) return;
    const job = this.render(session, parsed, concat(chunks), endedBy, receivedAt);
    session.justEnded = job;
    const due = this.motion.advance(Math.max(0, job.printMs - accountedMs));
    this.motion.at(due, () =>
      this.emit(async () => {
        job.printedAt = this.options.timers.now();
        await this.options.hooks.printed(job);
      }),
    );
  }

  private render(session: Session, parsed: ParsedDocument, bytes: Uint8Array, endedBy: PrintedJob['endedBy'], receivedAt: number): PrintedJob {
    const doc = parsed.doc;
    const text = renderText(doc);
    const heightDots = layoutScene(doc).height;
    const n = this.jobCount + 1;
    const warning = this.options.hooks.warning;
    // Drawn when first asked for (the jobs directory, a test, a screen), not for every job: a
    // picture costs ~80× the job's encoding, and a printer driven hard (the benches, a demo left
    // printing) would spend a core on pictures nobody looks at.
    let drawn: { png: Buffer | undefined } | undefined;
    const png = (): Buffer | undefined => {
      if (drawn) return drawn.png;
      try {
        drawn = { png: renderPng(doc) };
      } catch (error) {
        drawn = { png: undefined };
        warning(`job ${n}: could not render a PNG: ${(error as Error).message}`, error);
      }
      return drawn.png;
    };
    const now = this.options.timers.now();
    return {
      n: (this.jobCount = n),
      connection: session.id,
      bytes,
      document: doc,
      unknownCommands: parsed.unknown.length,
      droppedCommands: parsed.dropped.map((c) => c.type),
      text,
      lines: text.length === 0 ? 0 : text.split('\n').length - 1,
      get png() {
        return png();
      },
      heightDots,
      paperMm: round(heightDots / dotsPerMm(this.options.paper.dpi), 1),
      printMs: this.printMs(heightDots),
      endedBy,
      receivedAt,
      endedAt: now,
      printedAt: now,
    };
  }

  private printMs(heightDots: number): number {
    return ((heightDots / dotsPerMm(this.options.paper.dpi)) / this.speedMmPerSecond) * 1000;
  }

  private close(session: Session): void {
    if (session.closed) return;
    session.closed = true;
    this.sessions.delete(session);
    this.options.hooks.connection?.({ id: session.id, remote: session.connection.remote, open: false });
    if (this.stopped) return;
    const rest = session.parser.end();
    if (this.fault_?.name === 'mute') return;
    for (const command of rest) this.command(session, command);
    // The printer prints what it was sent even when the sender goes away before the cut.
    if (session.commands.length > 0) this.endJob(session, 'close');
  }

  private context(): ResponderContext {
    return { state: this.state_, identity: this.options.identity };
  }

  /** Output that follows printed paper goes out in paper order, after earlier jobs' files are written. */
  private emit(action: () => void | Promise<void>): void {
    this.output = this.output.then(action).catch((error: unknown) => this.options.hooks.warning(`virtual printer: ${(error as Error).message}`, error));
  }
}

function buildDocument(commands: readonly EscPosCommand[], paper: PaperProfile): ParsedDocument {
  const builder = new DocumentBuilder({ columns: paper.columns, dots: paper.dots });
  for (const command of commands) builder.add(command);
  return builder.finish();
}

/** Something lands on the paper: not only blank lines, feeds, a cut or a drawer kick. */
function hasInk(doc: ReceiptDocument): boolean {
  return doc.blocks.some((b) => (b.type === 'text' ? b.runs.some((r) => r.text.trim() !== '') : b.type !== 'feed' && b.type !== 'cut' && b.type !== 'drawer'));
}

/** ASB groups (GS a n bits) whose status differs: 0 drawer, 1 online/offline, 2 error, 3 paper sensor. */
function asbGroups(a: PrinterState, b: PrinterState): number {
  let groups = 0;
  if (a.drawerOpen !== b.drawerOpen) groups |= 0x01;
  if (a.online !== b.online || a.coverOpen !== b.coverOpen || a.feeding !== b.feeding) groups |= 0x02;
  if (a.error !== b.error || a.cutterError !== b.cutterError || a.unrecoverableError !== b.unrecoverableError || a.autoRecoverableError !== b.autoRecoverableError) {
    groups |= 0x04;
  }
  if (a.paperNearEnd !== b.paperNearEnd || a.paperOut !== b.paperOut) groups |= 0x08;
  return groups;
}

const GS = 0x1d;
const ESC = 0x1b;

/** Offsets in `data` (1..length) where a cut command (GS V m [n], ESC i, ESC m) could end. */
function cutEnds(tail: Uint8Array, data: Uint8Array): number[] {
  const k = tail.length;
  const at = (i: number) => (i < k ? (tail[i] ?? 0) : (data[i - k] ?? 0));
  const total = k + data.length;
  const ends: number[] = [];
  for (let i = 0; i + 1 < total; i++) {
    const a = at(i);
    if (a !== GS && a !== ESC) continue;
    const b = at(i + 1);
    if (a === GS && b === 0x56) ends.push(i + 3 - k, i + 4 - k);
    else if (a === ESC && (b === 0x69 || b === 0x6d)) ends.push(i + 2 - k);
  }
  return ends.filter((e) => e >= 1 && e <= data.length).sort((x, y) => x - y);
}

function lastBytes(tail: Uint8Array, data: Uint8Array, count: number): Uint8Array {
  if (data.length >= count) return data.slice(data.length - count);
  const joined = concat([tail, data]);
  return joined.slice(Math.max(0, joined.length - count));
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
