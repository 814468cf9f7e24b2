import { ConfigError, ConflictError, ReissueError } from '../core/index.js';
import type { Journal } from '../journal/index.js';
import type { HeadOfficeLink } from './head-office-link.js';
import type { ShopSettings } from './sealed-settings.js';
import { MAX_BATCH_EVENTS, pageOfEvents, type ChainHeadView } from './sync-protocol.js';

/** Meta key of what head office last acknowledged, chain by chain (for the lag, without asking it). */
export const SYNC_STATE_KEY = 'sync.state';

export interface SyncState {
  /** Head office's position in each chain, as last acknowledged. */
  acked: Record<string, number>;
  /** Epoch ms of the last round that reached head office and finished. */
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** The code of the last failure, if the last round failed; the codes of its chains' refusals (LAST_ERROR_SEPARATOR between) when some chains were refused and the others sent. */
  lastError: string | null;
  /** What head office last took of the journal's settings (settingsDigest: no secret), null before it took any. */
  settingsSent: string | null;
}

export interface SyncStatus extends Omit<SyncState, 'settingsSent'> {
  storeId: string | undefined;
  /** Events in this journal head office has not acknowledged. */
  pending: number;
}

export interface RoundResult {
  /** Events head office took in this round (retries of ones it had are not counted). */
  pushed: number;
  batches: number;
  /** Whether the journal's settings went to head office (sealed) in this round: they had changed since it last took them. */
  settingsSent: boolean;
}

export interface OutboxOptions {
  journal: Journal;
  link: HeadOfficeLink;
  /** Epoch ms. */
  clock: () => number;
}

/** Between the codes of a round's refusals in `lastError`. */
export const LAST_ERROR_SEPARATOR = ',';

/**
 * This journal's chain and head office's differ from `seq` on, both holding events there: the
 * journal was restored from an older backup (or replaced) and went on recording. What it
 * recorded since exists only here, and head office keeps what it was sent before.
 */
export class ShopDivergedError extends ConflictError {
  constructor(
    chain: string,
    readonly seq: number,
    shopSeq: number,
    heldSeq: number,
  ) {
    super('SHOP_DIVERGED', `chain ${chain}: from event ${seq} on, head office holds other events (up to ${heldSeq}) than this journal (up to ${shopSeq}); this journal was restored from an older backup or replaced`, {
      hint: `keep this journal file: its events of chain ${chain} from ${seq} on are nowhere else. Rebuild the shop from head office into a new file (\`reissue restore --from URL --token-file FILE --db NEW-FILE\`) and record those sales again there`,
      context: { chain, seq, shopSeq, heldSeq },
    });
  }

  /** The last position both hold the same event at. */
  get agreedSeq(): number {
    return this.seq - 1;
  }
}

/** A refusal of one chain's events (by head office, or because this journal no longer matches it there): the round goes on with the other chains. */
function refusesOneChain(error: unknown): error is ReissueError {
  return error instanceof ReissueError && (error.kind === 'conflict' || error.kind === 'input');
}

const EMPTY: SyncState = { acked: {}, lastSuccessAt: null, lastAttemptAt: null, lastError: null, settingsSent: null };

/**
 * The shop's outbox: sends each of the journal's chains to head office in order, from the
 * position head office says it holds. Head office is asked first every round, so a round
 * after a crash, a kill -9 or a lost answer starts exactly where head office is: no gap,
 * and a batch sent twice is taken once. The shop never waits for it: rounds run beside
 * the sales, and a failed one is tried again later.
 */
export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  /** One round: everything the journal holds now that head office does not. */
  async pushOnce(): Promise<RoundResult> {
    const { journal, link } = this.options;
    const storeId = await journal.storeIdentity();
    if (storeId === undefined) {
      throw new ConfigError('STORE_ID_MISSING', 'this journal has no store id, so head office cannot file its events', { hint: 'set it once with `reissue store set-id ID` (the id head office registered with `reissue hq store add`)' });
    }
    await this.save({ lastAttemptAt: this.options.clock() });
    let refused: ReissueError | undefined;
    try {
      const remote = await link.heads();
      if (remote.storeId !== storeId) {
        throw new ConflictError('SYNC_WRONG_STORE', `the token is for store ${remote.storeId}, but this journal belongs to store ${storeId}`, {
          hint: "use this shop's own token file (from `reissue hq store add` at head office)",
          context: { storeId, tokenStore: remote.storeId },
        });
      }
      const held = new Map(remote.chains.map((c) => [c.chain, c]));
      const acked: Record<string, number> = Object.fromEntries(remote.chains.map((c) => [c.chain, c.seq]));
      let pushed = 0;
      let batches = 0;
      // A refusal is about one chain: the others (the audit trail above all) still go, and the
      // refusals are told together once the round is over.
      const refusals: ReissueError[] = [];
      for (const head of await journal.chainHeads()) {
        const chain = head.terminalId;
        try {
          let at = await this.agreedPosition(chain, head, held.get(chain));
          while (at < head.seq) {
            const batch = pageOfEvents(await journal.eventsAfter('', chain, at, MAX_BATCH_EVENTS));
            if (batch.length === 0) break;
            const answer = await link.push(chain, batch);
            pushed += answer.accepted;
            batches++;
            at = answer.head.seq;
            acked[chain] = at;
            await this.save({ acked: { ...acked } });
          }
        } catch (error) {
          if (!refusesOneChain(error)) throw error;
          if (error instanceof ShopDivergedError) acked[chain] = error.agreedSeq;
          refusals.push(error);
        }
      }
      // The settings a rebuilt shop needs back (the key its receipt codes are signed with above
      // all), sealed for head office, whenever they or the token changed since it last took them.
      const settings = { meta: await journal.carriedSettings() };
      const digest = link.settingsDigest(settings);
      const was = (await syncState(journal)).settingsSent;
      // Once an outbox, what head office holds is read back too: whoever holds the token could
      // have replaced it, and the shop's own digest would not show that.
      const stale = was !== digest || !(await this.heldMatches(digest));
      const settingsSent = stale && (await keptAtHeadOffice(() => link.putSettings(settings)));
      const settingsDigest = settingsSent ? digest : was;
      if (refusals.length === 0) {
        await this.save({ acked, lastSuccessAt: this.options.clock(), lastError: null, settingsSent: settingsDigest });
        return { pushed, batches, settingsSent };
      }
      await this.save({ acked, lastError: [...new Set(refusals.map((e) => e.code))].join(LAST_ERROR_SEPARATOR), settingsSent: settingsDigest });
      refused = refusals[0];
    } catch (error) {
      await this.save({ lastError: (error as { code?: string }).code ?? 'INTERNAL' }).catch(() => undefined);
      throw error;
    }
    // The round went through, but not for every chain: the first refusal is what the caller sees, the state names them all.
    throw refused;
  }

  /**
   * Where this journal's chain goes on from: the position head office holds, once the shop's
   * own event there is the very event head office holds. A journal restored from an older
   * backup, or replaced, goes on selling over positions head office already holds other
   * events at; counting alone would call those sales sent while they exist only here.
   */
  private async agreedPosition(chain: string, head: { seq: number; hash: string }, remote: ChainHeadView | undefined): Promise<number> {
    if (remote === undefined || remote.seq === 0) return 0;
    const { journal, link } = this.options;
    const ours = async (seq: number) => (seq === head.seq ? head.hash : (await journal.eventsAfter('', chain, seq - 1, 1))[0]?.hash);
    const theirs = async (seq: number) => (seq === remote.seq ? remote.hash : (await link.events(chain, seq - 1, 1))[0]?.hash);
    // The last position both chains hold an event at: the same event there means the same chain up to it.
    const shared = Math.min(head.seq, remote.seq);
    if ((await ours(shared)) === (await theirs(shared))) {
      if (head.seq < remote.seq) {
        throw new ConflictError('SHOP_BEHIND_HEAD_OFFICE', `head office holds chain ${chain} up to event ${remote.seq}, but this journal only up to ${head.seq}`, {
          hint: 'this journal is older than what head office has (an old backup?): rebuild it with `reissue restore --from URL --token-file FILE`',
          context: { chain, seq: head.seq, heldSeq: remote.seq },
        });
      }
      return remote.seq;
    }
    // Each event's hash covers the one before it, so the chains agree up to some position and differ from
    // the next one on: found by halving, a few questions to head office however long the chain.
    let agreed = 0;
    let differs = shared;
    while (differs - agreed > 1) {
      const mid = Math.floor((agreed + differs) / 2);
      if ((await ours(mid)) === (await theirs(mid))) agreed = mid;
      else differs = mid;
    }
    throw new ShopDivergedError(chain, differs, head.seq, remote.seq);
  }

  private heldChecked = false;

  /** Whether head office holds the settings this digest names; asked once an outbox (a process), after that taken as sent. */
  private async heldMatches(digest: string): Promise<boolean> {
    if (this.heldChecked) return true;
    const { link } = this.options;
    let held: ShopSettings | undefined;
    try {
      held = await link.settings();
    } catch (error) {
      if (!(error instanceof ReissueError) || (error.code !== 'SEALED_SETTINGS_UNREADABLE' && error.code !== 'ROUTE_NOT_FOUND')) throw error;
    }
    this.heldChecked = true;
    return held !== undefined && link.settingsDigest(held) === digest;
  }

  private async save(change: Partial<SyncState>): Promise<void> {
    await this.options.journal.setMeta(SYNC_STATE_KEY, JSON.stringify({ ...(await syncState(this.options.journal)), ...change }));
  }
}

/** Sends the settings; false when head office has no door for them (ROUTE_NOT_FOUND: a build before them), which the shop asks again next round. */
async function keptAtHeadOffice(send: () => Promise<void>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof ReissueError && error.code === 'ROUTE_NOT_FOUND') return false;
    throw error;
  }
}

async function syncState(journal: Journal): Promise<SyncState> {
  const text = await journal.meta(SYNC_STATE_KEY);
  return text === undefined ? { ...EMPTY } : { ...EMPTY, ...(JSON.parse(text) as Partial<SyncState>) };
}

/** How far head office is behind this journal, from what it last acknowledged (no network). */
export async function syncStatus(journal: Journal): Promise<SyncStatus> {
  const { settingsSent: _digest, ...state } = await syncState(journal);
  const heads = await journal.chainHeads();
  const pending = heads.reduce((sum, h) => sum + Math.max(0, h.seq - (state.acked[h.terminalId] ?? 0)), 0);
  return { ...state, storeId: await journal.storeIdentity(), pending };
}

export interface SyncLoopOptions {
  /** Pause between rounds when all went well (ms). */
  everyMs: number;
  /** First pause after a failure, doubled each time up to maxDelayMs, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 0 ≤ x < 1. */
  random: () => number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  onRound?: (result: RoundResult) => void;
  onError?: (error: unknown, retryInMs: number) => void;
}

/** The delay before try number `failures` (1-based): exponential, capped, with "equal jitter" so shops do not retry in step. */
export function backoffMs(failures: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(failures - 1, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Rounds until `signal` aborts: in `start`, `demo` and `sync` without --once. Never throws; failures are reported and retried. */
export async function runSyncLoop(outbox: Outbox, signal: AbortSignal, options: SyncLoopOptions): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    let wait = options.everyMs;
    try {
      const result = await outbox.pushOnce();
      failures = 0;
      options.onRound?.(result);
    } catch (error) {
      failures++;
      wait = backoffMs(failures, options.baseDelayMs ?? 1000, options.maxDelayMs ?? 60_000, options.random);
      options.onError?.(error, wait);
    }
    if (signal.aborted) return;
    await options.sleep(wait, signal);
  }
}
