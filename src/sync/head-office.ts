import { timingSafeEqual } from 'node:crypto';
import { ConflictError, InputError, NotFoundError, ReissueError, assertSafeInput } from '../core/index.js';
import { ChainRefusedError, parseStoreId, sha256Hex, type EventRow, type Journal, type ReplicaEvent, type ReplicateResult } from '../journal/index.js';
import { Gathered } from './gathered.js';
import type { Shop, ShopRecord, ShopRegistry } from './shop-registry.js';
import { TOKEN_PREFIX, pageOfEvents, type ChainHeadView, type HeadsAnswer, type SettingsAnswer } from './sync-protocol.js';

export interface HeadOfficeOptions {
  journal: Journal;
  shops: ShopRegistry;
  /** Epoch ms. */
  clock: () => number;
  random: (size: number) => Uint8Array;
}

/** The audit event head office journals when a shop's events are refused. */
export const INTEGRITY_ALERT = 'integrity.alert';
/** The audit event head office journals when a shop's token reads its events back (a restore). */
export const EVENTS_READ = 'sync.events-read';
/** … and when it reads back its sealed settings (a restore), or sends new ones. */
export const SETTINGS_READ = 'sync.settings-read';
export const SETTINGS_KEPT = 'sync.settings-kept';

const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/**
 * Head office's side of a chain of shops: the register of shops and their tokens, and the
 * one door through which a shop's events come in (each checked against the chain held
 * here) and go back out (restore). A token can push and read its own shop only.
 */
export class HeadOffice {
  /**
   * Shops' look-ups for their tokens: the requests that come while one is under way go in
   * the next, one query for many shops' pushes (each still read after its request came).
   */
  private readonly lookups: Gathered<string, ShopRecord | undefined>;
  /**
   * When shops pushed: pushes that come while a write of them is under way go together in
   * the next one — one commit for many shops' batches, as their events went in (group
   * commit), instead of one more commit a batch.
   */
  private readonly lastPushes: Gathered<{ id: string; at: number }, void>;

  constructor(private readonly options: HeadOfficeOptions) {
    this.lookups = new Gathered(async (ids) => {
      const found = new Map((await options.shops.getMany([...new Set(ids)])).map((s) => [s.id, s]));
      return ids.map((id) => found.get(id));
    });
    this.lastPushes = new Gathered(async (pushes) => {
      const latest = new Map<string, number>();
      for (const { id, at } of pushes) latest.set(id, Math.max(at, latest.get(id) ?? at));
      await options.shops.pushed([...latest].map(([id, at]) => ({ id, at })));
      return [];
    });
  }

  /** Registers a shop and makes its token, which is shown once and kept only hashed. */
  async addShop(idText: string, nameText: string): Promise<{ shop: Shop; token: string }> {
    const id = parseStoreId(idText);
    const name = nameText.trim();
    if (name === '' || name.length > 100) {
      throw new InputError('BAD_SHOP_NAME', 'a shop needs a name of 1–100 characters', { hint: 'give the name people know it by, e.g. --name "浦东店"', context: { length: name.length } });
    }
    const secret = toBase64Url(this.options.random(32));
    const shop: Shop = { id, name, addedAt: this.options.clock(), revokedAt: null, lastPushAt: null };
    if (!(await this.options.shops.insert({ ...shop, tokenHash: sha256Hex(secret) }))) {
      throw new ConflictError('SHOP_EXISTS', `shop ${id} is registered already`, { hint: 'a shop is added once; revoke it and add it under a new id to give it a new token', context: { storeId: id } });
    }
    await this.options.journal.appendAudit('shop.added', { storeId: id, name, at: new Date(shop.addedAt).toISOString() });
    return { shop, token: `${TOKEN_PREFIX}${id}.${secret}` };
  }

  listShops(): Promise<Shop[]> {
    return this.options.shops.list();
  }

  async revokeShop(idText: string): Promise<void> {
    const id = parseStoreId(idText);
    const at = this.options.clock();
    if (!(await this.options.shops.revoke(id, at))) {
      throw new NotFoundError('SHOP_NOT_FOUND', `no shop ${id} is registered`, { hint: 'list the shops with `reissue hq store list`', context: { storeId: id } });
    }
    await this.options.journal.appendAudit('shop.revoked', { storeId: id, at: new Date(at).toISOString() });
  }

  /** The shop a token belongs to; SHOP_TOKEN_INVALID (401) for any token that is wrong, unknown or revoked, alike. */
  async authenticate(token: string | undefined): Promise<string> {
    const refuse = () => new ReissueError('unauthorized', 'SHOP_TOKEN_INVALID', 'the shop token is not valid here', { hint: 'use the token file `reissue hq store add` wrote for this shop; a revoked shop needs a new one' });
    const match = token === undefined ? null : /^rst_([A-Za-z0-9][A-Za-z0-9_-]{0,31})\.([A-Za-z0-9_-]{20,100})$/.exec(token.trim());
    if (!match) throw refuse();
    const shop = await this.lookups.add(match[1] ?? '');
    const given = Buffer.from(sha256Hex(match[2] ?? ''), 'hex');
    const held = Buffer.from(shop?.tokenHash ?? '', 'hex');
    if (!shop || shop.revokedAt !== null || held.length !== given.length || !timingSafeEqual(held, given)) throw refuse();
    return shop.id;
  }

  /** What head office holds of a shop: each chain's head, and when it last pushed. */
  async heads(storeId: string): Promise<HeadsAnswer> {
    const [heads, shop] = await Promise.all([this.options.journal.chainHeads(storeId), this.options.shops.get(storeId)]);
    return { storeId, lastPushAt: shop?.lastPushAt ?? null, chains: heads.map(headView) };
  }

  /**
   * Takes a batch of one of a shop's chains. A refusal is journaled as an integrity.alert
   * (the chain and position) before it is answered; nothing of the batch is stored.
   */
  async push(storeId: string, chain: string, events: readonly ReplicaEvent[]): Promise<ReplicateResult> {
    try {
      const result = await this.options.journal.replicate(storeId, chain, events);
      if (result.accepted > 0) await this.lastPushes.add({ id: storeId, at: this.options.clock() });
      return result;
    } catch (error) {
      if (error instanceof ChainRefusedError) {
        await this.options.journal.appendAudit(INTEGRITY_ALERT, { code: error.code, storeId, chain, seq: error.position.seq, heldSeq: error.position.held.seq, at: new Date(this.options.clock()).toISOString() });
      }
      throw error;
    }
  }

  /**
   * A shop's events of one chain after a position, for its restore. They hold its receipts,
   * so each read is journaled (which shop's token read what) before they are handed out.
   */
  /** Keeps the shop's settings, sealed by the shop (head office cannot open them), in place of what it sent before. */
  async keepSettings(storeId: string, sealed: string): Promise<{ storedAt: number }> {
    // Sealed text is random base64url, in which no card number lines up by chance: a shop's token is no licence to keep one here.
    assertSafeInput(sealed, { path: 'sealed', saleIds: 'never', outcome: 'nothing was kept' });
    const storedAt = this.options.clock();
    await this.options.shops.keepSettings(storeId, sealed, storedAt);
    await this.options.journal.appendAudit(SETTINGS_KEPT, { storeId, bytes: sealed.length, at: new Date(storedAt).toISOString() });
    return { storedAt };
  }

  /** The shop's sealed settings for its restore, the read journaled like its events'. */
  async settingsOf(storeId: string): Promise<SettingsAnswer> {
    const kept = await this.options.shops.settings(storeId);
    await this.options.journal.appendAudit(SETTINGS_READ, { storeId, held: kept !== undefined, at: new Date(this.options.clock()).toISOString() });
    return { sealed: kept?.sealed ?? null, storedAt: kept?.storedAt ?? null };
  }

  /** A page of the shop's chain after a position: as asked, and within MAX_BATCH_BYTES (the restore asks again from where it ends). */
  async eventsAfter(storeId: string, chain: string, afterSeq: number, limit: number): Promise<ReplicaEvent[]> {
    const events = pageOfEvents(await this.options.journal.eventsAfter(storeId, chain, afterSeq, limit));
    await this.options.journal.appendAudit(EVENTS_READ, { storeId, chain, after: afterSeq, events: events.length, at: new Date(this.options.clock()).toISOString() });
    return events;
  }
}

const headView = (e: EventRow): ChainHeadView => ({ chain: e.terminalId, seq: e.seq, hash: e.hash });
