import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { Tap, fallbackFile, type TapEvent, type TapOptions, type UndeliveredJob } from '../../src/capture/index.js';
import { parsePrinterAddress } from '../../src/printer/index.js';
import { tempDir } from './cli.js';
import { MemoryCaptureJournal } from './memory-capture-journal.js';
import { recordingPrinter, type RecordingPrinter } from './recording-printer.js';

/** A POS on the far side of the tap: a plain TCP client. */
export interface PosClient {
  socket: Socket;
  /** Everything the tap sent back (the printer's answers). */
  received(): Buffer;
  send(bytes: Uint8Array): Promise<void>;
  /** Resolves once at least `count` bytes have come back in all. */
  answers(count: number): Promise<Buffer>;
  /** Sends FIN and resolves when the tap has closed its side too. */
  finish(): Promise<void>;
}

export interface TapHarness {
  tap: Tap;
  port: number;
  lpdPort: number | undefined;
  printer: RecordingPrinter;
  journal: MemoryCaptureJournal;
  events: TapEvent[];
  handedOver: UndeliveredJob[];
  fallbackPath: string;
  dir: string;
  pos(): Promise<PosClient>;
  /** The `nth` (default first) event, already seen or still to come, that matches. */
  event<T extends TapEvent['type']>(type: T, match?: (e: Extract<TapEvent, { type: T }>) => boolean, nth?: number): Promise<Extract<TapEvent, { type: T }>>;
  stop(): Promise<void>;
}

/** How long a test waits for a tap event, or for the tap to close a POS connection, before it fails saying so. */
const EVENT_WAIT_MS = 20_000;

export async function posClient(port: number): Promise<PosClient> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  const chunks: Buffer[] = [];
  const waiters: { count: number; resolve: (b: Buffer) => void }[] = [];
  let closed = false;
  const closeWaiters: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    const all = Buffer.concat(chunks);
    for (const w of [...waiters]) {
      if (all.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(all);
      }
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    for (const resolve of closeWaiters.splice(0)) resolve();
  });
  return {
    socket,
    received: () => Buffer.concat(chunks),
    send: (bytes) => new Promise((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve()))),
    answers: (count) => {
      const all = Buffer.concat(chunks);
      if (all.length >= count) return Promise.resolve(all);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    finish: () =>
      new Promise((resolve, reject) => {
        if (closed) return resolve();
        const timer = setTimeout(() => reject(new Error(`the tap did not close the POS connection within ${EVENT_WAIT_MS} ms of its end`)), EVENT_WAIT_MS);
        closeWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      }),
  };
}

export async function tapHarness(options: Partial<Omit<TapOptions, 'printer'>> & { backupPrinter?: RecordingPrinter; printerAddress?: string } = {}): Promise<TapHarness> {
  const dir = tempDir('reissue-tap-');
  const printer = await recordingPrinter();
  const journal = (options.journal as MemoryCaptureJournal | undefined) ?? new MemoryCaptureJournal();
  const events: TapEvent[] = [];
  const listeners: ((e: TapEvent) => void)[] = [];
  const handedOver: UndeliveredJob[] = [];
  const fallbackPath = join(dir.path, 'capture-fallback.ndjson');
  const { backupPrinter, printerAddress, ...rest } = options;
  const tap = new Tap({
    source: 'front-till',
    listen: { host: '127.0.0.1', port: 0 },
    printer: parsePrinterAddress(printerAddress ?? printer.address),
    ...(backupPrinter ? { backup: parsePrinterAddress(backupPrinter.address) } : {}),
    journal,
    fallback: fallbackFile(fallbackPath),
    handOver: (job) => {
      handedOver.push(job);
    },
    retryInitialMs: 50,
    retryMaxMs: 200,
    journalRetryInitialMs: 50,
    journalRetryMaxMs: 200,
    ...rest,
    onEvent: (event) => {
      events.push(event);
      for (const listener of [...listeners]) listener(event);
      rest.onEvent?.(event);
    },
  });
  const { tcp, lpd } = await tap.start();
  let stopped = false;
  return {
    tap,
    port: tcp?.port ?? 0,
    lpdPort: lpd?.port,
    printer,
    journal,
    events,
    handedOver,
    fallbackPath,
    dir: dir.path,
    pos: () => posClient(tcp?.port ?? 0),
    event: (type, match = () => true, nth = 1) =>
      new Promise((resolve, reject) => {
        const test = (e: TapEvent) => e.type === type && match(e as never);
        const seen = events.filter(test);
        if (seen.length >= nth) return resolve(seen[nth - 1] as never);
        let count = seen.length;
        // Not the test's 60 s with no word: what the tap did say, so a failure tells where it stopped.
        const timer = setTimeout(() => {
          listeners.splice(listeners.indexOf(listener), 1);
          const said = events.map((e) => (e.type === 'warning' ? `warning ${e.code}: ${e.message}` : e.type)).join('; ');
          reject(new Error(`no "${type}" event (#${nth}) within ${EVENT_WAIT_MS} ms; the tap said: ${said}`));
        }, EVENT_WAIT_MS);
        const listener = (e: TapEvent) => {
          if (!test(e) || ++count < nth) return;
          clearTimeout(timer);
          listeners.splice(listeners.indexOf(listener), 1);
          resolve(e as never);
        };
        listeners.push(listener);
      }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await tap.stop();
      await printer.virtual.stop();
      await backupPrinter?.virtual.stop();
      dir.remove();
    },
  };
}

/**
 * What a leak scan of the journal reads: the jobs as JSON with their bytes as the text they
 * hold (latin1), not as lists of numbers — the detector reads "27,64,49,…" as a number
 * written with commas, which no store keeps.
 */
export function journalText(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
}
