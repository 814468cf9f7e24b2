import type { ReplicaEvent } from '../journal/index.js';
import type { ShopSettings } from './sealed-settings.js';
import type { HeadsAnswer, PushAnswer } from './sync-protocol.js';

/**
 * How a shop reaches head office (the port; HttpHeadOfficeLink is its adapter). Failures
 * to reach it are UNAVAILABLE (tried again later); head office's refusals arrive as the
 * domain errors it raised (CHAIN_*, SHOP_TOKEN_INVALID, …) with their context.
 */
export interface HeadOfficeLink {
  /** Where head office is, for messages (no token). */
  readonly location: string;
  /** The shop the token names: head office's answers must be about it. */
  readonly storeId?: string;
  heads(): Promise<HeadsAnswer>;
  push(chain: string, events: readonly ReplicaEvent[]): Promise<PushAnswer>;
  events(chain: string, afterSeq: number, limit: number): Promise<ReplicaEvent[]>;
  /** Has head office keep the shop's settings, sealed with the token (sealed-settings.ts): it cannot read them. */
  putSettings(settings: ShopSettings): Promise<void>;
  /** The settings head office keeps for the shop, opened; undefined when it keeps none. */
  settings(): Promise<ShopSettings | undefined>;
  /** Names `settings` as this link seals them: it changes with the settings and with the token. */
  settingsDigest(settings: ShopSettings): string;
}
