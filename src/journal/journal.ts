import { carriedSettings, checkCarriedSettings, takeSettings } from './carried-settings.js';
import {
  ConflictError,
  InputError,
  IntegrityError,
  NotFoundError,
  ReissueError,
  canonicalJson,
  formatMoney,
  maskCardNumbersIn,
  parseTransactionId,
  saleIdHidingCardNumber,
  saleIdNamesNoSale,
  saleStatus,
  type SaleStatus,
  transactionId,
  type Transaction,
} from '../core/index.js';
import { EventTypes, captureChain, type CaptureRecordedPayload, type RecordedBy, type TransactionRecordedPayload } from './events.js';
import { DEFAULT_ACCEPT_WINDOW, checkAcceptWindow, replicaWindow, type AcceptWindow } from './accept-window.js';
import { captureRow, checkCapturePayload } from './capture-projection.js';
import { captureListing, isCaptureId, type JournaledCapture, type ReceiptListing } from './captures.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { prepareBatch, type PreparedBatch, type PreparedTransaction } from './prepare.js';
import { SaleAppender } from './sale-appender.js';
import { inProcessPreparer, type Preparer } from './preparer.js';
import { AUDIT_CHAIN, auditEntries, type AuditEntry, type AuditFilter } from './audit-trail.js';
import { jobsFromEvents } from './job-projection.js';
import { SaleJobs, type StagedFolds } from './sale-jobs.js';
import type { JobFilter, PrintJobRow } from './print-jobs.js';
import { CheckedEvents, captureIndexFault, chainFault, foundTwice, jobFault, recordFault, type RecordFault } from './record-check.js';
import { replicate, type CaptureBytesCheck, type CardInCaptureBytes, type ReplicaEvent, type ReplicateResult } from './replicate.js';
import { ReplicaQueue } from './replica-queue.js';
import { checkSearchQuery, encodeCursor, type SearchQuery } from './search-query.js';
import { STORE_CHAIN, StoreEventTypes, parseStoreId, type StoreIdentifiedPayload } from './store-identity.js';
import type { CompactOptions, CompactReport } from '../sql/index.js';
import type { ChainTip, EventRow, FoundTransaction, JournalStore, NewEventRow, StoreInfo, StoreScope, StoreWriter, StoredTransaction, TransactionRow, WriteCheck } from './store.js';
import { verifyJournal, type ChainHead, type VerifyOptions, type VerifyProgress, type VerifyReport } from './verify.js';

export { parseBatch, type BatchIssue } from './prepare.js';

type ChainHeads = Map<string, Pick<EventRow, 'seq' | 'hash'> | undefined>;

export interface RecordOutcome {
  id: string;
  /** False when the same sale was already on record (idempotent replay). */
  created: boolean;
  terminalId: string;
  /** Position in the terminal's chain, when this call created the record. */
  seq?: number;
}

export interface JournaledTransaction {
  id: string;
  /** The shop it was sold in: the row's store at head office, the journal's own store id in a shop ('' when it has none). */
  storeId: string;
  transaction: Transaction;
  originalId: string | undefined;
  /** Who recorded it, when that is known (see RecordedBy). */
  recordedBy?: RecordedBy;
  eventId: number;
  seq: number;
  recordedAt: string;
  hash: string;
}

export interface SearchPage {
  items: JournaledTransaction[];
  /** Pass back as the cursor for the next (older) page; absent on the last page. */
  next: string | undefined;
}

/** A page of sales and captured receipts together, newest first. */
export interface ReceiptPage {
  items: ReceiptListing[];
  next: string | undefined;
}

export interface CaptureOutcome {
  id: string;
  /** False when the job was already on record (a replay of the fallback file). */
  created: boolean;
  chain: string;
  seq?: number;
}

/**
 * One line of a result list, read from the search index alone: no payload is decoded, so
 * no line items, names or hash. Open the sale (Journal.get) for the whole of it.
 */
export interface TransactionSummary {
  id: string;
  /** As JournaledTransaction.storeId. */
  storeId: string;
  kind: string;
  terminalId: string;
  batchNo: string;
  voucherNo: string;
  referenceNo?: string;
  cardLast4?: string;
  operatorId: string;
  merchantId: string;
  /** Decimal, as recorded: "128.50". */
  amount: string;
  currency: string;
  /** ISO 8601 UTC. */
  occurredAt: string;
  originalId?: string;
  eventId: number;
}

export interface SummaryPage {
  items: TransactionSummary[];
  next: string | undefined;
}

export interface RecordOptions {
  /** Who recorded the sales; journaled in each event's (hashed) payload. */
  recordedBy?: RecordedBy;
}

export interface RecordPreparedOptions extends RecordOptions {
  /**
   * The line of each item in the caller's whole input (a file's line, blank lines and earlier
   * batches counted), named in a refusal; without it, an item's place in the batch is named
   * when the batch has more than one.
   */
  lines?: readonly number[];
}

export interface RecordBatchesOptions extends RecordOptions {
  /** Where batches are validated and encoded; in this thread unless given (see createPreparer in the app). */
  preparer?: Preparer;
  /** Called after each batch is committed, with its outcomes in input order and its 0-based index. */
  onBatch?: (outcomes: RecordOutcome[], index: number) => void;
  /** Batches handed to the preparer ahead of the one being written (default 2). */
  lookahead?: number;
}

export interface RecordBatchesSummary {
  batches: number;
  transactions: number;
  created: number;
}

/** A batch's preparation as it settled: its result, or the fault that kept it from one. */
type Settled = { batch: PreparedBatch } | { fault: unknown };

/** What a write can do: the store's row operations, and appending events to any chain. */
export interface JournalWriter extends StoreWriter {
  /** Appends one event to a chain (a terminal, "audit", "printer:NAME" …) inside this write. */
  append(chain: string, type: string, payload: unknown): Promise<EventRow>;
  /**
   * Reads a sale of the journal's own again inside this write, on the database written to
   * (never a replica), and checks it as get() does: still the event read before (same hash),
   * its hash recomputing, linked to its neighbours, its index row as its event says.
   * IntegrityError RECORD_ALTERED otherwise (the caller journals the refusal).
   */
  checkRecord(sale: Pick<JournaledTransaction, 'id' | 'seq' | 'hash' | 'transaction'>): Promise<void>;
  /**
   * A sale of the journal's own as get() gives it, read inside this write and checked as get()
   * checks it (its hash, its links to its neighbours, its index row): a receipt handed over
   * for printing in this write is rendered from it instead of reading it again. Undefined
   * where get() could answer otherwise — a view limited to some stores, a sale on record in
   * other stores too, one not on record or that does not check out: the render's get() then
   * answers (and refuses, journaling the alert, a sale that does not check out) — and where
   * the store's id is not known without a read (the render's get() reads it).
   */
  saleToPrint(id: string): Promise<JournaledTransaction | undefined>;
}

/** Audit entries read at most per question (newest first), before filtering. */
const AUDIT_SCAN = 100_000;
/** How much later than a refund its sale may be dated: tills' clocks disagree (the accept window allows 5 minutes ahead). */
const DAY_MS = 86_400_000;

const stores = new WeakMap<Journal, JournalStore>();

/** The store behind a journal, for the journal module's own use cases (backup, restore); not exported from the module. */
export function storeOf(journal: Journal): JournalStore {
  const store = stores.get(journal);
  if (!store) throw new Error('not a Journal');
  return store;
}

export interface JournalOptions {
  store: JournalStore;
  /** Epoch milliseconds; injected so tests control recorded times. */
  clock?: () => number;
  /**
   * A hot standby's copy of the same database (PostgreSQL streaming replication): the view
   * onReplica() gives reads there. Searches, receipts and reports may lag it by the
   * replication delay; everything else reads the primary.
   */
  replica?: JournalStore;
  /**
   * How far ahead of the clock and how far back a sale's time may be. The composition root
   * (openJournal) always sets one — the configuration's, else DEFAULT_ACCEPT_WINDOW (5
   * minutes, 10 years); a journal made without one (tools, tests) takes any time.
   */
  acceptWindow?: AcceptWindow;
  /** A monotonic clock in ms (default performance.now): how long ago the store id was found unset. */
  monotonicMs?: () => number;
  /**
   * Whether a captured job's bytes print a full card number (the capture module's reader, set
   * by the composition root): a shop's such event is refused at head office and in a restore.
   */
  cardInCaptureBytes?: CardInCaptureBytes;
  /** The same asked off this thread for shops' pushed captures (head office); closed with the journal. */
  captureBytesCheck?: CaptureBytesCheck;
}

/**
 * A journal without a store id asks again at most this often: another process (`reissue
 * store set-id`) may set it meanwhile, and every search asked for it (a read per request).
 */
export const STORE_ID_RECHECK_MS = 1000;

/** What a view of the journal shares with the journal it came from. */
interface Shared {
  /** The journal's own store id once known (it never changes after it is set). */
  ownStore: string | undefined;
  /** When (monotonic ms) the store id was last found unset. */
  unsetAt?: number;
  /** Sales' jobs as their events told them, kept between writes. */
  saleJobs: SaleJobs;
  /** Events found intact, so a record checked again unchanged (a reprint's sale, in the write that numbers its copy) is not hashed and parsed again. */
  checked: CheckedEvents;
  /** Head office's ingest of shops' batches (group commit), made at the first batch. */
  replicas?: ReplicaQueue;
  /**
   * Sales a search found with nothing of their store pointing at them (FoundTransaction.undone),
   * so statusesOf of that page asks the store only about the others. Held weakly: the page's
   * objects themselves, gone with it.
   */
  notUndone: WeakSet<JournaledTransaction>;
}

/** Narrows `asked` to `scope` (both: undefined for every store). */
function narrowed(scope: StoreScope, asked: StoreScope): StoreScope {
  if (scope === undefined) return asked;
  if (asked === undefined) return scope;
  return asked.filter((s) => scope.includes(s));
}

/**
 * The journal: append-only, per-terminal gapless sequences, a SHA-256 chain per terminal,
 * idempotent ingest. The rules live here once; stores only persist rows.
 */
export class Journal {
  private readonly store: JournalStore;
  private readonly clock: () => number;
  /** Where reads go: the store, or the replica for the view onReplica() gives. */
  private readonly reads: JournalStore;
  private readonly scope: StoreScope;
  private readonly shared: Shared;
  private readonly acceptWindow: AcceptWindow | undefined;

  constructor(options: JournalOptions, view?: { reads: JournalStore; scope: StoreScope; shared: Shared }) {
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
    this.options = options;
    this.reads = view?.reads ?? options.store;
    this.scope = view?.scope;
    this.shared = view?.shared ?? { ownStore: undefined, saleJobs: new SaleJobs(options.store.info.commitsInOrder), checked: new CheckedEvents(), notUndone: new WeakSet() };
    this.acceptWindow = options.acceptWindow;
    stores.set(this, options.store);
  }

  private readonly options: JournalOptions;

  /**
   * A view that reads only the sales, audit and chains of `stores` (head office: a user
   * limited to some shops; undefined for every store). Writes are the journal's own. A view
   * is closed by closing the journal it came from.
   */
  within(stores: StoreScope): Journal {
    return new Journal(this.options, { reads: this.reads, scope: narrowed(this.scope, stores), shared: this.shared });
  }

  /**
   * The view narrowed to the stores a request names (`--store`, `store=`): a store outside
   * this view's is refused (STORE_NOT_PERMITTED), never quietly dropped.
   */
  atStores(stores: StoreScope): Journal {
    this.checkAsked(stores);
    return this.within(stores);
  }

  private checkAsked(asked: StoreScope): void {
    const scope = this.scope;
    if (scope === undefined || asked === undefined) return;
    const outside = asked.filter((s) => !scope.includes(s));
    if (outside.length === 0) return;
    throw new ReissueError('forbidden', 'STORE_NOT_PERMITTED', `you may not see store ${outside.join(', ')}: you see ${scope.join(', ')} only`, {
      hint: `leave the store out (you see ${scope.join(', ')}), or ask an admin to add the store to your user`,
      context: { stores: outside, allowed: scope },
    });
  }

  /**
   * The stores a read covers: this view's, narrowed to `asked` (refused outside it); the
   * journal's own store id also names its own rows (kept under '').
   */
  private async readScope(asked: StoreScope): Promise<StoreScope> {
    this.checkAsked(asked);
    const stores = narrowed(this.scope, asked);
    if (stores === undefined || stores.includes('')) return stores;
    const own = await this.storeIdentity();
    return own !== undefined && stores.includes(own) ? [...stores, ''] : stores;
  }

  /** A view whose searches, sales and audit are read from the read replica, when there is one (else this journal). */
  onReplica(): Journal {
    const replica = this.options.replica;
    return replica ? new Journal(this.options, { reads: replica, scope: this.scope, shared: this.shared }) : this;
  }

  /**
   * How far this view's read replica is behind the primary, in bytes of write-ahead log
   * (0: it has replayed everything the primary had written when asked); undefined when this
   * view reads the primary. Searches on a replica that is behind may miss what came last.
   */
  async replicaLag(): Promise<{ bytes: number } | undefined> {
    if (this.reads === this.store || !this.reads.walPosition || !this.store.walPosition) return undefined;
    // The replica first: a write between the two reads then counts as lag (said too soon, never missed).
    const replayed = await this.reads.walPosition();
    const written = await this.store.walPosition();
    return { bytes: Number(written.bytes > replayed.bytes ? written.bytes - replayed.bytes : 0n) };
  }

  /**
   * Packs the indexes of months that are over, once each (PostgreSQL splits its tables by
   * month; see CompactOptions); undefined where the engine needs none of it (SQLite).
   */
  async compactMonths(options: CompactOptions): Promise<CompactReport | undefined> {
    return this.store.compactMonths?.(options);
  }

  /**
   * Whether this view reads the journal's own rows (its own sales, captures and print jobs):
   * yes unless it is limited to stores that are not this journal's (head office: a user
   * limited to some shops does not see head office's own).
   */
  async seesOwn(): Promise<boolean> {
    const scope = await this.readScope(undefined);
    return scope === undefined || scope.includes('');
  }

  /** The stores this view reads (undefined: every store in the database). */
  get stores(): StoreScope {
    return this.scope;
  }

  /** Which engine holds the journal, and where (no password). */
  get info(): StoreInfo {
    return this.store.info;
  }

  /** Whether the journal can take a write now (room on its disk), found without writing to it. */
  writable(): Promise<WriteCheck> {
    return this.store.writeCheck();
  }

  /** Records one transaction (raw input, validated here). */
  async record(input: unknown, options: RecordOptions = {}): Promise<RecordOutcome> {
    const [outcome] = await this.recordMany([input], options);
    if (!outcome) throw new Error('recordMany returned nothing for one input');
    return outcome;
  }

  /**
   * Records many transactions atomically: every input is validated first, and any refusal —
   * bad input, unknown original, conflict — leaves the journal exactly as it was.
   */
  async recordMany(inputs: readonly unknown[], options: RecordOptions = {}): Promise<RecordOutcome[]> {
    return this.recordPrepared(prepareBatch(inputs), options);
  }

  /**
   * Refuses (ValidationError on occurredAt) a sale whose time lies outside the accepted
   * window around the clock, so a caller writing many batches can check them all first.
   * `lines` says where each item sits in the whole input, for the message (see RecordPreparedOptions).
   */
  checkSaleTimes(items: readonly PreparedTransaction[], lines?: readonly number[]): void {
    if (this.acceptWindow) checkAcceptWindow(items, this.clock(), this.acceptWindow, lines);
  }

  /**
   * Writes one prepared batch atomically, as recordMany does after validating it. A refused
   * batch throws its refusal and writes nothing.
   */
  async recordPrepared(batch: PreparedBatch, options: RecordPreparedOptions = {}): Promise<RecordOutcome[]> {
    if (!batch.ok) throw batch.error;
    const items = batch.items;
    this.checkSaleTimes(items, options.lines);
    // Encoded once for the batch: canonical JSON of {user, via}, keys in sorted order.
    const recordedBy = options.recordedBy ? `"recordedBy":${JSON.stringify({ user: options.recordedBy.user, via: options.recordedBy.via })},` : '';
    return this.store.write(async (writer) => {
      const outcomes: RecordOutcome[] = [];
      const heads = await this.lockChains(writer, items);
      const appender = new SaleAppender(writer);
      await appender.lookUp(items);
      for (let i = 0; i < items.length; i++) {
        const p = items[i] as PreparedTransaction;
        // A void or refund reads the journal for its sale, which may be earlier in this batch.
        if (p.original) await appender.flush();
        try {
          outcomes.push(await this.recordOne(writer, p, heads, recordedBy, appender));
        } catch (error) {
          const line = options.lines ? options.lines[i] : items.length > 1 ? i + 1 : undefined;
          if (error instanceof ReissueError && line !== undefined) {
            error.context.line = line;
            error.context.inBatch = true;
            (error as { message: string }).message = `line ${line}: ${error.message}; nothing in this batch was recorded`;
          }
          throw error;
        }
      }
      await appender.flush();
      return outcomes;
    });
  }

  /**
   * Takes the chain locks of a batch's terminals and reads their heads, in a few round trips
   * and in one order (sorted), so two batches that share terminals cannot deadlock.
   */
  private async lockChains(writer: StoreWriter, items: readonly PreparedTransaction[]): Promise<ChainHeads> {
    const terminals = [...new Set(items.map((p) => p.terminalId))].sort();
    const tips = await writer.chainTips(terminals.map((terminalId) => ({ storeId: '', terminalId })));
    return new Map(terminals.map((terminalId, i) => [terminalId, tips[i]]));
  }

  /**
   * Records a stream of batches, each atomically and in order, as recordMany would one after
   * the other — while batch n is written, the next ones are validated and encoded by the
   * preparer (on another thread with the worker preparer). The first refused batch throws
   * its error (the one recordMany would throw) after the batches before it were committed;
   * nothing of it or after it is written.
   */
  async recordBatches(
    batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
    options: RecordBatchesOptions = {},
  ): Promise<RecordBatchesSummary> {
    const preparer = options.preparer ?? inProcessPreparer;
    const ahead = Math.max(1, Math.floor(options.lookahead ?? 2));
    const source: AsyncIterator<readonly unknown[]> | Iterator<readonly unknown[]> =
      Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : (batches as Iterable<readonly unknown[]>)[Symbol.iterator]();
    const queue: Promise<Settled>[] = [];
    let exhausted = false;
    // Hands the preparer batches until `ahead` are in flight. A source that throws is reported
    // in its turn, after the batches it gave before were written.
    const fill = async () => {
      while (!exhausted && queue.length < ahead) {
        let next: IteratorResult<readonly unknown[]>;
        try {
          next = await source.next();
        } catch (fault) {
          exhausted = true;
          queue.push(Promise.resolve({ fault }));
          return;
        }
        if (next.done) {
          exhausted = true;
          return;
        }
        let prepared: Promise<PreparedBatch>;
        try {
          prepared = preparer.prepare(next.value);
        } catch (fault) {
          prepared = Promise.reject(fault);
        }
        queue.push(prepared.then((batch) => ({ batch }), (fault: unknown) => ({ fault })));
      }
    };
    const summary: RecordBatchesSummary = { batches: 0, transactions: 0, created: 0 };
    try {
      await fill();
      for (let head = queue.shift(); head; head = queue.shift()) {
        const settled = await head;
        if ('fault' in settled) throw settled.fault;
        await fill();
        const outcomes = await this.recordPrepared(settled.batch, options);
        summary.batches++;
        summary.transactions += outcomes.length;
        for (const o of outcomes) if (o.created) summary.created++;
        options.onBatch?.(outcomes, summary.batches - 1);
      }
    } finally {
      if (!exhausted) await source.return?.();
    }
    return summary;
  }

  /**
   * One sale of a batch whose chain locks are held (lockChains): where no unique constraint
   * spans the whole table (a PostgreSQL journal split by month), they are what keeps two
   * writers of one sale apart, so the look-up done before still holds.
   */
  private async recordOne(writer: StoreWriter, p: PreparedTransaction, heads: ChainHeads, recordedBy: string, appender: SaleAppender): Promise<RecordOutcome> {
    const id = p.id;
    const existing = appender.contentHashOf(id);
    if (existing !== undefined) {
      if (existing === p.contentHash) return { id, created: false, terminalId: p.terminalId };
      throw new ConflictError('IDEMPOTENCY_CONFLICT', `${id} is already on record with different content`, {
        hint: 'terminal + batch + voucher identify one sale; send the original content again or use a new voucher no.',
        context: { id },
      });
    }
    const original = await this.resolveOriginal(writer, p);
    // Canonical form of TransactionRecordedPayload: keys in sorted order id, originalId, recordedBy, transaction.
    const payload = `{"id":${JSON.stringify(id)},${original ? `"originalId":${JSON.stringify(original.id)},` : ''}${recordedBy}"transaction":${p.text}}`;
    const event = this.chainedEvent(p.terminalId, EventTypes.transactionRecorded, payload, heads.get(p.terminalId));
    // The payload ends with the sale's text and a brace, whose packed form was made with the sale (on the preparer's thread):
    // used only if made from this very text (a copy of the sale with other text keeps a tail that is not its own).
    if (p.packedTail?.from === p.text) event.packedTail = p.packedTail;
    heads.set(p.terminalId, event);
    appender.add(event, p, original?.id ?? null);
    return { id, created: true, terminalId: p.terminalId, seq: event.seq };
  }

  /**
   * Runs reads, decisions and appends as one serialised write: all of it is committed, or
   * nothing (a throw rolls it back). The work may run again after a transient conflict
   * (PostgreSQL), so it must have no effect outside the writer.
   */
  async write<T>(work: (writer: JournalWriter) => Promise<T>): Promise<T> {
    let staged: StagedFolds = new Map();
    const result = await this.store.write((writer) => {
      // Each chain's head is read once a write (a job's queued and sending events go to one chain); a rerun starts afresh.
      const heads: ChainHeads = new Map();
      staged = new Map();
      // A sale found once in a write is the same row for the rest of it (index rows never change); one not found is asked again, as the write may record it,
      // and one read without its content hash is read again when the hash is asked for.
      const found = new Map<string, TransactionRow>();
      const transactionById = async (id: string, withHash = true) => {
        const kept = found.get(id);
        if (kept && (!withHash || kept.contentHash !== '')) return kept;
        const row = await writer.transactionById(id, withHash);
        if (row) found.set(id, row);
        return row;
      };
      return work({
        ...writer,
        transactionById,
        append: (chain, type, payload) => this.appendEvent(writer, chain, type, payload, heads),
        checkRecord: (sale) => recheckInWrite({ ...writer, transactionById }, sale, this.shared.checked),
        saleToPrint: async (id) => {
          // Not read here, nor once this write is over: a read in here would wait for a connection of the pool that other
          // writes, held behind this one's locks, may all have taken (PostgreSQL), and one after the commit could fail and
          // make the committed write look failed, its job journaled as sending and sent by no one.
          const own = this.knownStoreIdentity();
          if (this.scope !== undefined || !own) return undefined;
          // Its chain and event id (the row jobOwner read for the job, kept for this write), then the event and its neighbours in one statement.
          const row = await transactionById(id, false);
          if (!row || row.id !== id) return undefined;
          const { events: slice, stores } = await writer.saleAround(id, row.terminalId, row.eventId);
          const event = slice.find((e) => e.id === row.eventId);
          // On record in other stores too: get() names them (SALE_IN_SEVERAL_STORES).
          if (stores !== 1) return undefined;
          if (!event || (await recordFault({ chainSlice: async () => slice }, { row, event }, this.shared.checked))) return undefined;
          return toJournaled({ row, event }, own.id);
        },
        // A sale's jobs as its hash-chained events tell them: copy numbers and outcomes are
        // decided from these, so a job row changed behind Reissue's back decides nothing.
        jobsOfTransaction: (transactionId) => this.shared.saleJobs.read(writer, transactionId, staged),
      });
    });
    this.shared.saleJobs.committed(staged);
    return result;
  }

  /** Appends one event to a chain in a write of its own. */
  append(chain: string, type: string, payload: unknown): Promise<EventRow> {
    return this.write((writer) => writer.append(chain, type, payload));
  }

  /** Journals who did what in the audit chain: reprints, refusals, approvals, user changes, sign-ins. */
  async appendAudit(type: string, payload: unknown): Promise<void> {
    await this.append(AUDIT_CHAIN, type, payload);
  }

  /**
   * The audit chain newest first, filtered by time, user (as actor, approver or subject) and
   * type. At head office it is every shop's audit chain in this view's stores (each entry
   * names its store) beside head office's own, or those of `filter.stores`.
   */
  async auditTrail(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const scope = await this.readScope(filter.stores);
    const own = scope === undefined || scope.includes('') ? await this.reads.eventsOf(AUDIT_CHAIN, { limit: AUDIT_SCAN }) : [];
    const shops = scope === undefined || scope.some((s) => s !== '') ? await this.reads.eventsOf(AUDIT_CHAIN, { limit: AUDIT_SCAN, stores: scope ?? 'shops' }) : [];
    if (shops.length === 0) return auditEntries(own, filter);
    const merged = [...own, ...shops].sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : b.id - a.id));
    return auditEntries(merged, filter);
  }

  /** Events of one chain, newest first, optionally of some types only. */
  eventsOf(chain: string, options: { types?: readonly string[]; limit: number }): Promise<EventRow[]> {
    return this.store.eventsOf(chain, options);
  }

  async job(id: number): Promise<PrintJobRow | undefined> {
    return this.store.getJob(id);
  }

  /** A sale's print jobs as its events tell them (see JournalWriter.jobsOfTransaction), oldest first. */
  async jobsOfSale(transactionId: string): Promise<PrintJobRow[]> {
    return jobsFromEvents(await this.store.printEvents({ transactionId }), await this.store.listJobs({ transactionId, order: 'oldest' }));
  }

  /**
   * Before a job is rendered or its print vouched for: its row must be what its events say it
   * prints (sale, kind, copy, options …), and each event must match its chain; IntegrityError
   * JOB_ALTERED otherwise, journaled as integrity.alert. Gives back the job's events it checked,
   * in chain order: what they say beyond the row (the mark a duplicate was sent with) is read
   * from these.
   */
  async checkJob(job: PrintJobRow): Promise<EventRow[]> {
    const events = await this.store.printEvents({ jobId: job.id });
    const fault = await jobFault(this.store, job, events, this.shared.checked);
    if (fault === undefined) return events;
    await this.alert(`job:${job.id}`, { jobId: job.id, ...(job.transactionId ? { saleId: job.transactionId } : {}), problem: 'job-altered', detail: fault });
    throw new IntegrityError('JOB_ALTERED', `${fault}; it is not printed`, {
      hint: 'run `reissue verify`, find out who changed the database, and reprint the sale if still wanted',
      context: { jobId: job.id, saleId: job.transactionId, detail: fault },
    });
  }

  /**
   * Journals an integrity.alert in the audit chain once per damaged event or job (`subject`):
   * a refused print asked for again adds nothing. Only this journal's own alerts count: at head
   * office a shop's pushed audit chain holds alerts of its own, whose subjects (its terminals,
   * its job numbers, or anything it chose to write) say nothing of what head office journaled.
   * A journal that cannot be written (read-only, disk full) still refuses; only the alert is lost.
   */
  private async alert(subject: string, facts: Record<string, unknown>): Promise<void> {
    try {
      await this.write(async (writer) => {
        const seen = (await writer.integrityAlerts()).some((e) => {
          try {
            return (JSON.parse(e.payload) as { subject?: unknown }).subject === subject;
          } catch {
            return false;
          }
        });
        if (!seen) await writer.append(AUDIT_CHAIN, EventTypes.integrityAlert, { subject, ...facts, at: new Date(this.clock()).toISOString() });
      });
    } catch {
      // The refusal is what matters; the caller throws it whether or not the alert was written.
    }
  }

  /** `storeId`: the store whose record it is ('' the journal's own). */
  private async refuseAltered(id: string, storeId: string, fault: RecordFault): Promise<never> {
    // At head office shops may use head office's terminal numbers, and each other's: a shop's
    // event is named with its store, or it would pass for head office's at the same place.
    const event = `event:${fault.terminalId}:${fault.seq}`;
    const subject = storeId === '' ? event : `store:${storeId}:${event}`;
    await this.alert(subject, { saleId: id, ...(storeId === '' ? {} : { storeId }), terminalId: fault.terminalId, seq: fault.seq, problem: fault.problem, detail: fault.detail });
    throw recordAltered(id, fault);
  }

  jobs(filter: JobFilter): Promise<PrintJobRow[]> {
    return this.store.listJobs(filter);
  }

  /** Millimetres of paper a printer printed since a time (epoch ms). */
  paperUsed(printer: string, since: number): Promise<number> {
    return this.store.paperUsed(printer, since);
  }

  /** Events and index rows: all of them, or one shop's at head office. */
  counts(storeId?: string): Promise<{ events: number; transactions: number }> {
    return this.store.counts(storeId);
  }

  /** A journal setting (time zone, currency, keys …). */
  meta(key: string): Promise<string | undefined> {
    return this.store.getMeta(key);
  }

  setMeta(key: string, value: string): Promise<void> {
    return this.store.setMeta(key, value);
  }

  /**
   * The settings a copy of this journal takes with it (time zone, currency, the key receipt
   * codes and e-receipt links are signed with, the links withdrawn): what a backup carries,
   * and what a shop seals for head office to keep (sync).
   */
  carriedSettings(): Promise<[string, string][]> {
    return carriedSettings(this.store);
  }

  /** Puts carried settings into this journal (`overwrite`: also over its own), each checked first (BACKUP_CONTENT_REFUSED, none written). Returns the keys written. */
  takeSettings(entries: readonly (readonly [string, string])[], overwrite = false): Promise<string[]> {
    return takeSettings(this.store, entries, overwrite);
  }

  /** Carried settings checked as takeSettings checks them, before anything is written (a sale id whose digits read as a card number is taken as named by `hasSale`). */
  checkCarriedSettings(entries: readonly (readonly [string, string])[], hasSale: (saleId: string) => Promise<boolean>): Promise<void> {
    return checkCarriedSettings(entries, hasSale);
  }

  /** A setting made once: `make()` is stored when there is none yet; of two processes racing, both get the first one stored. */
  async metaOnce(key: string, make: () => string): Promise<string> {
    return (await this.store.getMeta(key)) ?? this.store.initMeta(key, make());
  }

  /**
   * Recomputes every chain (or one shop's, at head office) and checks the search index and
   * job table; `options.expected`: heads saved earlier that must still be there (see verifyJournal).
   */
  verify(onProgress?: VerifyProgress, options?: VerifyOptions): Promise<VerifyReport> {
    return verifyJournal(this.store, onProgress, options);
  }

  /**
   * The shop this journal belongs to, from its hashed `store.identified` event; undefined
   * until it is set (`reissue init --store`, `reissue store set-id`).
   */
  async storeIdentity(): Promise<string | undefined> {
    const known = this.knownStoreIdentity();
    if (known) return known.id;
    const { shared } = this;
    const monotonic = this.options.monotonicMs ?? (() => performance.now());
    const [event] = await this.store.eventsOf(STORE_CHAIN, { types: [StoreEventTypes.identified], limit: 1 });
    const id = event ? (JSON.parse(event.payload) as StoreIdentifiedPayload).storeId : undefined;
    shared.ownStore = id;
    shared.unsetAt = id === undefined ? monotonic() : undefined;
    return id;
  }

  /** Whether a sale found here is this journal's own: at head office, not a shop's. */
  async isOwn(item: Pick<JournaledTransaction, 'storeId'>): Promise<boolean> {
    return item.storeId === ((await this.storeIdentity()) ?? '');
  }

  /**
   * Whether this is the newest receipt of its chain — a terminal's sales, a tap's captures —
   * in the journal's own order, not by the time printed on it: a till whose clock was set back
   * must not make the customer before "the last receipt".
   */
  async isNewestOfChain(item: JournaledTransaction | JournaledCapture): Promise<boolean> {
    // A capture is read from this journal's own chains (getCapture); a sale may be a shop's at head office.
    const [newest] =
      'capture' in item
        ? await this.reads.eventsOf(item.chain, { types: [EventTypes.captureRecorded], limit: 1 })
        : await this.reads.eventsOf(item.transaction.terminalId, { types: [EventTypes.transactionRecorded], limit: 1, ...((await this.isOwn(item)) ? {} : { stores: [item.storeId] }) });
    return newest?.id === item.eventId;
  }

  /**
   * Refuses a sale that is not this journal's own, the only kind it prints: at head office a
   * shop's sale is printed in its shop (a print job names no store). PRINTED_IN_ITS_SHOP names
   * the shop, where the spooler would have answered as if the sale were not on record.
   */
  async refuseOtherShops(item: Pick<JournaledTransaction, 'id' | 'storeId'>): Promise<void> {
    if (await this.isOwn(item)) return;
    throw new ConflictError('PRINTED_IN_ITS_SHOP', `${item.id} is a sale of store ${item.storeId}: head office prints its own sales only`, {
      hint: 'reprint it in its shop, or send the customer an e-receipt from here',
      context: { id: item.id, storeId: item.storeId },
    });
  }

  /** Whether storeIdentity() would answer without reading the journal. */
  get storeIdentityKnown(): boolean {
    return this.knownStoreIdentity() !== undefined;
  }

  /** What storeIdentity() answers now without reading the journal; undefined when it would read it. */
  private knownStoreIdentity(): { id: string | undefined } | undefined {
    const { shared } = this;
    if (shared.ownStore !== undefined) return { id: shared.ownStore };
    const monotonic = this.options.monotonicMs ?? (() => performance.now());
    return shared.unsetAt !== undefined && monotonic() - shared.unsetAt < STORE_ID_RECHECK_MS ? { id: undefined } : undefined;
  }

  /**
   * Sets the shop this journal belongs to, once, as a hashed event. Setting the same id again
   * changes nothing; another id is refused (STORE_ID_ALREADY_SET): head office files every
   * event of this journal under it.
   */
  async identifyStore(text: string): Promise<{ storeId: string; created: boolean }> {
    const storeId = parseStoreId(text);
    const result = await this.write(async (writer) => {
      const last = await writer.lastEvent(STORE_CHAIN);
      const [current] = last ? await writer.chainRange('', STORE_CHAIN, last.seq, last.seq) : [];
      const held = current ? (JSON.parse(current.payload) as StoreIdentifiedPayload).storeId : undefined;
      if (held === storeId) return { storeId, created: false };
      if (held !== undefined) {
        throw new ConflictError('STORE_ID_ALREADY_SET', `this journal belongs to store ${held}; its store id is set once and cannot change to ${storeId}`, {
          hint: 'a journal keeps its store id for good (head office files its events under it); start a new journal for another store',
          context: { storeId: held, asked: storeId },
        });
      }
      const payload: StoreIdentifiedPayload = { storeId, at: new Date(this.clock()).toISOString() };
      await writer.append(STORE_CHAIN, StoreEventTypes.identified, payload);
      return { storeId, created: true };
    });
    this.shared.ownStore = storeId;
    return result;
  }

  /**
   * Head office: stores a batch of one shop's chain as the shop sent it, after checking that
   * it links to the head held here and that every hash recomputes (see replicate). A refusal
   * (ChainRefusedError) names the chain and the position; nothing of the batch is stored.
   */
  replicate(storeId: string, chain: string, events: readonly ReplicaEvent[]): Promise<ReplicateResult> {
    // Batches of many shops arriving together are stored in one write (group commit), each answered on its own.
    const { cardInCaptureBytes: cardInCapture, captureBytesCheck: captureCheck } = this.options;
    // A shop's times are taken only around this clock: each month one names becomes a table of its own here (replicaWindow).
    const window = replicaWindow(this.acceptWindow ?? DEFAULT_ACCEPT_WINDOW);
    const times = () => ({ now: this.clock(), window });
    this.shared.replicas ??= new ReplicaQueue(this.store, { times, ...(cardInCapture ? { cardInCapture } : {}), ...(captureCheck ? { captureCheck } : {}) });
    return this.shared.replicas.replicate(storeId, chain, events);
  }

  /**
   * A shop rebuilt from head office: events of one of its chains, taken into this journal's
   * own chains with the same checks head office made (links, hashes, content, `storeId`'s
   * identity). Nothing of a refused batch is stored.
   */
  restoreChain(storeId: string, chain: string, events: readonly ReplicaEvent[]): Promise<ReplicateResult> {
    return this.store.write((writer) => replicate(writer, '', chain, events, storeId, this.options.cardInCaptureBytes));
  }

  /** The head of every chain of a store ('' for the journal's own), by chain name. */
  chainHeads(storeId = ''): Promise<EventRow[]> {
    return this.reads.heads(storeId);
  }

  /** Events of one chain of a store after `afterSeq`, in order, at most `limit`. */
  eventsAfter(storeId: string, chain: string, afterSeq: number, limit: number): Promise<EventRow[]> {
    return this.reads.eventsAfter(storeId, chain, afterSeq, limit);
  }

  /** Each chain's head (last event) and length, as they stand now: the anchor a report prints. */
  async heads(): Promise<ChainHead[]> {
    return this.store.chainHeads();
  }

  /**
   * The heads a report of this view anchors: the journal's own chains when the view covers
   * them, and every chain of each of `shops` it may see (head office: the shops in the
   * report), each named by its store. A shop outside the view is left out, never read.
   */
  async reportHeads(shops: readonly string[]): Promise<ChainHead[]> {
    const scope = await this.readScope(undefined);
    const own = await this.storeIdentity();
    const out: ChainHead[] = (await this.seesOwn()) ? await this.heads() : [];
    for (const shop of [...new Set(shops)].sort()) {
      if (shop === '' || shop === own || (scope !== undefined && !scope.includes(shop))) continue;
      for (const head of await this.store.heads(shop)) out.push({ storeId: shop, terminalId: head.terminalId, seq: head.seq, hash: head.hash });
    }
    return out;
  }

  /** Appends one event to a terminal's chain inside a store write (the journal contract uses it; code above the journal uses write()). */
  async appendEvent(writer: StoreWriter, terminalId: string, type: string, payload: unknown, heads: ChainHeads = new Map()): Promise<EventRow> {
    // Belt and braces: what reaches here passed the input gates, but no card number may enter
    // the append-only journal by any path, so one in a text that got through is masked, not
    // kept. Numbers here are Reissue's own (times, job ids, counts) and are left as they are.
    return this.appendEncodedEvent(writer, terminalId, type, canonicalJson(maskCardNumbersIn(payload, { numbers: false })), heads);
  }

  /** The head of one of the journal's own chains, read (and locked) once per write. */
  private async head(writer: StoreWriter, terminalId: string, heads: ChainHeads): Promise<Pick<EventRow, 'seq' | 'hash'> | undefined> {
    if (heads.has(terminalId)) return heads.get(terminalId);
    const last = await writer.lastEvent(terminalId);
    heads.set(terminalId, last);
    return last;
  }

  /** `heads` remembers each chain's head within one write, so a batch reads it once per terminal. */
  private async appendEncodedEvent(writer: StoreWriter, terminalId: string, type: string, payload: string, heads: ChainHeads): Promise<EventRow> {
    const row = this.chainedEvent(terminalId, type, payload, await this.head(writer, terminalId, heads));
    const id = await writer.insertEvent(row);
    heads.set(terminalId, row);
    return { ...row, id };
  }

  /** The event that extends a chain from its head `last`, hashed. */
  private chainedEvent(terminalId: string, type: string, payload: string, last: ChainTip | undefined): NewEventRow {
    const row: NewEventRow = {
      storeId: '',
      terminalId,
      seq: (last?.seq ?? 0) + 1,
      type,
      recordedAt: this.recordedAt(),
      payload,
      prevHash: last?.hash ?? GENESIS_HASH,
      hash: '',
    };
    row.hash = eventHash(row);
    return row;
  }

  private lastClock = Number.NaN;
  private lastRecordedAt = '';

  /** The clock as ISO 8601 UTC; a batch records many events within one millisecond, and formats it once. */
  private recordedAt(): string {
    const now = this.clock();
    if (now !== this.lastClock) {
      this.lastRecordedAt = new Date(now).toISOString();
      this.lastClock = now;
    }
    return this.lastRecordedAt;
  }

  /** Voids and refunds must point at a sale on record that is still open to them. */
  private async resolveOriginal(writer: StoreWriter, tx: PreparedTransaction): Promise<TransactionRow | undefined> {
    const named = tx.original;
    if (!named) return undefined;
    const { voucherNo, referenceNo } = named;
    let original: TransactionRow | undefined;
    if (voucherNo) {
      // Its content hash is not needed here: on PostgreSQL reading it is a look-up in every month's events.
      original = await writer.transactionById(transactionId({ terminalId: tx.terminalId, batchNo: named.batchNo ?? tx.batchNo, voucherNo }), false);
    } else if (referenceNo) {
      // Reference numbers are unique per acquirer, not worldwide: only this merchant's sales count.
      // A refund comes after its sale; a day's leeway covers tills whose clocks disagree.
      const matches = await writer.transactionsByReference(referenceNo, tx.merchantId, tx.occurredAt + DAY_MS);
      original = matches.find((m) => m.terminalId === tx.terminalId) ?? matches[0];
    }
    const which = voucherNo ? `voucher ${voucherNo}${named.batchNo ? ` in batch ${named.batchNo}` : ''}` : `reference ${referenceNo}`;
    if (!original || !['sale', 'auth', 'auth-complete'].includes(original.kind)) {
      throw new InputError('ORIGINAL_NOT_FOUND', `the ${tx.kind} names ${which}, which is not a sale on record for terminal ${tx.terminalId}`, {
        hint: 'record the original sale first, or correct original.voucherNo / original.batchNo / original.referenceNo',
        context: { original: named, kind: tx.kind, terminalId: tx.terminalId, voucherNo, batchNo: named.batchNo, referenceNo, rule: voucherNo ? 'voucher' : 'reference' },
      });
    }
    if (tx.kind === 'auth-complete') {
      if (original.kind !== 'auth') throw new InputError('ORIGINAL_NOT_AUTH', `${original.id} is a ${original.kind}, not a pre-authorisation`, { hint: 'an auth-complete names the auth it completes', context: { id: original.id, originalKind: original.kind } });
      return original;
    }
    if (original.kind !== 'sale' && original.kind !== 'auth-complete') {
      throw new InputError('ORIGINAL_NOT_SALE', `${original.id} is a ${original.kind}; only a sale can be voided or refunded`, { hint: 'name the original sale', context: { id: original.id, originalKind: original.kind } });
    }
    const dependents = await writer.dependents(original.id);
    if (dependents.some((d) => d.kind === 'void')) {
      throw new ConflictError('ALREADY_VOIDED', `${original.id} was already voided`, { hint: 'a voided sale cannot be voided or refunded again', context: { id: original.id } });
    }
    const amount = tx.amountMinor;
    if (tx.currency !== original.currency) {
      throw new InputError('CURRENCY_MISMATCH', `the ${tx.kind} is in ${tx.currency} but ${original.id} is in ${original.currency}`, { hint: 'use the currency of the original sale', context: { rule: 'original', kind: tx.kind, currency: tx.currency, id: original.id, other: original.currency } });
    }
    if (tx.kind === 'void') {
      if (tx.terminalId !== original.terminalId) throw new InputError('VOID_OTHER_TERMINAL', `${original.id} belongs to another terminal`, { hint: 'void a sale on the terminal that took it, or refund it instead', context: { id: original.id, terminalId: original.terminalId } });
      if (dependents.length > 0) throw new ConflictError('ALREADY_REFUNDED', `${original.id} was already (partly) refunded and cannot be voided`, { hint: 'refund the rest instead', context: { id: original.id } });
      if (amount !== original.amountMinor) throw new InputError('VOID_AMOUNT_MISMATCH', `a void must be for the full amount of ${original.id}`, { hint: 'send the amount of the original sale, or use a refund for part of it', context: { id: original.id } });
    } else {
      const refunded = dependents.filter((d) => d.kind === 'refund').reduce((sum, d) => sum + d.amountMinor, 0);
      if (refunded + amount > original.amountMinor) {
        throw new ConflictError('REFUND_EXCEEDS_SALE', `refunds of ${original.id} would exceed the sale amount`, { hint: 'refund at most what is left of the sale', context: { id: original.id } });
      }
    }
    return original;
  }

  /**
   * A journaled transaction by id in this view's stores, checked against its chain first — its
   * hash recomputed from its content, its links to the events before and after it, its
   * search-index row (see record-check.ts) — since whatever asks for it renders, prints or
   * vouches for it. NotFoundError names the id; IntegrityError RECORD_ALTERED refuses a
   * record that does not match (journaled as integrity.alert). At head office two shops may
   * have used the same terminal, batch and voucher numbers: then the store must be named
   * (SALE_IN_SEVERAL_STORES).
   */
  async get(id: string): Promise<JournaledTransaction> {
    parseTransactionId(id);
    const scope = await this.readScope(undefined);
    let found = await this.reads.transactionsById(id.trim(), scope);
    // A replica lags the primary: a sale pushed a moment ago may not be there yet, and a
    // receipt asked for by its id is one someone knows exists, so the primary is asked too.
    if (found.length === 0 && this.reads !== this.store) found = await this.store.transactionsById(id.trim(), scope);
    const [first, second] = found;
    if (!first) {
      // A card number typed in a sale id's shape: refused as one, for the not-found message would quote it (and a refusal is journaled with its message).
      if (saleIdHidingCardNumber(id.trim()) !== undefined) throw saleIdNamesNoSale('id');
      throw new NotFoundError('TRANSACTION_NOT_FOUND', `no transaction ${id} on record`, { hint: 'look it up with `reissue find` (by time and amount, voucher, reference or card last-4)', context: { id } });
    }
    // One store's sale found twice: its event or index row was copied behind Reissue's back (a journal split by month keeps keys unique within a month only).
    for (const [i, f] of found.entries()) {
      const earlier = found.find((o) => o.row.storeId === f.row.storeId);
      if (earlier && earlier !== found[i]) await this.refuseAltered(f.row.id, f.row.storeId, foundTwice(earlier, f));
    }
    if (second) {
      const stores = (await this.holdersOf(id)).map((h) => h.storeId);
      throw new ConflictError('SALE_IN_SEVERAL_STORES', `${id} is on record in stores ${stores.map((s) => s || '(head office)').join(', ')}`, {
        hint: 'name the store: --store ID, or store=ID in the request',
        context: { id, stores },
      });
    }
    const fault = await recordFault(this.store, first, this.shared.checked);
    if (fault) await this.refuseAltered(first.row.id, first.row.storeId, fault);
    return this.journaled(first);
  }

  /**
   * Every store of this view that holds a sale under `id` ('' the journal's own; at head office
   * several shops may use the same terminal, batch and voucher numbers), or the captured receipt
   * of that id, with the hash its chain gave it, at most 1,000. Not checked against the chain:
   * whatever shows or vouches for one reads it with get() or getCapture() within its store.
   */
  async holdersOf(id: string): Promise<{ storeId: string; hash: string }[]> {
    if (isCaptureId(id.trim())) {
      const found = await this.reads.getCapture(id.trim(), await this.readScope(undefined));
      return found ? [{ storeId: found.row.storeId, hash: found.event.hash }] : [];
    }
    parseTransactionId(id);
    const rows = await this.reads.transactionsById(id.trim(), await this.readScope(undefined), 1000);
    return rows.map(({ row, event }) => ({ storeId: row.storeId, hash: event.hash }));
  }

  /**
   * Whether a sale of this id is on record in the stores this journal reads (the primary asked
   * too when a replica lags, as get() does). Not checked against the chain: it only tells a
   * sale id from a card number typed in a sale id's shape.
   */
  async namesSale(id: string): Promise<boolean> {
    parseTransactionId(id);
    const scope = await this.readScope(undefined);
    if ((await this.reads.transactionsById(id.trim(), scope, 1)).length > 0) return true;
    return this.reads !== this.store && (await this.store.transactionsById(id.trim(), scope, 1)).length > 0;
  }

  async find(query: SearchQuery): Promise<SearchPage> {
    return this.foundPage(query, false);
  }

  /**
   * find, each sale checked against its chain first as get() checks one (RECORD_ALTERED,
   * journaled as integrity.alert): for what adds sales up and prints them — the day's list
   * and totals — where an edited amount would otherwise pass unseen.
   */
  async findChecked(query: SearchQuery): Promise<SearchPage> {
    return this.foundPage(query, true);
  }

  private async foundPage(query: SearchQuery, check: boolean): Promise<SearchPage> {
    const checked = checkSearchQuery(query);
    const storeIds = await this.readScope(checked.storeIds);
    const rows = await this.reads.search({ ...checked, ...(storeIds === undefined ? {} : { storeIds }), limit: checked.limit + 1 });
    const page = rows.slice(0, checked.limit);
    if (check) {
      for (const r of page) {
        const fault = await this.foundFault(r);
        if (fault) await this.refuseAltered(r.row.id, r.row.storeId, fault);
      }
    }
    const own = rows.some((r) => r.row.storeId === '') ? await this.storeIdentity() : undefined;
    const items = page.map((r) => {
      const item = toJournaled(r, own);
      if (!r.undone) this.shared.notUndone.add(item);
      return item;
    });
    const last = rows.length > checked.limit ? rows[checked.limit - 1] : undefined;
    return { items, next: last ? encodeCursor({ occurredAt: last.row.occurredAt, eventId: last.row.eventId }) : undefined };
  }

  /**
   * What is wrong with a found sale's event and its links, if anything. A search reads the
   * event's content only (its figures are the event's, not the index row's): the whole event
   * is read from its chain, and must be the one found.
   */
  private async foundFault({ row, event }: FoundTransaction): Promise<RecordFault | undefined> {
    const terminalId = (JSON.parse(event.payload) as Partial<TransactionRecordedPayload>).transaction?.terminalId ?? '';
    // The event with its neighbours, in one read: what chainFault reads them for.
    const slice = await this.store.chainSlice(terminalId, event.seq - 1, event.seq + 1, row.storeId);
    const whole = slice.find((e) => e.seq === event.seq);
    if (!whole || whole.id !== event.id || whole.hash !== event.hash || whole.payload !== event.payload) {
      return { problem: 'edited', terminalId, seq: event.seq, eventId: event.id, detail: `the record of ${row.id} is not event ${event.seq} of chain ${terminalId} as found` };
    }
    return chainFault({ chainSlice: async () => slice }, whole, this.shared.checked);
  }

  /**
   * Journals one captured print job at the end of its source's chain (capture:SOURCE) with
   * its search-index row, in one write. Idempotent by id: a job already on record is not
   * appended again. Refuses a malformed job or one holding a full card number.
   */
  async appendCapture(input: unknown): Promise<CaptureOutcome> {
    const payload = checkCapturePayload(input);
    const chain = captureChain(payload.source);
    const text = canonicalJson(payload);
    return this.store.write(async (writer) => {
      if (await writer.captureById(payload.id)) return { id: payload.id, created: false, chain };
      const event = await this.appendEncodedEvent(writer, chain, EventTypes.captureRecorded, text, new Map());
      await writer.insertCapture(captureRow(payload, event.id));
      return { id: payload.id, created: true, chain, seq: event.seq };
    });
  }

  /** A captured job as journaled, after its event is rechecked against its chain (RECORD_ALTERED otherwise). */
  async getCapture(id: string): Promise<JournaledCapture> {
    const trimmed = id.trim();
    const scope = await this.readScope(undefined);
    let found = isCaptureId(trimmed) ? await this.reads.getCapture(trimmed, scope) : undefined;
    // As get(): one not yet on the replica is read from the primary.
    if (!found && isCaptureId(trimmed) && this.reads !== this.store) found = await this.store.getCapture(trimmed, scope);
    if (!found || found.event.payload === undefined) {
      throw new NotFoundError('CAPTURE_NOT_FOUND', `no captured receipt ${id} on record`, { hint: 'look it up with `reissue find` (by time and amount, or --text)', context: { id } });
    }
    const event = found.event as EventRow;
    const chained = await chainFault(this.store, event, this.shared.checked);
    if (chained) await this.refuseAltered(trimmed, found.row.storeId, chained);
    // The index row must be this event's: as get() checks a sale's.
    const indexed = captureIndexFault(event, found.row);
    if (indexed.fault) return this.refuseAltered(trimmed, found.row.storeId, indexed.fault);
    const storeId = found.row.storeId === '' ? ((await this.storeIdentity()) ?? '') : found.row.storeId;
    return { id: trimmed, storeId, capture: indexed.payload, chain: event.terminalId, eventId: event.id, seq: event.seq, recordedAt: event.recordedAt, hash: event.hash };
  }

  /**
   * Sales and captured receipts together, newest first by the time each happened (a
   * capture's printed time when recognised, else its capture time): one search model for
   * `find`, the API and the web page. Filters only sales have (kind, merchant no.) leave the
   * captures out; filters only captures have (words, source) leave the sales out.
   */
  async findReceipts(query: SearchQuery): Promise<ReceiptPage> {
    const checked = checkSearchQuery(query);
    const storeIds = await this.readScope(checked.storeIds);
    const scoped = { ...checked, ...(storeIds === undefined ? {} : { storeIds }), limit: checked.limit + 1 };
    const sales = checked.origin !== 'capture' && checked.words === undefined && checked.source === undefined;
    const captures = checked.origin !== 'sale' && checked.kind === undefined && checked.merchantId === undefined;
    const [saleRows, captureRows] = await Promise.all([sales ? this.reads.search(scoped) : [], captures ? this.reads.searchCaptures(scoped) : []]);
    const own = saleRows.some((r) => r.row.storeId === '') || captureRows.some((r) => r.row.storeId === '') ? await this.storeIdentity() : undefined;
    const merged: { at: number; eventId: number; item: () => ReceiptListing }[] = [
      ...saleRows.map((s) => ({ at: s.row.occurredAt, eventId: s.row.eventId, item: (): ReceiptListing => ({ origin: 'sale', ...toJournaled(s, own) }) })),
      ...captureRows.map((c) => ({ at: c.row.occurredAt, eventId: c.row.eventId, item: (): ReceiptListing => captureListing(c, own) })),
    ].sort((a, b) => b.at - a.at || b.eventId - a.eventId);
    const page = merged.slice(0, checked.limit);
    const last = merged.length > checked.limit ? page.at(-1) : undefined;
    return { items: page.map((m) => m.item()), next: last ? encodeCursor({ occurredAt: last.at, eventId: last.eventId }) : undefined };
  }

  /** The same search as find, as list lines read from the index alone (see TransactionSummary). */
  async list(query: SearchQuery): Promise<SummaryPage> {
    const checked = checkSearchQuery(query);
    const storeIds = await this.readScope(checked.storeIds);
    const rows = await this.reads.searchIndex({ ...checked, ...(storeIds === undefined ? {} : { storeIds }), limit: checked.limit + 1 });
    const own = rows.some((r) => r.storeId === '') ? await this.storeIdentity() : undefined;
    const last = rows.length > checked.limit ? rows[checked.limit - 1] : undefined;
    return { items: rows.slice(0, checked.limit).map((r) => toSummary(r, own)), next: last ? encodeCursor({ occurredAt: last.occurredAt, eventId: last.eventId }) : undefined };
  }

  /**
   * The records that point at each of these transactions — voids, refunds, completions —
   * oldest first; one query for a page of ids (a result page is at most 500). At head office
   * they may be of several stores: each carries its storeId.
   */
  async dependentsOf(ids: readonly string[]): Promise<Map<string, JournaledTransaction[]>> {
    const out = new Map<string, JournaledTransaction[]>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += DEPENDENTS_PAGE) {
      for (const stored of await this.reads.dependentsOf(unique.slice(i, i + DEPENDENTS_PAGE))) {
        const dependent = await this.journaled(stored);
        const original = stored.row.originalId;
        if (original === null) continue;
        const list = out.get(original);
        if (list) list.push(dependent);
        else out.set(original, [dependent]);
      }
    }
    return out;
  }

  /**
   * What voids and refunds did to each of these sales; a sale nothing undid has no entry. The
   * store is asked about the sales a search did not already find untouched (see Shared.notUndone).
   */
  async statusesOf(items: readonly JournaledTransaction[]): Promise<Map<string, SaleStatus>> {
    const asked = items.filter((i) => (i.transaction.kind === 'sale' || i.transaction.kind === 'auth-complete') && !this.shared.notUndone.has(i));
    const out = new Map<string, SaleStatus>();
    if (asked.length === 0) return out;
    const dependents = await this.dependentsOf(asked.map((i) => i.id));
    for (const item of items) {
      // A void or refund undoes a sale of its own store only (head office holds the same ids from several shops).
      const status = saleStatus(item.transaction, (dependents.get(item.id) ?? []).filter((d) => d.storeId === item.storeId));
      if (status) out.set(item.id, status);
    }
    return out;
  }

  /**
   * What voids and refunds did to one sale, or undefined: for a sale about to be rendered or
   * vouched for (a duplicate's mark, a preview, an e-receipt, a check). Each record that undid
   * it is checked against its chain first, as get() checks the sale (RECORD_ALTERED, journaled
   * as integrity.alert): a mark is never read from an altered record.
   */
  async statusOf(item: JournaledTransaction): Promise<SaleStatus | undefined> {
    if ((item.transaction.kind !== 'sale' && item.transaction.kind !== 'auth-complete') || this.shared.notUndone.has(item)) return undefined;
    const dependents: JournaledTransaction[] = [];
    // By both indexes: a void that one of them no longer names is found, and its row's check below says the index was edited.
    for (const stored of await this.reads.dependentsOfEither(item.id)) {
      const dependent = await this.journaled(stored);
      // A void or refund undoes a sale of its own store only (head office holds the same ids from several shops).
      if (dependent.storeId !== item.storeId) continue;
      const fault = await recordFault(this.store, stored, this.shared.checked);
      if (fault) await this.refuseAltered(stored.row.id, stored.row.storeId, fault);
      // Its own event must name this sale: a sale key pointed here by hand would mark a paid sale voided.
      if (dependent.originalId !== item.id) {
        const { event } = stored;
        await this.refuseAltered(stored.row.id, stored.row.storeId, { terminalId: event.terminalId, seq: event.seq, eventId: event.id, problem: 'index-mismatch', detail: `the sale keys list ${stored.row.id} as undoing ${item.id}, but it records ${String(dependent.originalId)}` });
      }
      dependents.push(dependent);
    }
    return saleStatus(item.transaction, dependents);
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.options.replica?.close();
    await this.options.captureBytesCheck?.close();
  }

  private async journaled(found: StoredTransaction): Promise<JournaledTransaction> {
    return toJournaled(found, found.row.storeId === '' ? await this.storeIdentity() : undefined);
  }
}

function recordAltered(id: string, fault: RecordFault): IntegrityError {
  return new IntegrityError('RECORD_ALTERED', `${id} does not match its journal chain (chain ${fault.terminalId} event ${fault.seq}: ${fault.problem}): it is not printed, shown or called genuine`, {
    hint: 'run `reissue verify`, restore from a backup that verifies, and find out who had access to the database',
    context: { id, terminalId: fault.terminalId, seq: fault.seq, problem: fault.problem, detail: fault.detail },
  });
}

/** JournalWriter.checkRecord: the sale and its neighbours read in the write, from the database it writes to. */
async function recheckInWrite(writer: StoreWriter, sale: Pick<JournaledTransaction, 'id' | 'seq' | 'hash' | 'transaction'>, checked: CheckedEvents): Promise<void> {
  const terminalId = sale.transaction.terminalId;
  const row = await writer.transactionById(sale.id);
  const slice = await writer.chainRange('', terminalId, sale.seq - 1, sale.seq + 1);
  const event = slice.find((e) => e.seq === sale.seq);
  const fault: RecordFault | undefined =
    !row || !event || event.hash !== sale.hash || row.eventId !== event.id
      ? { problem: 'edited', terminalId, seq: sale.seq, detail: `event ${sale.seq} of chain ${terminalId} is no longer the record of ${sale.id} that was read a moment ago` }
      : await recordFault({ chainSlice: async () => slice }, { row, event }, checked);
  if (fault) throw recordAltered(sale.id, fault);
}

function toSummary(row: TransactionRow, ownStore: string | undefined): TransactionSummary {
  return {
    id: row.id,
    storeId: row.storeId === '' ? (ownStore ?? '') : row.storeId,
    kind: row.kind,
    terminalId: row.terminalId,
    batchNo: row.batchNo,
    voucherNo: row.voucherNo,
    ...(row.referenceNo === null ? {} : { referenceNo: row.referenceNo }),
    ...(row.cardLast4 === null ? {} : { cardLast4: row.cardLast4 }),
    operatorId: row.operatorId,
    merchantId: row.merchantId,
    amount: formatMoney({ minor: row.amountMinor, currency: row.currency }),
    currency: row.currency,
    occurredAt: new Date(row.occurredAt).toISOString(),
    ...(row.originalId === null ? {} : { originalId: row.originalId }),
    eventId: row.eventId,
  };
}

/** Ids asked of the store at once: within every engine's limit on bound parameters. */
const DEPENDENTS_PAGE = 500;

function toJournaled({ row, event }: Pick<FoundTransaction, 'row' | 'event'>, ownStore: string | undefined): JournaledTransaction {
  const payload = JSON.parse(event.payload) as TransactionRecordedPayload;
  return {
    id: row.id,
    storeId: row.storeId === '' ? (ownStore ?? '') : row.storeId,
    transaction: payload.transaction,
    originalId: payload.originalId,
    ...(payload.recordedBy ? { recordedBy: payload.recordedBy } : {}),
    eventId: event.id,
    seq: event.seq,
    recordedAt: event.recordedAt,
    hash: event.hash,
  };
}
