/**
 * Shared set-up for the spooler tests: a SQLite journal in a temporary directory, virtual
 * printers on 127.0.0.1 (port 0, fast paper), a directory of them, and a spooler with short
 * timings. Receipts carry their sale id and job id so tests can count what came out on paper.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unusedPort } from './ports.js';
import { startVirtualPrinter, type PrintedJob, type VirtualPrinter, type VirtualPrinterOptions } from '../../src/emulator/index.js';
import { openStore } from '../../src/app.js';
import { Journal, type EventRow, type JournalStore } from '../../src/journal/index.js';
import {
  Spooler,
  printerDirectory,
  tcpConnector,
  type PrinterDirectory,
  type PrinterEntry,
  type SpoolerEvent,
  type SpoolerOptions,
  type SpoolerSettings,
} from '../../src/printer/index.js';
import { sqliteEngine, type Engine } from './engines.js';
import { testRender } from './spooler-render.js';

export const FAST_SETTINGS: Partial<SpoolerSettings> = {
  expireAfterMs: 20_000,
  retryInitialMs: 50,
  retryMaxMs: 200,
  failoverAfter: 3,
  ackTimeoutMs: 2_000,
  statusPollMs: 40,
  inFlightLeaseMs: 3_000,
  idleCloseMs: 200,
};

export { labelOf, receiptFor, testRender } from './spooler-render.js';

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Opens (creating if need be) the journal at `target`: a SQLite file or a PostgreSQL URL. */
export function openSqlite(target: string): Promise<JournalStore> {
  return openStore(target, { create: true });
}

/** A port on 127.0.0.1 with nothing listening (connections are refused). */
export const closedPort = unusedPort;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (or throws with `what`). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export interface PrinterSpec extends Omit<PrinterEntry, 'host' | 'port'> {
  /** Start a virtual printer for it (default); false leaves its port closed. */
  virtual?: boolean;
  fault?: string;
  speedMmPerSecond?: number;
  model?: VirtualPrinterOptions['model'] & string;
}

/** One connection the spooler opened to a printer, and what it sent on it. */
export interface Link {
  printer: string;
  openedAt: number;
  sent: { at: number; bytes: Uint8Array }[];
}

export interface Harness {
  dir: string;
  store: JournalStore;
  journal: Journal;
  directory: PrinterDirectory;
  spooler: Spooler;
  virtual: Map<string, VirtualPrinter>;
  ports: Map<string, number>;
  /** Every receipt each printer printed (kept beyond the emulator's memory limit). */
  paper: Map<string, PrintedJob[]>;
  events: SpoolerEvent[];
  /** Every connection the spooler made, oldest first. */
  links: Link[];
  /** Connections opened to `printer` by the spooler (attempts, refused ones included). */
  connects(printer: string): number;
  /** When each of those connections was attempted (Date.now()), oldest first. */
  connectTimes(printer: string): number[];
  /** Status reads (DLE EOT 1-4) the spooler has had answered by `printer`. */
  statusReads(printer: string): number;
  /** Resolves once `printer` has answered `count` more status reads than it has now. */
  morePolls(printer: string, count: number): Promise<void>;
  /** Resolves once `printer` has printed everything it received (see VirtualPrinter.idle). */
  printerIdle(printer: string): Promise<void>;
  /** Where the journal is: a SQLite file or a PostgreSQL database URL. */
  target: string;
  /** Another spooler on the same journal (its own connection), e.g. after a restart. */
  newSpooler(overrides?: Partial<SpoolerOptions>, target?: string): Promise<Spooler>;
  /** Records n sales (vouchers from `from`) and returns their ids. */
  sales(n: number, from?: number): Promise<string[]>;
  /** Starts (or restarts) the virtual printer for `name` on its port. */
  startPrinter(name: string, options?: Partial<VirtualPrinterOptions>): Promise<VirtualPrinter>;
  close(): Promise<void>;
}

export async function spoolerHarness(specs: PrinterSpec[], options: { settings?: Partial<SpoolerSettings>; spooler?: Partial<SpoolerOptions>; statusTimeoutMs?: number; engine?: Engine } = {}): Promise<Harness> {
  const dir = tempDir('reissue-spooler-');
  const file = await (options.engine ?? sqliteEngine).newTarget(dir.path);
  const store = await openSqlite(file);
  const journal = new Journal({ store });
  const virtual = new Map<string, VirtualPrinter>();
  const ports = new Map<string, number>();
  const paper = new Map<string, PrintedJob[]>();
  const events: SpoolerEvent[] = [];
  const extraStores: JournalStore[] = [];
  const spoolers: Spooler[] = [];

  const startPrinter = async (name: string, overrides: Partial<VirtualPrinterOptions> = {}) => {
    const spec = specs.find((s) => s.name === name);
    const list = paper.get(name) ?? [];
    paper.set(name, list);
    await virtual.get(name)?.stop();
    const vp = await startVirtualPrinter({
      port: ports.get(name) ?? 0,
      speedMmPerSecond: spec?.speedMmPerSecond ?? 50_000,
      ...(spec?.fault ? { fault: spec.fault } : {}),
      ...(spec?.model ? { model: spec.model } : {}),
      keepJobs: 10,
      onJob: (job) => list.push(job),
      ...overrides,
    });
    virtual.set(name, vp);
    ports.set(name, vp.address?.port ?? 0);
    return vp;
  };

  for (const spec of specs) {
    paper.set(spec.name, []);
    if (spec.virtual === false) ports.set(spec.name, await closedPort());
    else await startPrinter(spec.name);
  }
  const directory = printerDirectory(
    specs.map((s) => ({ name: s.name, host: '127.0.0.1', port: ports.get(s.name) ?? 0, ...(s.model ? { model: s.model } : {}), ...(s.backup ? { backup: s.backup } : {}), ...(s.group ? { group: s.group } : {}) })),
  );
  // Status timeouts are generous unless a test is about a hung printer: load must not look like one.
  const tcp = tcpConnector({ connectTimeoutMs: 1000, statusTimeoutMs: options.statusTimeoutMs ?? 5_000 });
  // Counts what the spooler asks of each printer, so tests wait for polls instead of sleeping.
  type Count = { connects: number; reads: number; connectedAt: number[] };
  const counts = new Map<string, Count>();
  const countOf = (name: string) => counts.get(name) ?? counts.set(name, { connects: 0, reads: 0, connectedAt: [] }).get(name) as Count;
  const pollWaiters: { printer: string; reads: number; resolve: () => void }[] = [];
  const links: Link[] = [];
  const connect: SpoolerOptions['connect'] = async (target) => {
    const count = countOf(target.name);
    count.connects += 1;
    count.connectedAt.push(Date.now());
    const printer = await tcp(target);
    const link: Link = { printer: target.name, openedAt: Date.now(), sent: [] };
    links.push(link);
    const send = printer.send.bind(printer);
    printer.send = (bytes) => {
      link.sent.push({ at: Date.now(), bytes });
      return send(bytes);
    };
    const status = printer.status.bind(printer);
    // The spooler gets the very promise the printer gave: counting adds no turn of its own.
    printer.status = () => {
      const answer = status();
      answer.then(
        () => {
          count.reads += 1;
          for (const waiter of [...pollWaiters]) {
            if (waiter.printer !== target.name || count.reads < waiter.reads) continue;
            pollWaiters.splice(pollWaiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        },
        () => undefined,
      );
      return answer;
    };
    return printer;
  };
  const make = (overrides: Partial<SpoolerOptions> = {}, onJournal: Journal = journal) => {
    const spooler = new Spooler({
      journal: onJournal,
      printers: directory,
      connect,
      render: testRender,
      settings: { ...FAST_SETTINGS, ...options.settings },
      onEvent: (e) => events.push(e),
      ...options.spooler,
      ...overrides,
    });
    spoolers.push(spooler);
    return spooler;
  };
  const spooler = make();
  let voucher = 0;
  return {
    dir: dir.path,
    target: file,
    store,
    journal,
    directory,
    spooler,
    virtual,
    ports,
    paper,
    events,
    links,
    connects: (name) => countOf(name).connects,
    connectTimes: (name) => [...countOf(name).connectedAt],
    statusReads: (name) => countOf(name).reads,
    morePolls: (name, count) => new Promise((resolve) => pollWaiters.push({ printer: name, reads: countOf(name).reads + count, resolve })),
    async printerIdle(name) {
      const printer = virtual.get(name);
      if (!printer) throw new Error(`no virtual printer ${name}`);
      await printer.idle();
    },
    async newSpooler(overrides = {}, otherFile = file) {
      const other = await openSqlite(otherFile);
      extraStores.push(other);
      return make(overrides, new Journal({ store: other }));
    },
    async sales(n, from) {
      const start = from ?? voucher + 1;
      voucher = Math.max(voucher, start + n - 1);
      const { nthSale } = await import('./fixtures.js');
      const outcomes = await journal.recordMany(Array.from({ length: n }, (_, i) => nthSale(start + i)));
      return outcomes.map((o) => o.id);
    },
    startPrinter,
    async close() {
      for (const s of spoolers) await s.stop();
      for (const vp of virtual.values()) await vp.stop();
      for (const s of extraStores) await s.close();
      await store.close();
      dir.remove();
    },
  };
}

/** Every print.* event in the journal, grouped by job id, oldest first. */
export async function printEventsByJob(store: JournalStore): Promise<Map<number, { type: string; payload: Record<string, unknown>; event: EventRow }[]>> {
  const out = new Map<number, { type: string; payload: Record<string, unknown>; event: EventRow }[]>();
  for await (const event of store.events()) {
    if (!event.type.startsWith('print.')) continue;
    const payload = JSON.parse(event.payload) as Record<string, unknown>;
    const id = payload.jobId as number;
    const list = out.get(id) ?? [];
    list.push({ type: event.type, payload, event });
    out.set(id, list);
  }
  return out;
}

/** Types of a job's events, in order. */
export async function eventTypes(spooler: Spooler, jobId: number): Promise<string[]> {
  return (await spooler.jobEvents(jobId)).map((e) => e.type);
}
