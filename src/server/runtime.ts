import { PrintWaitTimeoutError } from '../printer/index.js';
import { NotFoundError, parseStoreList } from '../core/index.js';
import type { Journal, PrintJobRow } from '../journal/index.js';
import { defaultFontLoader, type FontLoader } from '../receipt/index.js';
import type { ServerDeps } from './deps.js';
import { serverLog, type ServerLog } from './log.js';
import type { AppContext, Session } from './route.js';
import { proxyHops, type TransportOptions } from './security.js';
import { deriveKeys, type ServerKeys } from './signing.js';
import { OnceAWhile } from './once-a-while.js';

export const DEFAULT_PRINT_WAIT_MS = 5000;
export const DEFAULT_E_RECEIPT_DAYS = 30;
/** The longest an e-receipt link may live (the API's limit; a server may set less). */
export const MAX_E_RECEIPT_DAYS = 90;
export const DAY_MS = 86_400_000;
/** An e-receipt link opened again and again is journaled once in this time (per link and format). */
export const E_RECEIPT_OPENING_TRACE_MS = 10 * 60_000;
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** What every route works with: the deps, and what the server derives from them once. */
export interface Runtime {
  deps: ServerDeps;
  log: ServerLog;
  font: FontLoader;
  transport: TransportOptions;
  printWaitMs: number;
  eReceiptDays: number;
  /** No link is signed, or opened, that lives longer than this. */
  eReceiptMaxDays: number;
  maxBodyBytes: number;
  version: string;
  /** The public address without a trailing slash, or '' (links stay relative). */
  publicUrl: string;
  /** When an e-receipt link's opening is journaled again (see the /r/ route). */
  eReceiptOpenings: OnceAWhile;
  now(): number;
  keys(): Promise<ServerKeys>;
}

export function runtime(deps: ServerDeps): Runtime {
  const options = deps.options ?? {};
  let keys: Promise<ServerKeys> | undefined;
  return {
    deps,
    log: serverLog(deps.logger, deps.clock),
    font: deps.font ?? defaultFontLoader,
    transport: { secureCookies: options.secureCookies ?? 'auto', trustProxy: proxyHops(options.trustProxy) },
    printWaitMs: options.printWaitMs ?? DEFAULT_PRINT_WAIT_MS,
    eReceiptMaxDays: Math.min(options.eReceiptMaxDays ?? MAX_E_RECEIPT_DAYS, MAX_E_RECEIPT_DAYS),
    eReceiptDays: Math.min(options.eReceiptDays ?? DEFAULT_E_RECEIPT_DAYS, options.eReceiptMaxDays ?? MAX_E_RECEIPT_DAYS, MAX_E_RECEIPT_DAYS),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    version: options.version ?? '0.1.0',
    publicUrl: (options.publicUrl ?? '').replace(/\/+$/, ''),
    eReceiptOpenings: new OnceAWhile(E_RECEIPT_OPENING_TRACE_MS, 10_000),
    now: deps.clock,
    keys() {
      // The journal's own secret (made with the journal), so every server on one journal agrees.
      keys ??= deps.reprint.verificationKey().then(deriveKeys);
      keys.catch(() => (keys = undefined));
      return keys;
    },
  };
}

/**
 * How long the client lets us wait for a print: `Prefer: respond-async` → not at all,
 * `Prefer: wait=N` → at most N seconds, else the server's print wait.
 */
export function printWait(c: AppContext, serverMs: number): number {
  const prefer = (c.req.header('Prefer') ?? '').toLowerCase();
  if (/(^|[,;\s])respond-async($|[,;\s])/.test(prefer)) return 0;
  const wait = /(?:^|[,;\s])wait=(\d+)/.exec(prefer);
  return wait ? Math.min(serverMs, Number(wait[1]) * 1000) : serverMs;
}

export interface Settled {
  /** 201 when the job reached its end (printed or not) within the wait, 202 while it is still on its way. */
  status: 201 | 202;
  printed: boolean;
  job: PrintJobRow;
}

/** Waits (a little) for a queued job: the answer says whether it printed, or where to poll it. */
export async function settle(rt: Runtime, c: AppContext, job: PrintJobRow): Promise<Settled> {
  const [settled] = await settleAll(rt, c, [job]);
  return settled ?? { status: 202, printed: false, job };
}

/**
 * Waits for the pieces of one print in their printing order, within one print wait: once a
 * piece is still on its way when the wait is over, the rest are answered as they stand.
 */
export async function settleAll(rt: Runtime, c: AppContext, jobs: readonly PrintJobRow[]): Promise<Settled[]> {
  const deadline = rt.now() + printWait(c, rt.printWaitMs);
  const out: Settled[] = [];
  let waiting = true;
  for (const job of jobs) {
    const wait = deadline - rt.now();
    if (!waiting || wait <= 0) {
      out.push({ status: 202, printed: false, job: waiting ? job : await rt.deps.spooler.job(job.id) });
      waiting = false;
      continue;
    }
    try {
      const final = await rt.deps.spooler.waitFor(job.id, { timeoutMs: wait });
      out.push({ status: 201, printed: final.state === 'printed', job: final });
    } catch (error) {
      if (!(error instanceof PrintWaitTimeoutError)) throw error;
      out.push({ status: 202, printed: false, job: error.job });
      waiting = false;
    }
  }
  return out;
}

/**
 * The journal as the signed-in user may read it: a user limited to some stores sees only
 * theirs (another store's sale is not found), and `store` (a request's store=) narrows it
 * further; a store outside the user's is refused (STORE_NOT_PERMITTED).
 */
export function journalFor(rt: Runtime, session: Session | undefined, store?: string): Journal {
  const mine = rt.deps.journal.within(session?.user.stores);
  return store === undefined ? mine : mine.atStores(parseStoreList(store));
}

/**
 * Whether the signed-in user may see a print job. Jobs print the journal's own sales and
 * captured receipts (the spooler queues nothing else), so a job of a receipt is seen by
 * whoever sees the journal's own rows: at head office a user limited to some shops sees
 * none of head office's (not found). Test pages and reports belong to the printer.
 */
export async function jobVisible(rt: Runtime, session: Session | undefined, job: PrintJobRow): Promise<boolean> {
  return job.transactionId === '' || journalFor(rt, session).seesOwn();
}

/** A print job the user may see, else JOB_NOT_FOUND exactly as for a job that does not exist. */
export async function visibleJob(rt: Runtime, session: Session | undefined, id: number): Promise<PrintJobRow> {
  const job = await rt.deps.spooler.job(id);
  if (await jobVisible(rt, session, job)) return job;
  throw new NotFoundError('JOB_NOT_FOUND', `no print job ${id}`, { hint: 'list jobs with `reissue printers` or look the sale up with `reissue show ID`', context: { jobId: id } });
}
