import type { ReplicaEvent } from '../journal/index.js';
import type { HeadsAnswer, PushAnswer } from './sync-protocol.js';

/**
 * How a shop reaches head office (the port; HttpHeadOfficeLink is its adapter). Failures
 * to reach it are UNAVAILABLE (tried again later); head office's refusals arrive as the
 * domain errors it raised (CHAIN_*, SHOP_TOKEN_INVALID, …) with their context.
 */
export interface HeadOfficeLink {
  /** Where head office is, for messages (no token). */
  readonly location: string;
  heads(): Promise<HeadsAnswer>;
  push(chain: string, events: readonly ReplicaEvent[]): Promise<PushAnswer>;
  events(chain: string, afterSeq: number, limit: number): Promise<ReplicaEvent[]>;
}
