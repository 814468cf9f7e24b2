import { InputError } from '../core/index.js';
import { captureRowDifference } from './capture-projection.js';
import { EventTypes } from './events.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { projectEvent, rowDifference } from './projection.js';
import { REQUIRED_GUARDS } from './journal-tables.js';
import { isPrintEvent } from './job-projection.js';
import { ProjectionCheck } from './projection-check.js';
import type { CaptureRow, EventRow, JournalStore, TransactionRow } from './store.js';

export const VerifyProblems = ['edited', 'missing', 'reordered', 'broken-link', 'index-mismatch', 'orphan-index', 'guard-missing', 'projection', 'head-mismatch'] as const;
export type VerifyProblem = (typeof VerifyProblems)[number];

export interface ChainHead {
  /** A shop's chain at head office; absent for the database's own. */
  storeId?: string;
  terminalId: string;
  seq: number;
  hash: string;
}

export interface VerifyFailure {
  problem: VerifyProblem;
  /** The shop of the chain at head office; absent for the database's own. */
  storeId?: string;
  /** A print job whose row disagrees with its events ('projection'). */
  jobId?: number;
  /** The first bad event (or the place where one is missing). */
  terminalId?: string;
  seq?: number;
  eventId?: number;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  transactions: number;
  /** Captured print jobs (reissue tap) checked against their events. */
  captures: number;
  heads: ChainHead[];
  /** Heads saved earlier (verify --expect) that the journal still has, when some were given. */
  anchored?: number;
  failure?: VerifyFailure;
}

export type VerifyProgress = (checked: number, total: number) => void;

export interface VerifyOptions {
  /** One shop's chains only (head office); every chain in the database when absent. */
  storeId?: string;
  /** Heads saved earlier (verify --expect): each must still be in its chain with the same hash. */
  expected?: readonly ChainHead[];
}

/**
/**
 * Recomputes every terminal's chain from the genesis hash and checks the search index and
 * the print-job table (a projection of the print events of the database's own chains)
 * against the events. Stops at the first bad event and says why. At head office a chain is
 * a shop's (store, terminal); `storeId` checks one shop's. `expected` heads saved earlier
 * must still be there with the same hash.
 */
export async function verifyJournal(store: JournalStore, onProgress?: VerifyProgress, options: VerifyOptions = {}): Promise<VerifyReport> {
  const counts = await store.counts(options.storeId);
  const captureCount = await store.captureCount(options.storeId);
  const heads: ChainHead[] = [];
  let checked = 0;
  let indexed = 0;
  let captured = 0;
  let current: ChainHead | undefined;
  const fail = (failure: VerifyFailure): VerifyReport => ({ ok: false, events: checked, transactions: indexed, captures: captured, heads, failure });

  const guards = new Set(await store.appendOnlyGuards());
  const missingGuard = REQUIRED_GUARDS.find((g) => !guards.has(g));
  if (missingGuard) {
    return fail({ problem: 'guard-missing', detail: `the append-only guard ${missingGuard} was removed from the database` });
  }

  // The print-job table projects the database's own print events; a shop's replicated chains have none here.
  const ownChains = (options.storeId ?? '') === '';
  const projection = new ProjectionCheck(store);
  const jobRows = await store.countJobs();
  for await (const { event, indexed: row, capture } of store.chain(options.storeId)) {
    if (!current || current.terminalId !== event.terminalId || (current.storeId ?? '') !== event.storeId) {
      if (current) heads.push(current);
      current = { ...(event.storeId === '' ? {} : { storeId: event.storeId }), terminalId: event.terminalId, seq: 0, hash: GENESIS_HASH };
    }
    const at = { ...(event.storeId === '' ? {} : { storeId: event.storeId }), terminalId: event.terminalId, seq: event.seq, eventId: event.id };
    if (event.seq !== current.seq + 1) {
      if (event.seq > current.seq + 1) {
        const gap = event.seq - current.seq - 1;
        return fail({ ...at, seq: current.seq + 1, problem: 'missing', detail: `${gap === 1 ? 'event' : `${gap} events`} ${current.seq + 1}${gap > 1 ? `–${event.seq - 1}` : ''} of terminal ${event.terminalId} ${gap === 1 ? 'is' : 'are'} missing` });
      }
      return fail({ ...at, problem: 'reordered', detail: `event ${event.seq} of terminal ${event.terminalId} appears twice or out of order` });
    }
    if (event.prevHash !== current.hash) {
      const pointsAt = await store.seqOfHash(event.terminalId, event.prevHash, event.storeId);
      if (pointsAt !== undefined) {
        return fail({ ...at, problem: 'reordered', detail: `event ${event.seq} of terminal ${event.terminalId} follows event ${pointsAt} in the chain, not event ${current.seq}: events were reordered` });
      }
      return fail({ ...at, problem: 'broken-link', detail: `event ${event.seq} of terminal ${event.terminalId} does not link to event ${current.seq} (its previous-hash was changed)` });
    }
    if (eventHash(event) !== event.hash) {
      return fail({ ...at, problem: 'edited', detail: `event ${event.seq} of terminal ${event.terminalId} was edited after it was recorded (its hash no longer matches its content)` });
    }
    const indexProblem = checkIndexRows(event, row, capture);
    if (indexProblem) return fail({ ...at, problem: 'index-mismatch', detail: indexProblem });
    if (row) indexed++;
    if (capture) captured++;
    if (event.storeId === '' && isPrintEvent(event.type)) {
      const fault = await projection.event(event);
      if (fault) return fail({ ...at, ...fault, problem: 'projection', detail: fault.detail });
    }
    current = { ...current, seq: event.seq, hash: event.hash };
    checked++;
    if (onProgress && checked % 5000 === 0) onProgress(checked, counts.events);
  }
  if (current) heads.push(current);
  onProgress?.(checked, counts.events);
  // Counted before the walk: rows committed during it can only raise `indexed`, so only a
  // shortfall means index rows that no event accounts for.
  if (indexed < counts.transactions) {
    return fail({ problem: 'orphan-index', detail: `${counts.transactions - indexed} search-index rows point at no recorded transaction` });
  }
  if (captured < captureCount) {
    return fail({ problem: 'orphan-index', detail: `${captureCount - captured} captured-receipt index rows point at no captured job` });
  }
  if (ownChains) {
    const fault = await projection.finish(jobRows);
    if (fault) return fail({ ...fault, problem: 'projection', detail: fault.detail });
  }
  const { expected } = options;
  if (expected) {
    const rewritten = await headMismatch(store, heads, expected);
    if (rewritten) return fail(rewritten);
    return { ok: true, events: checked, transactions: indexed, captures: captured, heads, anchored: expected.length };
  }
  return { ok: true, events: checked, transactions: indexed, captures: captured, heads };
}

/**
 * Each head saved earlier must still be in its chain, with the same hash: the chain was
 * recomputed from genesis up to it, so the same hash there means nothing before it changed.
 * An edit whose later hashes were all recomputed passes the walk but not this.
 */
async function headMismatch(store: JournalStore, now: readonly ChainHead[], expected: readonly ChainHead[]): Promise<VerifyFailure | undefined> {
  // By chain, once: a search of the list per saved head was quadratic in the chains (66 s for 80,000).
  const chainKey = (storeId: string, terminalId: string) => JSON.stringify([storeId, terminalId]);
  const heads = new Map(now.map((h) => [chainKey(h.storeId ?? '', h.terminalId), h]));
  for (const saved of expected) {
    const storeId = saved.storeId ?? '';
    const at = { ...(storeId === '' ? {} : { storeId }), terminalId: saved.terminalId, seq: saved.seq };
    const current = heads.get(chainKey(storeId, saved.terminalId));
    if (!current || current.seq < saved.seq) {
      return { ...at, problem: 'head-mismatch', detail: `chain ${saved.terminalId} ${current ? `ends at event ${current.seq}` : 'is gone'}, but the saved heads say it reached event ${saved.seq}: events were removed` };
    }
    const [event] = await store.eventsAfter(storeId, saved.terminalId, saved.seq - 1, 1);
    if (event?.hash !== saved.hash) {
      return { ...at, ...(event ? { eventId: event.id } : {}), problem: 'head-mismatch', detail: `event ${saved.seq} of chain ${saved.terminalId} is not the one in the saved heads: the history up to it was rewritten (every hash recomputed)` };
    }
  }
  return undefined;
}

/** The index row an event should have (by its type, at most one) against the rows that claim it. */
function checkIndexRows(event: EventRow, sale: TransactionRow | undefined, capture: CaptureRow | undefined): string | undefined {
  const isCapture = event.type === EventTypes.captureRecorded;
  const label = `event ${event.seq} of ${isCapture ? 'chain' : 'terminal'} ${event.terminalId}`;
  if (sale && event.type !== EventTypes.transactionRecorded) return `${label} is a ${event.type} event but the search index lists it as transaction ${sale.id}`;
  if (capture && !isCapture) return `${label} is a ${event.type} event but the captured-receipt index lists it as ${capture.id}`;
  if (event.type === EventTypes.transactionRecorded && !sale) return `${label} records a transaction that is missing from the search index`;
  if (isCapture && !capture) return `${label} records a captured receipt that is missing from its index`;
  let expected;
  try {
    expected = projectEvent(event);
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof InputError || error instanceof TypeError) return `${label} holds a payload that cannot be read`;
    throw error;
  }
  if (expected?.table === 'transactions' && sale) {
    const field = rowDifference(expected.row, sale);
    return field ? `the search index of ${sale.id} (${label}) disagrees with the journal in ${field}` : undefined;
  }
  if (expected?.table === 'captures' && capture) {
    const field = captureRowDifference(expected.row, capture);
    return field ? `the index of captured receipt ${capture.id} (${label}) disagrees with the journal in ${field}` : undefined;
  }
  return undefined;
}
