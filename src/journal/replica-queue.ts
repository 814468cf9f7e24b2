import { EventTypes, type CaptureRecordedPayload } from './events.js';
import { checkBatch, editedEvents, replicateGroup, type CaptureBytesCheck, type CardInCaptureBytes, type CheckedBatch, type GroupOutcome, type ReplicaEvent, type ReplicaTimes, type ReplicateResult } from './replicate.js';
import type { JournalStore } from './store.js';

interface Waiting {
  batch: CheckedBatch;
  key: string;
  resolve: (result: ReplicateResult) => void;
  reject: (error: unknown) => void;
}

export interface ReplicaQueueOptions {
  /** Events one write takes at most (several chains' batches together). */
  maxEvents?: number;
  /**
   * Writes in flight at most (default 2). A second write starts only when at least
   * `overlapEvents` events wait (default 2,000): small batches from many shops then wait for
   * the write under way and make one large group (with 20 shops pushing backlogs of ~36-event
   * batches: about 19 batches a commit against 4-6 with two in flight, and 127 against
   * 150-175 µs of CPU per event on 2 cores), while large ones (a new shop's history, the
   * bench's build) keep a second database connection busy.
   */
  inFlight?: number;
  overlapEvents?: number;
  /** Refuses a captured job whose bytes print a full card number (see CardInCaptureBytes). */
  cardInCapture?: CardInCaptureBytes;
  /** The same, asked off this thread before a batch of captured jobs is checked; cardInCapture answers what it was not asked. */
  captureCheck?: CaptureBytesCheck;
  /** The times taken in events now (see ReplicaTimes), asked as each batch arrives; without it any time is taken. */
  times?: () => ReplicaTimes;
}

const key = (b: CheckedBatch) => `${b.storeId}\u001f${b.chain}`;

/**
 * Head office's ingest with group commit: batches of shops' chains that arrive while a write
 * is under way are stored together in the next write — one transaction, one statement a
 * table, one commit (fsync) for all of them — instead of one each. A batch is checked
 * (hashes, index rows) as it arrives, before it waits. Each batch is still answered on its
 * own: a refused one (ChainRefusedError) leaves the others of its group stored, and when a
 * group's write fails for another reason each of its batches is written again alone, so one
 * bad batch costs no other shop its batch. At most one batch a chain goes in a group.
 */
export class ReplicaQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  /** Chains with a batch in a write now: their next batch waits for it, so it links to its head. */
  private readonly busy = new Set<string>();
  private readonly maxEvents: number;
  private readonly inFlight: number;
  private readonly overlapEvents: number;
  private readonly cardInCapture: CardInCaptureBytes | undefined;
  private readonly captureCheck: CaptureBytesCheck | undefined;
  private readonly times: (() => ReplicaTimes) | undefined;
  /** Chains whose batch waits for its captures' check: the next batch of the chain queues behind it, in the order they came. */
  private readonly arriving = new Map<string, Promise<void>>();

  constructor(
    private readonly store: JournalStore,
    options: ReplicaQueueOptions = {},
  ) {
    this.cardInCapture = options.cardInCapture;
    this.captureCheck = options.captureCheck;
    this.times = options.times;
    this.maxEvents = options.maxEvents ?? 5_000;
    this.inFlight = options.inFlight ?? 2;
    this.overlapEvents = options.overlapEvents ?? 2_000;
  }

  /** Stores one batch of a shop's chain (see replicate): resolves once it is committed, or rejects with its refusal. */
  replicate(storeId: string, chain: string, events: readonly ReplicaEvent[]): Promise<ReplicateResult> {
    const chainKey = `${storeId}\u001f${chain}`;
    const before = this.arriving.get(chainKey);
    const captures = this.captureCheck ? capturesIn(events) : [];
    if (!before && captures.length === 0) return this.enqueue(storeId, chain, events, this.cardInCapture);
    // A batch with an event whose hash does not recompute is refused as edited whatever its captures hold: their bytes are not read.
    const edited = editedEvents(storeId, chain, events);
    const answered = captures.length > 0 && this.captureCheck && !edited.includes(true) ? this.captureCheck.holdCard(captures.map((c) => c.capture), storeId) : Promise.resolve([]);
    // Checked once the answers are in, and queued after the chain's batch before it.
    const queued = Promise.all([answered, before]).then(([answers]) => ({ committed: this.enqueue(storeId, chain, events, answeredCheck(captures, answers, this.cardInCapture), edited) }));
    const settled = queued.then(
      () => undefined,
      () => undefined,
    );
    this.arriving.set(chainKey, settled);
    void settled.then(() => {
      if (this.arriving.get(chainKey) === settled) this.arriving.delete(chainKey);
    });
    return queued.then((q) => q.committed);
  }

  private enqueue(storeId: string, chain: string, events: readonly ReplicaEvent[], cardInCapture: CardInCaptureBytes | undefined, edited?: boolean[]): Promise<ReplicateResult> {
    let batch: CheckedBatch;
    try {
      batch = checkBatch(storeId, chain, events, storeId, cardInCapture, edited, this.times?.());
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, key: key(batch), resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.inFlight && this.waiting.length > 0) {
      if (this.running > 0 && this.waiting.reduce((n, w) => n + w.batch.events.length, 0) < this.overlapEvents) return;
      const group = this.take();
      if (group.length === 0) return;
      this.running++;
      void this.write(group).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  /** The oldest waiting batches, at most one a chain (a chain's next batch links to what this group stores) and about maxEvents in all. */
  private take(): Waiting[] {
    const group: Waiting[] = [];
    const chains = new Set<string>();
    let events = 0;
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i] as Waiting;
      if (chains.has(w.key) || this.busy.has(w.key) || (group.length > 0 && events + w.batch.events.length > this.maxEvents)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      group.push(w);
      chains.add(w.key);
      events += w.batch.events.length;
    }
    return group;
  }

  private async write(group: readonly Waiting[]): Promise<void> {
    for (const w of group) this.busy.add(w.key);
    try {
      let outcomes: GroupOutcome[];
      try {
        outcomes = await this.store.write((writer) => replicateGroup(writer, group.map((w) => w.batch)));
      } catch (error) {
        if (group.length === 1) {
          group[0]?.reject(error);
          return;
        }
        // Which batch failed the write is not known: each goes again on its own.
        await Promise.all(group.map((w) => this.alone(w)));
        return;
      }
      outcomes.forEach((o, i) => settle(group[i] as Waiting, o));
    } finally {
      for (const w of group) this.busy.delete(w.key);
    }
  }

  private async alone(w: Waiting): Promise<void> {
    try {
      const [outcome] = await this.store.write((writer) => replicateGroup(writer, [w.batch]));
      settle(w, outcome as GroupOutcome);
    } catch (error) {
      w.reject(error);
    }
  }
}

/** The captured jobs of a batch with their places in it, as checkContent will read them (one that does not parse it refuses). */
function capturesIn(events: readonly ReplicaEvent[]): { at: number; capture: CaptureRecordedPayload }[] {
  const captures: { at: number; capture: CaptureRecordedPayload }[] = [];
  for (const [at, e] of events.entries()) {
    if (e.type !== EventTypes.captureRecorded) continue;
    try {
      const payload = JSON.parse(e.payload) as Partial<CaptureRecordedPayload> | null;
      if (payload && typeof payload.bytes === 'string' && payload.bytes.length > 0) captures.push({ at, capture: payload as CaptureRecordedPayload });
    } catch {
      // Refused by checkBatch as unreadable.
    }
  }
  return captures;
}

/**
 * CardInCaptureBytes from the answers given for `captures`, each event by its place in the
 * batch (the same bytes read with another code page or paper can print another number);
 * `otherwise` answers the events that were not asked.
 */
function answeredCheck(captures: readonly { at: number }[], answers: readonly (boolean | undefined)[], otherwise: CardInCaptureBytes | undefined): CardInCaptureBytes | undefined {
  if (captures.length === 0) return otherwise;
  const known = new Map(captures.map((c, i) => [c.at, answers[i]]));
  return (capture, at) => {
    if (at === undefined || !known.has(at)) return otherwise?.(capture, at) ?? false;
    const holds = known.get(at);
    // Not read (the check threw on these bytes): checkContent refuses the event as unreadable.
    if (holds === undefined) throw new Error('the capture bytes could not be read');
    return holds;
  };
}

function settle(w: Waiting, outcome: GroupOutcome): void {
  if (outcome.ok) w.resolve(outcome.result);
  else w.reject(outcome.error);
}
